"""Writes on documents, tasks and assignments. Keyword-only, atomic, shared by pages, commands and API."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.lib import calendar as cal
from dondoc.lib.text import document_number_key, fold
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Kind as NotificationKind
from dondoc.units.models import DIRECT_UNIT_KINDS, Succession, SuccessionKind, Unit, UnitKind

from . import counts, history
from . import periods as periods_mod
from .models import Assignment, Document, DocumentLink, DoneWhen, GroupRule, Holiday, LinkKind, Task

GROUP_KINDS: dict[str, tuple[str, ...]] = {
    GroupRule.DIRECT_UNITS: tuple(DIRECT_UNIT_KINDS),
    GroupRule.PROVINCIAL_FEDERATIONS: (UnitKind.PROVINCIAL_FEDERATION,),
    GroupRule.SECTOR_UNIONS: (UnitKind.SECTOR_UNION, UnitKind.CORPORATION_UNION),
    GroupRule.DEPARTMENTS: (UnitKind.DEPARTMENT,),
    GroupRule.DEPARTMENTS_AND_SUBORDINATES: (UnitKind.DEPARTMENT, UnitKind.SUBORDINATE),
    GroupRule.UPPER_GRASSROOTS: (UnitKind.UPPER_GRASSROOTS,),
    GroupRule.GRASSROOTS: (UnitKind.GRASSROOTS,),
}


class ServiceError(ValueError):
    """A rule refused the change; the message is for the user (Vietnamese)."""


def work_calendar() -> cal.WorkCalendar:
    rows = Holiday.objects.values_list("date", "day_off")
    return cal.WorkCalendar(days_off=frozenset(d for d, off in rows if off),
                            working_weekend_days=frozenset(d for d, off in rows if not off))


def nominal_deadline(kind: str, date: dt.date | None) -> dt.date | None:
    """The last day a deadline allows: a month/quarter/half/year deadline ends with its period."""
    if date is None or kind in (cal.RECURRING, cal.ONGOING, cal.NONE):
        return None
    return cal.period_end(kind, date)


def effective_due(kind: str, date: dt.date | None, calendar: cal.WorkCalendar) -> dt.date | None:
    nominal = nominal_deadline(kind, date)
    return calendar.on_or_after(nominal) if nominal else None


def document_create(*, number: str, date: dt.date | None, title: str, kind: str = "", issuer: Unit | None = None,
                    issuer_name: str = "", place: str = "", signer: str = "", signer_title: str = "",
                    is_program: bool = False, by=None, file=None, done_when: str = DoneWhen.ACCEPTED,
                    scope: Unit | None = None) -> Document:
    key = document_number_key(number) if number else ""
    if key and Document.objects.filter(number_key=key, date=date).exists():
        raise ServiceError(f"Văn bản số {number} ngày {date:%d/%m/%Y} đã có trong hệ thống." if date
                           else f"Văn bản số {number} đã có trong hệ thống.")
    if done_when not in DoneWhen.values:
        raise ServiceError("Cách tính hoàn thành không hợp lệ.")
    if issuer is not None and date is not None and not issuer.existed_on(date):
        raise ServiceError(f"Cơ quan ban hành «{issuer.name}» không tồn tại vào ngày {date:%d/%m/%Y}.")
    document = Document(number=number.strip(), number_key=key, date=date, title=title.strip(), kind=kind,
                        issuer=issuer, issuer_name=issuer_name or (issuer.name if issuer else ""), place=place,
                        signer=signer, signer_title=signer_title, is_program=is_program, created_by=by,
                        done_when=done_when, scope=scope)
    if file is not None:
        document.file = file
    document.search_text = fold(f"{document.number} {document.title} {document.issuer_name}")
    document.save()
    return document


@transaction.atomic
def document_create_with_links(*, implements: Iterable[dict] = (), **fields) -> Document:
    """A document and the documents it implements ({number, date ISO or None} each), all or nothing."""
    document = document_create(**fields)
    for ref in implements:
        date = dt.date.fromisoformat(ref["date"]) if ref.get("date") else None
        document_link(source=document, number=ref["number"], date=date, kind=LinkKind.IMPLEMENTS)
    return document


def document_find(number: str, date: dt.date | None = None) -> Document | None:
    """A document by its number in any written variant; the newest one if no date is given."""
    found = Document.objects.filter(number_key=document_number_key(number))
    if date is not None:
        found = found.filter(date=date)
    return found.order_by("-date").first()


def document_link(*, source: Document, number: str, date: dt.date | None,
                  kind: str = LinkKind.CITES) -> DocumentLink:
    key = document_number_key(number)
    target = Document.objects.filter(number_key=key, date=date).first() if date else document_find(number)
    link, _ = DocumentLink.objects.update_or_create(
        source=source, number_key=key, date=date, defaults={"number": number, "target": target, "kind": kind})
    return link


def responsible_units(task: Task) -> list[Unit]:
    """Explicit lead units plus the task's group rule, resolved against the registry on the task's date."""
    units = {u.pk: u for u in task.lead_units.all()}
    if task.lead_group:
        group = Unit.objects.valid_on(task.assigned_on).filter(kind__in=GROUP_KINDS[task.lead_group])
        scope = task.document.scope
        if scope is not None:  # a unit's own program: the group within its subtree, below it
            group = group.filter(path__startswith=scope.path).exclude(pk=scope.pk)
        units.update({u.pk: u for u in group})
    return sorted(units.values(), key=lambda u: u.path)


def units_existed_check(units: Iterable[Unit], day: dt.date) -> None:
    """A task dated `day` names only units that existed on that day (an old document keeps its old units)."""
    missing = sorted({u.name for u in units if not u.existed_on(day)})
    if missing:
        raise ServiceError(f"Ngày {day:%d/%m/%Y} các đơn vị sau chưa thành lập hoặc đã giải thể, sáp nhập: "
                           + "; ".join(missing) + ".")


def leads_check(lead_units: list[Unit], lead_group: str) -> None:
    """A task is given to some units, or to a group of them."""
    if not lead_units and not lead_group:
        raise ServiceError(gettext("Nhiệm vụ phải có ít nhất một đơn vị chủ trì hoặc một nhóm đơn vị."))


def scope_check(document: Document, lead_units: Iterable[Unit]) -> None:
    """A unit's own program gives its tasks only to the units below it."""
    scope = document.scope
    if scope is None:
        return
    outside = sorted(u.name for u in lead_units if u.pk == scope.pk or not u.path.startswith(scope.path))
    if outside:
        raise ServiceError(gettext("Chỉ giao được cho các đơn vị trực thuộc %(unit)s: %(units)s.") % {
            "unit": scope.name, "units": "; ".join(outside)})


