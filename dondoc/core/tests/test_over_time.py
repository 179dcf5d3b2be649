"""The demo walked as the staff would walk it across dates: 2021 as notice 462 saw it, the reporting period of
December 2021, a late back-dated plan, and the 2025 reorganisation applied on top (`demo --with-2025`).

The demo and its 2025 change are loaded once for the module, in a transaction rolled back at its end; each
test runs in its own savepoint inside it (nothing a test writes is seen by the next).
"""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from dondoc.accounts.models import User
from dondoc.core import demo
from dondoc.directives import rules
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, GroupRule
from dondoc.directives.queries import program_stats, split_done
from dondoc.lib import calendar as cal
from dondoc.paperwork import services as paperwork
from dondoc.paperwork.queries import late_by_task
from dondoc.reminders.sweep import sweep_run
from dondoc.submissions import services as submissions
from dondoc.units.models import Unit, UnitKind

D = dt.date
AS_OF = D(2021, 11, 9)
PERIOD_H2_2021 = "6 tháng cuối năm 2021"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo.load_demo()
            plan = demo.load_2025()
            yield {"plan": plan}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def w(world, db):
    return {**world, "program": Document.objects.get(number="02/CTr-BCH"),
            "notice": Document.objects.get(number="462/TB-TLĐ"),
            "monitor": User.objects.get(username="theodoi"), "admin": User.objects.get(username="admin")}


def stats(number: str, day: str, *extra: str) -> dict:
    out = io.StringIO()
    call_command("stats", number, "--as-of", day, "--json", *extra, stdout=out)
    return {t["ref"] + ("/" + t["title"][:6] if t["ref"] == "2.4" else ""): t for t in json.loads(out.getvalue())["tasks"]}


def done_total(rows: dict, ref: str) -> tuple[int, int]:
    return rows[ref]["done"], rows[ref]["total"]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- 2021 after the reorganisation: the published figures and the names of then -----------------------

def test_notice_figures_of_2021_still_hold_after_the_2025_change(w):
    rows = stats("02/CTr-BCH", "09/11/2021")
    assert done_total(rows, "III.1") == (32, 83) and done_total(rows, "III.2") == (30, 83)


def test_a_2021_report_names_the_units_as_they_were_in_2021(w):
    huế = Unit.objects.get(code="ldld-thua-thien-hue")
    assert huế.name == "Liên đoàn Lao động thành phố Huế"  # its name now
    plan = w["program"].tasks.get(ref="III.1")
    done, not_done = split_done(plan, AS_OF)
    names_2021 = {a.unit.name for a in done + not_done}
    assert "Liên đoàn Lao động tỉnh Thừa Thiên Huế" in names_2021 and huế.name not in names_2021
    assert "Liên đoàn Lao động tỉnh Quảng Nam" in names_2021  # merged into Đà Nẵng's in 2025
    docx = paperwork.draft_docx(purpose="report", program=w["program"], as_of=AS_OF)
    text = _docx_text(docx)
    assert "Liên đoàn Lao động tỉnh Thừa Thiên Huế" in text and "thành phố Huế" not in text
    assert "32/83 đơn vị đã thực hiện" in text
    # The same unit as of 2026 has its new name; pages as of 2021 show the old one.
    client = login(w["monitor"])
    page = client.get(f"/theo-doi/don-vi/{huế.pk}/?ngay=09/11/2021").content.decode()
    assert "Liên đoàn Lao động tỉnh Thừa Thiên Huế" in page
    assert "Liên đoàn Lao động thành phố Huế" in client.get(f"/theo-doi/don-vi/{huế.pk}/?ngay=01/01/2026").content.decode()


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- 2026: the 34 provincial federations, carried and ended duties ------------------------------------

def test_a_task_given_in_2026_to_every_provincial_federation_reaches_the_34(w):
    doc = directives.document_create(number="15/KH-TLĐ", date=D(2026, 2, 2), title="Kế hoạch năm 2026",
                                     kind="KH", is_program=True)
    task = directives.task_create(document=doc, title="Tổng kết", lead_group=GroupRule.PROVINCIAL_FEDERATIONS,
                                  deadline_kind=cal.DATE, deadline_date=D(2026, 6, 30))
    units = set(task.assignments.values_list("unit__code", flat=True))
    assert len(units) == 34
    assert {"ldld-da-nang", "ldld-thua-thien-hue", "ldld-ho-chi-minh"} <= units
    assert not units & {"ldld-quang-nam", "ldld-binh-duong", "ldld-ha-giang"}
    # Quảng Nam no longer exists in 2026: a task dated then cannot name it.
    with pytest.raises(directives.ServiceError, match="Quảng Nam"):
        directives.task_create(document=doc, title="x", lead_units=[Unit.objects.get(code="ldld-quang-nam")])


