"""The count table (directives.counts) equals the live count after any sequence of writes, for any date."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.directives import counts, editing, queries, rules
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, StatusCount, Task
from dondoc.lib import calendar as cal
from dondoc.monitoring import queries as monitoring
from dondoc.submissions import services as submissions
from dondoc.submissions.models import Submission, SubmissionState
from dondoc.tests import factory
from dondoc.units import changes, importing
from dondoc.units.models import RegistryChange, Unit, UnitKind

D = dt.date
START = D(2021, 8, 1)
days = st.integers(min_value=0, max_value=200)


def _at(offset: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(START + dt.timedelta(days=offset), dt.time(10)))


def _live(task_ids: list[int], day: dt.date) -> dict[int, dict[str, int]]:
    """The status counts from the rows themselves, one row at a time through the Python rule."""
    result = {pk: dict.fromkeys(rules.STATUSES, 0) for pk in task_ids}
    for a in Assignment.objects.filter(task_id__in=task_ids):
        if a.is_active_on(day):
            result[a.task_id][a.status_on(day)] += 1
    return result


def _live_by_parent(task_id: int, day: dt.date) -> dict[int, dict[str, int]]:
    """The task's counts per parent unit (its id, 0 for none) from the rows themselves, through the Python rule."""
    result: dict[int, dict[str, int]] = {}
    for a in Assignment.objects.filter(task_id=task_id).select_related("unit"):
        if a.is_active_on(day):
            result.setdefault(a.unit.parent_id or 0, dict.fromkeys(rules.STATUSES, 0))[a.status_on(day)] += 1
    return result


def _table_by_parent(task_id: int, day: dt.date) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = {}
    for parent, status, n in counts.group_counts(task_id, day, "parent"):
        result.setdefault(parent, dict.fromkeys(rules.STATUSES, 0))[status] += n
    return result


def _registry_row(unit: Unit, parent: Unit, province: str) -> list[str]:
    return [unit.code, unit.name, unit.short_name, unit.kind, parent.code, province,
            f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "", f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else ""]


operations = st.lists(st.tuples(
    st.sampled_from(["task", "submit", "accept", "return", "deadline", "leads", "merge", "save", "province",
                     "withdraw", "delete", "parent", "import", "reorganise"]),
    st.integers(min_value=0, max_value=1000), days), min_size=1, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=operations, probes=st.lists(days, min_size=1, max_size=4))