def deadline_check(kind: str, date: dt.date | None) -> None:
    """A deadline of a known kind, with its date when the kind needs one."""
    if kind not in cal.DEADLINE_KINDS:
        raise ServiceError(gettext("Loại thời hạn không hợp lệ."))
    if kind in cal.DATED_KINDS and date is None:
        raise ServiceError(gettext("Thời hạn loại này cần một ngày."))


@transaction.atomic
def task_create(*, document: Document, title: str, assigned_on: dt.date | None = None, ref: str = "",
                action: str = "", lead_units: Iterable[Unit] = (), lead_group: str = "", lead_text: str = "",
                coordinators: Iterable[Unit] = (), report_to: Iterable[Unit] = (), report_to_text: str = "",
                deadline_kind: str = cal.NONE, deadline_date: dt.date | None = None, deadline_text: str = "",
                recurrence_months: int | None = None, recurrence_until: dt.date | None = None,
                recurrence_due_day: int | None = None,
                fulfilment: str = "completion_report", order: int | None = None,
                horizon: dt.date | None = None, now: dt.datetime | None = None) -> Task:
    lead_units, coordinators = list(lead_units), list(coordinators)
    leads_check(lead_units, lead_group)
    deadline_check(deadline_kind, deadline_date)
    if deadline_kind == cal.RECURRING and recurrence_months not in (1, 3, 6, 12):
        raise ServiceError(gettext("Nhiệm vụ định kỳ cần chu kỳ 1, 3, 6 hoặc 12 tháng."))
    if recurrence_due_day is not None and not 1 <= recurrence_due_day <= 31:
        raise ServiceError(gettext("Hạn nộp báo cáo định kỳ phải là một ngày từ 1 đến 31."))
    assigned_on = assigned_on or document.date or timezone.localdate()
    units_existed_check([*lead_units, *coordinators], assigned_on)
    scope_check(document, lead_units)
    task = Task.objects.create(
        document=document, ref=ref, title=title.strip()[:300], action=action, lead_group=lead_group,
        lead_text=lead_text, report_to_text=report_to_text, deadline_kind=deadline_kind,
        deadline_date=nominal_deadline(deadline_kind, deadline_date) if deadline_date else None,
        deadline_text=deadline_text, recurrence_months=recurrence_months, recurrence_until=recurrence_until,
        recurrence_due_day=recurrence_due_day if deadline_kind == cal.RECURRING else None,
        fulfilment=fulfilment, assigned_on=assigned_on,
        order=order if order is not None else document.tasks.count(),
        search_text=fold(f"{ref} {title} {action}"),
    )
    task.lead_units.set(lead_units)
    task.coordinators.set(coordinators)
    task.report_to.set(list(report_to))
    assignments_create(task=task, horizon=horizon, now=now, notify=True)
    return task