def test_the_program_counts_the_2026_units_and_keeps_finished_work_finished(w):
    rows = stats("02/CTr-BCH", "01/01/2026")
    assert rows["III.1"]["total"] == 52  # 34 provincial federations, 17 sector and corporation unions, the 83rd
    notice = stats("462/TB-TLĐ", "01/01/2026")
    # Ban Tổ chức finished 3.2 in January 2022 and merged into Ban Công tác Công đoàn in 2025: still done.
    assert done_total(notice, "3.2") == (1, 1)
    carried = Assignment.objects.get(task__ref="3.2", unit__code="vgcl-ctcd")
    assert carried.carried and carried.done_on == D(2022, 1, 5)
    assert done_total(stats("462/TB-TLĐ", "31/01/2022"), "3.2") == (1, 1)  # counted for Ban Tổ chức then


def test_a_dissolved_unit_is_counted_before_its_end_and_neither_counted_nor_urged_after(w):
    vien_chuc = Unit.objects.get(code="cd-vien-chuc")
    assert vien_chuc.valid_to == D(2025, 6, 30)
    doc = directives.document_create(number="3/KH-TLĐ", date=D(2025, 4, 1), title="Kế hoạch quý II/2025",
                                     kind="KH", is_program=True)
    task = directives.task_create(document=doc, title="Báo cáo sơ kết", lead_group=GroupRule.DIRECT_UNITS,
                                  deadline_kind=cal.DATE, deadline_date=D(2025, 6, 20))
    mine = Assignment.objects.get(task=task, unit=vien_chuc)
    assert mine.active_to == D(2025, 7, 1)

    def row(day):
        return next(s for s in program_stats(doc, day) if s.task == task)

    before, after = row(D(2025, 6, 25)), row(D(2025, 7, 10))
    assert before.total == 83 and before.overdue == 83
    assert after.total == 52 and after.overdue == 52  # carried duties of the merged units; no Viên chức
    client = login(w["monitor"])
    late = client.get(f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay=10/07/2025").context["page"]
    assert vien_chuc.pk not in {a.unit_id for a in late.paginator.object_list}
    assert vien_chuc.pk in {a.unit_id for a in client.get(
        f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay=25/06/2025").context["page"].paginator.object_list}
    # The sweep urges it the working day after its deadline, not after its end (the rules repeat on 04/07).
    assert mine.pk in _urged(D(2025, 6, 23))
    after_end = _urged(D(2025, 7, 4))
    assert after_end and mine.pk not in after_end  # the others are still urged
    late_units = {x.assignment.unit_id for _t, rows in late_by_task(doc, D(2025, 7, 10)) for x in rows}
    assert vien_chuc.pk not in late_units and len(late_units) == 52


def _urged(day: dt.date) -> set[int]:
    result = sweep_run(day=day, dry_run=True)
    return {aid for plan in result.planned for aid in plan.lines}


# --- The reporting period of December 2021 ---------------------------------------------------------------

def test_a_late_six_monthly_report_is_overdue_counted_listed_and_urged(w, tmp_path):
    rows = stats("462/TB-TLĐ", "22/12/2021")
    periodic = next(t for key, t in rows.items() if key.startswith("2.4/Báo cá"))
    assert (periodic["overdue"], periodic["submitted"], periodic["total"]) == (13, 3, 16)
    assert periodic["periods"] == [PERIOD_H2_2021]
    task = w["notice"].tasks.get(ref="2.4", deadline_kind=cal.RECURRING)
    client = login(w["monitor"])
    program = client.get(f"/theo-doi/chuong-trinh/{w['notice'].pk}/?ngay=22/12/2021")
    row = next(s for s in program.context["stats"] if s.task == task)
    assert row.overdue == 13 and row.periods == [PERIOD_H2_2021]
    assert PERIOD_H2_2021 in program.content.decode()
    listed = client.get(f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay=22/12/2021&trang-thai=overdue")
    assert listed.context["page"].paginator.count == 13
    assert {a.period_label for a in listed.context["page"]} == {PERIOD_H2_2021}
    cspl = Unit.objects.get(code="vgcl-cspl")
    card = client.get(f"/theo-doi/don-vi/{cspl.pk}/?ngay=22/12/2021").context["card"]
    report = next(a for a in card.assignments if a.task == task)
    assert (report.period_label, report.status) == (PERIOD_H2_2021, rules.OVERDUE)
    api = client.get(f"/api/assignments/?task={task.pk}&ngay=2021-12-22&status=overdue&counted=true").json()
    assert api["count"] == 13
    # The urging letter names the 13, and the sweep urges them the working day after the deadline.
    out = io.StringIO()
    call_command("urge", "462/TB-TLĐ", "--as-of", "22/12/2021", "--task", "2.4", "--out",
                 str(tmp_path / "urge.docx"), stdout=out)
    assert "2.4 Báo cáo 6 tháng/lần việc triển khai nhiệm vụ: 13 đơn vị chậm" in out.getvalue()
    in_2021 = Assignment.objects.filter(task=task, period_label=PERIOD_H2_2021, carried=False)
    late = set(in_2021.filter(submitted_on__isnull=True).values_list("pk", flat=True))
    assert len(late) == 13 and late <= _urged(D(2021, 12, 21))
    sent = set(in_2021.filter(submitted_on__isnull=False).values_list("pk", flat=True))
    assert len(sent) == 3 and not sent & _urged(D(2021, 12, 21))  # awaiting review: not urged
    # The user can look at the next period instead.
    chosen = stats("462/TB-TLĐ", "22/12/2021", "--period", "6 tháng đầu năm 2022")
    assert next(t for k, t in chosen.items() if k.startswith("2.4/Báo cá"))["overdue"] == 0


# --- Review state and "as known on" -----------------------------------------------------------------------

def test_a_late_back_dated_plan_waits_for_review_and_leaves_the_published_figure_alone(w):
    paper = paperwork.report_issue(program=w["program"], as_of=AS_OF, date=D(2021, 11, 12))
    danang = Assignment.objects.get(task__ref="III.1", unit__code="ldld-da-nang")
    with time_machine.travel(dt.datetime(2023, 3, 1, 9, 0), tick=False):
        sent = submissions.submission_create(assignment=danang, kind="plan_issued", by=w["monitor"],
                                             doc_number="88/KH-LĐLĐ", doc_date=D(2021, 11, 5),
                                             text="Kế hoạch gửi muộn")
    rows = stats("02/CTr-BCH", "09/11/2021")
    assert done_total(rows, "III.1") == (32, 83) and rows["III.1"]["submitted"] == 1
    with time_machine.travel(dt.datetime(2023, 3, 2, 9, 0), tick=False):
        submissions.submission_accept(submission=sent, by=w["monitor"])
    assert done_total(stats("02/CTr-BCH", "09/11/2021"), "III.1") == (33, 83)  # what we know now
    known = stats("02/CTr-BCH", "09/11/2021", "--known-on", "16/11/2021")
    assert done_total(known, "III.1") == (32, 83) and known["III.1"]["submitted"] == 0
    between = stats("02/CTr-BCH", "09/11/2021", "--known-on", "01/03/2023")
    assert done_total(between, "III.1") == (32, 83) and between["III.1"]["submitted"] == 1
    # The issued report keeps what it printed and its page says today's figures differ.
    assert paper.figures[0]["done"] == 32
    page = login(w["monitor"]).get(f"/phat-hanh/{paper.pk}/").content.decode()
    assert 'id="figures-changed"' in page and "33/83" in page
    # The dashboards and the API give the figure as known then, too.
    client = login(w["monitor"])
    dash = client.get(f"/theo-doi/chuong-trinh/{w['program'].pk}/?ngay=09/11/2021&biet-den=16/11/2021")
    assert next(s for s in dash.context["stats"] if s.task.ref == "III.1").done == 32
    api = client.get(f"/api/programs/{w['program'].pk}/stats/?ngay=2021-11-09&biet_den=2021-11-16").json()
    assert api["tasks"][0]["done"] == 32 and api["known_on"] == "2021-11-16"
    listed = client.get(f"/theo-doi/nhiem-vu/{danang.task_id}/chua-thuc-hien/?ngay=09/11/2021&biet-den=16/11/2021")
    assert danang.unit_id in {a.unit_id for a in listed.context["page"]}


def test_returning_a_submission_undoes_it(w):
    hanoi_party = Assignment.objects.get(task__ref="III.2", unit__code="ldld-da-nang")
    sent = submissions.submission_create(assignment=hanoi_party, kind="plan_issued", by=w["monitor"],
                                         doc_number="9/KH", doc_date=D(2021, 11, 1), text="x")
    assert stats("02/CTr-BCH", "09/11/2021")["III.2"]["submitted"] == 1
    submissions.submission_return(submission=sent, by=w["monitor"], comment="Thiếu chữ ký.")
    rows = stats("02/CTr-BCH", "09/11/2021")
    assert rows["III.2"]["submitted"] == 0 and done_total(rows, "III.2") == (30, 83)


def test_a_program_may_count_units_done_when_they_submit(w):
    from dondoc.directives.editing import document_update

    sent = submissions.submission_create(assignment=Assignment.objects.get(task__ref="III.1", unit__code="ldld-da-nang"),
                                         kind="plan_issued", by=w["monitor"], doc_number="9/KH",
                                         doc_date=D(2021, 11, 2), text="x")
    assert done_total(stats("02/CTr-BCH", "09/11/2021"), "III.1") == (32, 83)
    document_update(document=w["program"], version=w["program"].version, done_when="submitted")
    assert done_total(stats("02/CTr-BCH", "09/11/2021"), "III.1") == (33, 83)
    assert sent.effective_on == D(2021, 11, 2)


# --- The loop over several dates --------------------------------------------------------------------------

def test_the_loop_over_several_dates_and_the_reorganisation(w):
    """As of 09/11/2021 the notice's figures; as of 22/12/2021 the late half-year reports; in 2026 the 2025
    structure: the same program, the same database, each date true to itself."""
    walk = {
        "09/11/2021": {"III.1": (32, 83), "III.2": (30, 83)},
        "22/12/2021": {"III.1": (32, 83)},
        "01/01/2026": {"III.1": (20, 52), "III.2": (21, 52)},
    }
    for day, expected in walk.items():
        rows = stats("02/CTr-BCH", day)
        for ref, figure in expected.items():
            assert done_total(rows, ref) == figure, (day, ref)
    periodic = {day: next(t for k, t in stats("462/TB-TLĐ", day).items() if k.startswith("2.4/Báo cá"))
                for day in ("15/12/2021", "22/12/2021", "22/06/2022", "01/01/2026")}
    assert [(p["overdue"], p["total"]) for p in periodic.values()] == [(0, 16), (13, 16), (16, 16), (10, 10)]
    assert periodic["22/06/2022"]["periods"] == [PERIOD_H2_2021, "6 tháng đầu năm 2022"]
    provincial = Unit.objects.filter(kind=UnitKind.PROVINCIAL_FEDERATION)
    assert provincial.valid_on(D(2021, 11, 9)).count() == 63 and provincial.valid_on(D(2026, 1, 1)).count() == 34


def test_the_homes_figures_per_document_agree_with_the_program_figures_over_time(w):
    """The monitor's home reads the count table and the recurring tasks' rows by id: its overdue-by-document
    table and its programs' lines give, on each date, what the program dashboard gives."""
    from dondoc.core import home

    for day in (AS_OF, D(2021, 12, 22), D(2025, 8, 1)):
        expected = {}
        for document in Document.objects.filter(tasks__isnull=False).distinct():
            rows = [r for r in program_stats(document, day) if not r.task.withdrawn]
            late = [r.overdue for r in rows if r.overdue]
            if late:
                expected[document.pk] = (sum(late), len(late))
        got = {row["task__document_id"]: (row["n"], row["tasks"])
               for row in home.overdue_by_program(w["monitor"], day, limit=100)}
        assert got == expected, day
        for line in home.programs_standing(w["monitor"], day):
            rows = [r for r in program_stats(line.document, day) if not r.task.withdrawn]
            assert (line.total, line.done, line.overdue) == (
                sum(r.total for r in rows), sum(r.done for r in rows), sum(r.overdue for r in rows)), day
    assert expected  # the walk has late work to compare
    notice = home.overdue_by_program(w["monitor"], D(2021, 12, 22), limit=100)
    assert any(row["task__document_id"] == w["notice"].pk and row["n"] >= 13 for row in notice)