def test_the_count_table_equals_the_live_count(ops, probes, registry, program, monitor):
    """Random writes through the services (tasks given, submissions sent, accepted and returned, deadlines
    moved, lead units changed, units merged, rows saved, units moved to another province, tasks withdrawn,
    units moved to another parent by a registry change, by an import of the registry (two at once, in one bulk
    update) and by the merger of their parent), then the counts of every status as of random days: the table
    and the live rows agree, as a whole, per kind and province and per parent."""
    document = program["document"]
    stamp = Unit.objects.count()
    extra = [factory.unit(f"cd-x{i}-{stamp}", f"Công đoàn ngành {i}", UnitKind.SECTOR_UNION,
                          registry["centre"]) for i in range(3)]
    leads = [registry["tg"], registry["toc"], registry["hanoi"], registry["danang"], *extra, registry["hanoi_upper"]]
    # The parents units move to: never moved themselves, so that no move makes a cycle.
    pool = [registry["centre"], registry["giaoduc"],
            *[factory.unit(f"ctcs-p{i}-{stamp}", f"Công đoàn cấp trên cơ sở {i}", UnitKind.UPPER_GRASSROOTS,
                           registry["centre"]) for i in range(2)]]
    for op, pick, offset in ops:
        # Registry changes in date order (a change cannot come into force before an earlier one's date), the
        # database being kept from one example to the next.
        effective = START + dt.timedelta(days=1 + RegistryChange.objects.count())
        tasks = list(Task.objects.filter(document=document))
        rows = list(Assignment.objects.filter(task__document=document).order_by("pk"))
        try:
            if op == "task":
                chosen = [leads[(pick + k) % len(leads)] for k in range(1 + pick % 3)]
                directives.task_create(document=document, title=f"Nhiệm vụ {pick}", lead_units=list(set(chosen)),
                                       assigned_on=START, deadline_kind=cal.DATE,
                                       deadline_date=START + dt.timedelta(days=offset % 120 + 10))
            elif op == "submit" and rows:
                a = rows[pick % len(rows)]
                submissions.submission_create(assignment=a, kind="completion_report", by=monitor, text="Xong",
                                              now=_at(offset))
            elif op in ("accept", "return"):
                pending = list(Submission.objects.filter(state=SubmissionState.PENDING).order_by("pk"))
                if pending:
                    s = pending[pick % len(pending)]
                    if op == "accept":
                        submissions.submission_accept(submission=s, by=monitor, now=_at(offset))
                    else:
                        submissions.submission_return(submission=s, by=monitor, comment="Sửa lại", now=_at(offset))
            elif op == "deadline" and tasks:
                t = tasks[pick % len(tasks)]
                editing.task_update(task=t, version=t.version, deadline_kind=cal.DATE,
                                    deadline_date=START + dt.timedelta(days=offset % 150))
            elif op == "leads" and tasks:
                t = tasks[pick % len(tasks)]
                editing.task_update(task=t, version=t.version,
                                    lead_units=[leads[(pick + k) % len(leads)] for k in range(1 + pick % 2)])
            elif op == "merge":
                alive = [u for u in extra if u.valid_to is None]
                if len(alive) >= 2:
                    directives.units_merge(predecessors=[alive[pick % len(alive)]],
                                           successor=alive[(pick + 1) % len(alive)],
                                           on=START + dt.timedelta(days=offset % 150 + 1))
                    for u in extra:
                        u.refresh_from_db()
            elif op == "save" and rows:
                a = rows[pick % len(rows)]
                a.due_on = None if pick % 5 == 0 else START + dt.timedelta(days=offset % 150)
                a.started_on = START + dt.timedelta(days=pick % 90) if pick % 2 else None
                a.save()
            elif op == "province":
                u = leads[pick % len(leads)]
                u.refresh_from_db()
                u.province = ["", "Hà Nội", "Huế", "Cần Thơ"][pick % 4]
                u.save(update_fields=["province"])
            elif op == "withdraw" and tasks:
                t = tasks[pick % len(tasks)]
                editing.task_update(task=t, version=t.version, withdrawn=not t.withdrawn, now=_at(offset))
            elif op == "delete" and tasks and pick % 4 == 0:
                tasks[pick % len(tasks)].delete()
            elif op == "parent":
                u, target = leads[pick % len(leads)], pool[(pick // 7) % len(pool)]
                changes.change_apply(rows=[changes.Row(line=2, action=changes.MOVE, code=u.code, parent=target.code)],
                                     effective=effective)
            elif op == "import":
                moved = {leads[pick % len(leads)].pk, leads[(pick + 1) % len(leads)].pk}
                target = pool[(pick // 7) % len(pool)]
                province = ["", "Hà Nội", "Huế"][pick % 3]  # empty: from the name, or the new parent's
                lines = [["code", "name", "short_name", "kind", "parent", "province", "valid_from", "valid_to"]]
                lines += [_registry_row(u, target, province) for u in Unit.objects.filter(pk__in=moved)]
                importing.import_units("\n".join(",".join(cells) for cells in lines).encode(), "danh-muc.csv")
            elif op == "reorganise":  # one parent merges into another: its children follow it
                alive = [u for u in pool[2:] if Unit.objects.get(pk=u.pk).valid_to is None]
                if len(alive) == 2:
                    gone, kept = alive[pick % 2], alive[(pick + 1) % 2]
                    changes.change_apply(rows=[changes.Row(line=2, action=changes.MERGE, code=gone.code,
                                                           successors=[kept.code])], effective=effective)
        except (directives.ServiceError, importing.ImportError_):
            pass
    task_ids = list(Task.objects.filter(document=document).exclude(deadline_kind="recurring")
                    .values_list("pk", flat=True))
    assert not StatusCount.objects.filter(n__lte=0).exists()  # an emptied bucket goes: no row counts nobody
    for offset in probes:
        day = START + dt.timedelta(days=offset)
        assert counts.task_counts(task_ids, day) == _live(task_ids, day), day
        assert counts.mismatches([day]) == []
        for task in Task.objects.filter(pk__in=task_ids):
            for by in ("loai", "tinh", "cap-tren"):  # the grouped page and its trend: table and live rows agree
                table_groups, table_trend = monitoring.task_overview(task, day, by)
                live_groups, live_trend = monitoring.task_overview(task, day, by, known_on=D(2100, 1, 1))
                assert sorted((g.key, g.total, g.cells) for g in table_groups) == sorted(
                    (g.key, g.total, g.cells) for g in live_groups)
                assert table_trend.points == live_trend.points
            assert _table_by_parent(task.pk, day) == _live_by_parent(task.pk, day), (task.pk, day)


def test_the_dashboards_read_the_table_and_show_the_same_figures(program, registry, monitor):
    """The program dashboard's figures come from the count table: a table emptied behind the services'
    back shows zeros (as known now), and the live figures as known on a day (the fallback) are unchanged."""
    document = program["document"]
    day = D(2021, 12, 1)
    before = {s.task.pk: s.counts for s in queries.program_stats(document, day)}
    assert sum(sum(c.values()) for c in before.values()) > 0
    StatusCount.objects.all().delete()
    assert all(sum(s.counts.values()) == 0 for s in queries.program_stats(document, day))
    known = {s.task.pk: s.counts for s in queries.program_stats(document, day, known_on=D(2030, 1, 1))}
    assert known == before
    assert counts.mismatches([day])
    assert counts.rebuild() > 0
    assert {s.task.pk: s.counts for s in queries.program_stats(document, day)} == before
    assert counts.mismatches([day, D(2021, 7, 1), D(2022, 6, 1)]) == []


def test_the_counts_command_checks_and_rebuilds(program, capsys):
    call_command("counts", "--check", "--on", "01/12/2021")
    assert "khớp" in capsys.readouterr().out
    StatusCount.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("counts", "--check", "--on", "01/12/2021")
    call_command("counts", "--rebuild")
    call_command("counts", "--check", "--on", "01/12/2021")
    assert "khớp" in capsys.readouterr().out