@transaction.atomic
def assignments_create(*, task: Task, horizon: dt.date | None = None, units: Iterable[Unit] | None = None,
                       now: dt.datetime | None = None, notify: bool = False) -> int:
    """Create the missing assignments of a task (per period for a recurring one, up to the period after
    `horizon`, today by default). Idempotent; returns how many were created.

    A unit that has ended since the task's date (a merge, a split, a dissolution entered in the registry)
    passes its new assignments on, as a registry change would have (assignments_pass_on). With `notify`, the
    officers concerned are told of their new task (a task given or a unit added to it; not the next periods
    of a recurring task, which the sweep creates ahead of time).
    """
    now = now or timezone.now()
    calendar = work_calendar()
    units = list(units) if units is not None else responsible_units(task)
    if task.is_recurring:
        horizon = horizon or timezone.localdate()
        until = cal.shift(horizon, 31 * (task.recurrence_months or 6))
        if task.recurrence_until:
            until = min(until, task.recurrence_until)
        slots = [(p.index, p.label, p.start, p.end, calendar.on_or_after(p.due))
                 for p in periods_mod.periods(task.recurrence_months or 6, task.assigned_on, until,
                                              task.recurrence_due_day)]
    else:
        slots = [(0, "", None, None, effective_due(task.deadline_kind, task.deadline_date, calendar))]
    existing = set(Assignment.objects.filter(task=task).values_list("unit_id", "period_index"))
    new = [
        Assignment(task=task, unit=unit, period_index=index, period_label=label, period_start=start,
                   period_end=end, due_on=due, active_from=max(task.assigned_on, unit.valid_from or task.assigned_on),
                   recorded_at=now)
        for unit in units for index, label, start, end, due in slots
        if (unit.pk, index) not in existing
    ]
    Assignment.objects.bulk_create(new, batch_size=5000)
    counts.add_new(new)
    for unit in {a.unit_id: a.unit for a in new if a.unit.valid_to is not None}.values():
        assignments_pass_on(unit=unit, on=unit.valid_to + dt.timedelta(days=1), now=now,
                            assignments=Assignment.objects.filter(task=task, unit=unit))
    if notify and new:
        assigned_notify(task=task, assignments=new)
    return len(new)


def assigned_notify(*, task: Task, assignments: list[Assignment]) -> int:
    """Tell each officer concerned, once, of the new assignments of `task` in their units' reach: one note per
    person (a superior union whose grassroots unions were given the task hears of them together)."""
    units = {a.unit_id: a.unit for a in assignments}
    contacts = notifications.unit_contacts(units.values())
    mine: dict[int, list[Assignment]] = {}
    people = {}
    for a in assignments:
        for person in contacts.get(a.unit_id, []):
            people[person.pk] = person
            mine.setdefault(person.pk, []).append(a)
    document = task.document
    due = min((a.due_on for a in assignments if a.due_on), default=None)
    when = f"Hạn: {due:%d/%m/%Y}." if due else (task.deadline_text or str(task.get_deadline_kind_display())) + "."
    notes = []
    for pk, rows in mine.items():
        names = sorted({units[a.unit_id].label for a in rows})
        url = (reverse("submissions:assignment", args=[rows[0].pk]) if len(rows) == 1
               else reverse("submissions:my_assignments"))
        shown = ", ".join(names[:5]) + (f" và {len(names) - 5} đơn vị khác" if len(names) > 5 else "")
        notes.append(notifications.Note(
            user=people[pk], title=f"Nhiệm vụ mới: {task.ref} {task.title}".replace("  ", " "),
            body=f"{document} giao cho {shown}. {when}", url=url))
    first = min(a.pk for a in assignments)
    return notifications.notify(kind=NotificationKind.ASSIGNED, key=f"assigned:{task.pk}:{first}", notes=notes)


def due_dates_refresh(*, now: dt.datetime | None = None) -> int:
    """After the holiday calendar changed: move open deadlines on or off the new days off.

    One UPDATE per distinct deadline (task, or task and period), not one per assignment.
    """
    calendar = work_calendar()
    # An extended deadline was granted for that unit alone: the calendar does not reset it.
    open_ = Assignment.objects.filter(done_on__isnull=True, due_on__isnull=False, extensions=0)
    changed = 0
    slots = open_.values_list("task_id", "task__deadline_kind", "task__deadline_date", "period_index",
                              "period_end", "task__recurrence_due_day").distinct().order_by()
    for task_id, kind, deadline, period_index, period_end, due_day in slots:
        if kind == cal.RECURRING:
            nominal = periods_mod.due_of(period_end, due_day) if period_end else None
        else:
            nominal = nominal_deadline(kind, deadline)
        if nominal is None:
            continue
        due = calendar.on_or_after(nominal)
        changed += history.revise(open_.filter(task_id=task_id, period_index=period_index).exclude(due_on=due),
                                  now=now, cause="calendar", due_on=due)
    return changed


def successions_of(unit: Unit) -> list[Unit]:
    """The units that took over `unit`'s duties when it ended (none: it was dissolved)."""
    return [s.successor for s in Succession.objects.filter(predecessor=unit).select_related("successor")
            .order_by("successor__path")]


def inherited_dates(assignment: Assignment) -> dict[str, dt.date | None]:
    """What a carried assignment has from the assignments it carries (its predecessors' on the same task and
    period, ended on the day it began): sent, accepted or done once every one of them was (on the latest of
    their dates); started once any was."""
    if not assignment.carried:
        return dict.fromkeys(("submitted_on", "accepted_on", "done_on", "started_on"))
    predecessors = Succession.objects.filter(successor_id=assignment.unit_id, on=assignment.active_from)
    rows = list(Assignment.objects.filter(
        task_id=assignment.task_id, period_index=assignment.period_index, active_to=assignment.active_from,
        unit_id__in=predecessors.values("predecessor_id")).values_list(
        "submitted_on", "accepted_on", "done_on", "started_on"))

    def all_of(index: int) -> dt.date | None:
        values = [r[index] for r in rows]
        return max(values) if values and all(v is not None for v in values) else None

    started = [r[3] for r in rows if r[3] is not None]
    return {"submitted_on": all_of(0), "accepted_on": all_of(1), "done_on": all_of(2),
            "started_on": min(started) if started else None}


@transaction.atomic
def assignments_pass_on(*, unit: Unit, on: dt.date, now: dt.datetime | None = None,
                        assignments=None, depth: int = 0) -> int:
    """`unit` ended the day before `on`: its assignments stop counting for it on `on` and pass to its
    successors (Succession rows), if any.

    Each successor that had no assignment of its own for the task and period gets a carried one from `on`,
    done if every unit it carries had done it (so finished work stays finished), open otherwise with the
    latest deadline in force. A successor with its own assignment keeps it. A successor that has itself
    ended passes the carried assignments on in turn. Returns the carried assignments created.
    """
    now = now or timezone.now()
    rows = list((assignments if assignments is not None else Assignment.objects.filter(unit=unit))
                .filter(active_to__isnull=True, active_from__lt=on).select_related("task"))
    if not rows:
        return 0
    successors = successions_of(unit)
    history.revise(Assignment.objects.filter(pk__in=[a.pk for a in rows]), now=now, cause="registry", active_to=on)
    task_ids = {r.task_id for r in rows}
    created = 0
    for successor in successors:
        mine = {(a.task_id, a.period_index): a for a in Assignment.objects.filter(unit=successor, task_id__in=task_ids)}
        new = []
        for old in rows:
            own = mine.get((old.task_id, old.period_index))
            if own is None:
                carried = Assignment(task=old.task, unit=successor, period_index=old.period_index,
                                     period_label=old.period_label, period_start=old.period_start,
                                     period_end=old.period_end, due_on=old.due_on, active_from=on, carried=True,
                                     extensions=old.extensions, recorded_at=now)
                for name, value in inherited_dates(carried).items():
                    setattr(carried, name, value)
                new.append(carried)
            elif own.carried and own.active_from == on:  # another unit merged into the same new one
                later_due = old.due_on if old.due_on and (own.due_on is None or old.due_on > own.due_on) else own.due_on
                history.revise_one(own, now=now, cause="registry", due_on=later_due, **inherited_dates(own))
        Assignment.objects.bulk_create(new, batch_size=5000)
        counts.add_new(new)
        created += len(new)
        if new and successor.valid_to is not None and depth < 10:
            created += assignments_pass_on(unit=successor, on=successor.valid_to + dt.timedelta(days=1), now=now,
                                           assignments=Assignment.objects.filter(pk__in=[a.pk for a in new]),
                                           depth=depth + 1)
    if successors:  # shown on the old assignment: "passed to ..."
        targets = {(a.task_id, a.period_index): a.pk
                   for a in Assignment.objects.filter(unit=successors[0], task_id__in=task_ids)}
        for old in rows:
            target = targets.get((old.task_id, old.period_index))
            if target is not None:
                Assignment.objects.filter(pk=old.pk).update(transferred_to_id=target)
    return created


@transaction.atomic
def units_merge(*, predecessors: Iterable[Unit], successor: Unit, on: dt.date,
                kind: str = SuccessionKind.MERGE, note: str = "", now: dt.datetime | None = None) -> int:
    """`predecessors` end the day before `on`; their assignments pass to `successor` from `on`.

    Statistics as of an earlier date still count the old units, with what they had done then; from `on`
    they count the successor, which carries whatever its predecessors had left undone (and what they had
    all finished, as finished). Returns the number of carried assignments created.
    (The registry-change service, units.changes, does this for whole change sets.)
    """
    predecessors = [p for p in predecessors if p.pk != successor.pk]
    if not predecessors:
        raise ServiceError(gettext("Cần ít nhất một đơn vị được hợp nhất."))
    if successor.valid_from and successor.valid_from > on:
        raise ServiceError(gettext("Đơn vị kế thừa chưa tồn tại vào ngày hợp nhất."))
    moved = 0
    for unit in predecessors:
        Succession.objects.update_or_create(predecessor=unit, successor=successor,
                                            defaults={"on": on, "kind": kind, "note": note})
        unit.valid_to = on - dt.timedelta(days=1)
        unit.save(update_fields=["valid_to"])
        moved += assignments_pass_on(unit=unit, on=on, now=now)
    return moved


def successor_on(unit: Unit, day: dt.date) -> Unit:
    """The unit that carries `unit`'s duties on `day`, following merges (at most 10 steps)."""
    current = unit
    for _ in range(10):
        if current.valid_to is None or current.valid_to >= day:
            return current
        step = Succession.objects.filter(predecessor=current, on__lte=day).select_related("successor").first()
        if step is None:
            return current
        current = step.successor
    return current
