"""The daily sweep: decide the reminders set-based, then one digest per recipient per day, in one transaction.

1. Recurring tasks get their next reporting periods (one assignment per unit per period, ahead of time).
2. For each active rule, the deadlines it fires for today are computed from the working calendar; one
   INSERT ... SELECT per rule records the reminders of every matching open assignment, ignoring the ones
   already recorded (unique per assignment, rule and day): running the sweep twice changes nothing.
3. Reminders not yet told to their recipients are grouped into one digest per recipient and day, with an
   outbox row for the e-mail. A recipient who already had today's digest gets the rest the next day.
"""

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, DateField, DateTimeField, IntegerField, Q, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dondoc.accounts.models import Role, User
from dondoc.directives import rules as status_rules
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Task
from dondoc.lib.calendar import WorkCalendar
from dondoc.monitoring.queries import active_on, status_filters

from . import schedule
from .models import (
    Delivery,
    Digest,
    DigestItem,
    Reminder,
    ReminderRule,
    ReportingCycle,
    RuleKind,
    Stage,
    SweepRun,
    split_addresses,
)

# Reminders older than this and never told (no recipient then) are not carried forward any more.
CARRY_DAYS = 7
# A digest lists at most this many lines, then points to the list in the application.
MAX_LINES = 200


@dataclass
class Item:
    reminder_id: int
    assignment_id: int
    unit_id: int
    unit: str
    task: str
    document: str
    period: str
    due: dt.date
    stage: int
    path: str = ""
    day: dt.date | None = None
    orphan: bool = False  # neither the unit nor a unit above it has an account: listed for the monitor


@dataclass
class Planned:
    recipient: str
    user: User | None
    address: str
    items: list[Item] = field(default_factory=list)
    reminder_ids: list[int] = field(default_factory=list)
    assignment_ids: set[int] = field(default_factory=set)
    digest: Digest | None = None


@dataclass
class SweepResult:
    day: dt.date
    reminders: int = 0
    assignments_created: int = 0
    planned: list[Planned] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def digests(self) -> int:
        return len(self.planned)


def _open_filter(day: dt.date, kind: str) -> Q:
    filters = status_filters(day)
    if kind == RuleKind.AFTER:
        return filters[status_rules.OVERDUE]
    return filters[status_rules.DUE_SOON] | filters[status_rules.IN_PROGRESS] | filters[status_rules.NOT_YET_DUE]


def _scope(rule: ReminderRule, tasks_with_rules: set[int], documents_with_rules: set[int]) -> Q:
    if rule.task_id:
        return Q(task_id=rule.task_id)
    if rule.document_id:
        return Q(task__document_id=rule.document_id) & ~Q(task_id__in=tasks_with_rules)
    return ~Q(task_id__in=tasks_with_rules) & ~Q(task__document_id__in=documents_with_rules)


def due_assignments(rule: ReminderRule, day: dt.date, calendar: WorkCalendar, tasks_with_rules: set[int],
                    documents_with_rules: set[int]):
    """The open assignments `rule` reminds of on `day`, as one queryset (None when the rule is silent)."""
    dates = schedule.due_dates(kind=rule.kind, days=rule.days, repeat_every=rule.repeat_every,
                               stop_after=rule.stop_after, day=day, calendar=calendar)
    if not dates:
        return None
    return (Assignment.objects.filter(active_on(day), due_on__in=dates, task__withdrawn=False)
            .filter(_open_filter(day, rule.kind)).filter(_scope(rule, tasks_with_rules, documents_with_rules))
            .order_by())


def reminders_record(*, day: dt.date, calendar: WorkCalendar) -> int:
    """One INSERT ... SELECT per rule; the unique key makes a second run a no-op. Returns rows inserted."""
    rules = list(ReminderRule.objects.filter(active=True))
    tasks_with_rules = {r.task_id for r in rules if r.task_id}
    documents_with_rules = {r.document_id for r in rules if r.document_id}
    now = timezone.now()
    table = Reminder._meta.db_table
    inserted = 0
    with connection.cursor() as cursor:
        for rule in rules:
            qs = due_assignments(rule, day, calendar, tasks_with_rules, documents_with_rules)
            if qs is None:
                continue
            qs = qs.annotate(
                _rule=Value(rule.pk, output_field=IntegerField()), _day=Value(day, output_field=DateField()),
                _stage=Value(rule.stage, output_field=IntegerField()),
                _now=Value(now, output_field=DateTimeField()), _deferred=Value(False, output_field=BooleanField()),
            ).values_list("id", "_rule", "_day", "_stage", "_now", "_deferred")
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} (assignment_id, rule_id, day, stage, created_at, deferred) {sql} "
                           "ON CONFLICT (day, rule_id, assignment_id) DO NOTHING", params)
            inserted += max(cursor.rowcount, 0)
    return inserted


def _shift_month(day: dt.date, months: int, day_of_month: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, day_of_month)


def cycle_apply(*, task: Task, cycle: ReportingCycle, day: dt.date, calendar: WorkCalendar) -> int:
    """Move the cut-off and due dates of the task's open current and future periods to the task's cycle."""
    months = task.recurrence_months or 6
    changed = []
    for a in Assignment.objects.filter(task=task, done_on__isnull=True, period_end__gte=day - dt.timedelta(days=31)):
        end = a.period_end.replace(day=cycle.cutoff_day)
        start = _shift_month(end, -months, cycle.cutoff_day) + dt.timedelta(days=1)
        due = calendar.on_or_after(_shift_month(end, 1 if cycle.due_next_month else 0, cycle.due_day))
        if a.extensions:
            due = a.due_on  # a granted extension stands
        if (a.period_start, a.period_end, a.due_on) != (start, end, due):
            a.period_start, a.period_end, a.due_on = start, end, due
            changed.append(a)
    Assignment.objects.bulk_update(changed, ["period_start", "period_end", "due_on"], batch_size=5000)
    return len(changed)


def horizon_extend(*, day: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Recurring tasks: create the assignments of the coming periods for every unit, ahead of time."""
    created = 0
    calendar = calendar or directives.work_calendar()
    for task in Task.objects.filter(deadline_kind="recurring", withdrawn=False).select_related("reporting_cycle"):
        if task.recurrence_until and task.recurrence_until < day:
            continue
        cycle = getattr(task, "reporting_cycle", None)
        ahead = dt.timedelta(days=cycle.ahead_days if cycle else 0)
        created += directives.assignments_create(task=task, horizon=day + ahead)
        if cycle is not None:
            cycle_apply(task=task, cycle=cycle, day=day, calendar=calendar)
    return created


def _pending_items(day: dt.date) -> list[Item]:
    since = day - dt.timedelta(days=CARRY_DAYS)
    done = Q(assignment__done_on__isnull=False, assignment__done_on__lte=day)
    # Today's reminders, and earlier ones held back because their recipient had already been told that day.
    recent = Q(day=day) | Q(deferred=True, day__gte=since, day__lt=day)
    rows = (Reminder.objects.filter(recent).exclude(done)
            .exclude(assignment__task__withdrawn=True)
            .values_list("id", "assignment_id", "assignment__unit_id", "assignment__unit__short_name",
                         "assignment__unit__name", "assignment__task__ref", "assignment__task__title",
                         "assignment__task__document__number", "assignment__period_label", "assignment__due_on",
                         "stage", "assignment__unit__path", "day")
            .order_by("assignment__due_on", "assignment__unit__path", "id"))
    items = []
    for rid, aid, unit_id, short, name, ref, title, number, period, due, stage, path, day_ in rows:
        items.append(Item(rid, aid, unit_id, short or name, f"{ref} {title}".strip(), number or "", period or "",
                          due, stage, path, day_))
    return items


def _ancestor_paths(path: str) -> list[str]:
    """"/a/b/c/" → ["/a/b/", "/a/"]: the units above, nearest first."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts) - 1, 0, -1)]


def _recipients(items: list[Item]) -> dict[int, list[tuple[str, User | None, str]]]:
    """Recipients of each reminder by escalation stage: 1 the unit's officers, 2 its head (or, lacking one,
    its officers), 3 the monitor. A unit without accounts is urged through the nearest unit above it that has
    officers (the superior union follows its grassroots unions); with none up to the centre, the reminder is
    listed for the monitor."""
    officers: dict[int, list[User]] = defaultdict(list)
    heads: dict[int, list[User]] = defaultdict(list)
    unit_by_path: dict[str, int] = {}
    people = (User.objects.filter(is_active=True, unit__isnull=False).exclude(role=Role.ADMIN)
              .filter(Q(role=Role.OFFICER) | Q(is_unit_head=True)).select_related("unit")
              .only("id", "unit_id", "unit__path", "email", "role", "is_unit_head", "first_name", "last_name",
                    "username"))
    for user in people:
        if user.is_unit_head:
            heads[user.unit_id].append(user)
        if user.role == Role.OFFICER:
            officers[user.unit_id].append(user)
            unit_by_path[user.unit.path] = user.unit_id
    monitors = list(User.objects.filter(is_active=True, role=Role.MONITOR))
    if not monitors:
        monitors = list(User.objects.filter(is_active=True, role=Role.ADMIN))
    extra = {r.pk: split_addresses(r.extra_emails) for r in ReminderRule.objects.exclude(extra_emails="")}
    rule_of = dict(Reminder.objects.filter(day__gte=min(i.day for i in items), rule_id__in=list(extra))
                   .values_list("id", "rule_id")) if extra and items else {}
    result: dict[int, list[tuple[str, User | None, str]]] = {}
    nearest: dict[int, int | None] = {}
    for item in items:
        unit_id = item.unit_id
        if unit_id not in officers and unit_id not in heads:
            if unit_id not in nearest:
                nearest[unit_id] = next((unit_by_path[p] for p in _ancestor_paths(item.path) if p in unit_by_path),
                                        None)
            unit_id = nearest[item.unit_id]
        if item.stage == Stage.MONITOR:
            chosen = monitors
        elif item.stage == Stage.HEAD:
            chosen = heads.get(unit_id) or officers.get(unit_id, [])
        else:
            chosen = officers.get(unit_id, [])
        if not chosen:
            item.orphan = item.stage != Stage.MONITOR
            chosen = monitors
        targets = [(f"u{u.pk}", u, u.email) for u in chosen]
        targets += [(f"a:{a.lower()}", None, a) for a in extra.get(rule_of.get(item.reminder_id), [])]
        result[item.reminder_id] = targets
    return result


def digests_plan(*, day: dt.date) -> list[Planned]:
    """Group the reminders not yet told into one digest per recipient. A recipient already told today gets
    the rest the next day: those reminders are marked deferred and carried forward (at most CARRY_DAYS)."""
    items = _pending_items(day)
    if not items:
        return []
    targets = _recipients(items)
    since = day - dt.timedelta(days=CARRY_DAYS)
    told = set(DigestItem.objects.filter(Q(reminder__day=day) | Q(reminder__deferred=True, reminder__day__gte=since))
               .values_list("reminder_id", "recipient"))
    already_today = set(Digest.objects.filter(day=day).values_list("recipient", flat=True))
    planned: dict[str, Planned] = {}
    deferred: set[int] = set()
    for item in items:
        for key, user, address in targets[item.reminder_id]:
            if (item.reminder_id, key) in told:
                continue
            if key in already_today:
                deferred.add(item.reminder_id)
                continue
            entry = planned.setdefault(key, Planned(key, user, address))
            entry.reminder_ids.append(item.reminder_id)
            # One line per assignment even when several rules fired for it.
            if item.assignment_id not in entry.assignment_ids:
                entry.assignment_ids.add(item.assignment_id)
                entry.items.append(item)
    carried = {i.reminder_id for i in items if i.day != day}
    Reminder.objects.filter(id__in=list(deferred)).update(deferred=True)
    Reminder.objects.filter(id__in=list(carried - deferred)).update(deferred=False)
    return [p for p in planned.values() if p.items]


SECTIONS = (("late", "Quá hạn chưa hoàn thành", "#a40000"), ("today", "Đến hạn hôm nay", "#8a5a00"),
            ("soon", "Sắp đến hạn", "#1d4f91"))


def _prepare(item: Item, day: dt.date, url_pattern: str) -> None:
    """The item's lines, once per item however many digests list it (rendering is the sweep's main cost)."""
    if getattr(item, "section", None):
        return
    url = settings.SITE_URL + url_pattern.replace("0", str(item.assignment_id), 1)
    delta = abs((item.due - day).days)
    item.section = "late" if item.due < day else "today" if item.due == day else "soon"
    when = {"late": f" (quá hạn {delta} ngày)", "today": "", "soon": f" (còn {delta} ngày)"}[item.section]
    period = f" ({item.period})" if item.period else ""
    flag = " [đơn vị chưa có tài khoản]" if item.orphan else ""
    item.text = (f"- {item.task}{period} — {item.unit}{flag}\n  Văn bản: {item.document} · "
                 f"Hạn: {item.due:%d/%m/%Y}{when}\n  {url}\n")
    item.html = (f'<tr style="border-top:1px solid #ddd"><td><a href="{escape(url)}">{escape(item.task)}</a>'
                 f"{escape(period)}</td><td>{escape(item.unit)}"
                 f"{' <strong>(đơn vị chưa có tài khoản)</strong>' if item.orphan else ''}</td>"
                 f"<td>{escape(item.document)}</td><td>{item.due:%d/%m/%Y}{when}</td></tr>")


def render(plan: Planned, day: dt.date) -> tuple[str, str, str]:
    url_pattern = reverse("submissions:assignment", args=[0])
    counts = {"late": 0, "today": 0, "soon": 0}
    for i in plan.items:
        counts["late" if i.due < day else "today" if i.due == day else "soon"] += 1
    items = plan.items[:MAX_LINES]
    for i in items:
        _prepare(i, day, url_pattern)
    words = {"late": "quá hạn", "today": "đến hạn hôm nay", "soon": "sắp đến hạn"}
    summary = ", ".join(f"{n} {words[k]}" for k, n in counts.items() if n)
    subject = f"[dondoc] Nhắc việc ngày {day:%d/%m/%Y}: {summary}"
    sections = [(title.upper(), title, colour, [i for i in items if i.section == key])
                for key, title, colour in SECTIONS]
    context = {
        "name": (plan.user.get_full_name() or plan.user.username) if plan.user else plan.address,
        "day": f"{day:%d/%m/%Y}", "more": len(plan.items) - len(items),
        "orphans": any(i.orphan for i in items),
        "text_sections": "".join(f"\n{upper}\n" + "".join(i.text for i in rows)
                                 for upper, _t, _c, rows in sections if rows),
        "html_sections": mark_safe("".join(
            format_html('<h3 style="color:{}">{}</h3>', colour, title) + _TABLE_HEAD
            + "".join(i.html for i in rows) + "</table>" for _u, title, colour, rows in sections if rows)),
        "list_url": settings.SITE_URL + reverse("submissions:my_assignments"),
        "digests_url": settings.SITE_URL + reverse("reminders:inbox"),
    }
    text = render_to_string("reminders/email/digest.txt", context)
    html = render_to_string("reminders/email/digest.html", context)
    return subject, text, html


_TABLE_HEAD = ('<table style="border-collapse:collapse" cellpadding="4"><tr><th align="left">Nhiệm vụ</th>'
               '<th align="left">Đơn vị</th><th align="left">Văn bản</th><th align="left">Hạn</th></tr>')


def digests_create(*, day: dt.date, plans: list[Planned]) -> None:
    now = timezone.now()
    digests = []
    for plan in plans:
        subject, text, html = render(plan, day)
        plan.digest = Digest(recipient=plan.recipient, user=plan.user, address=plan.address if not plan.user else "",
                             day=day, subject=subject, text=text, html=html, items=len(plan.items))
        digests.append(plan.digest)
    Digest.objects.bulk_create(digests, batch_size=2000)
    # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35, both of which we require.
    # Plain tuples: half a million model instances would cost more than the insert. The pairs are new (told
    # ones were left out, and concurrent sweeps of a day wait on the SweepRun row), so PostgreSQL may COPY.
    rows = ((p.digest.pk, rid, p.recipient) for p in plans for rid in p.reminder_ids)
    table = DigestItem._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (digest_id, reminder_id, recipient) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} (digest_id, reminder_id, recipient) VALUES (%s, %s, %s) "
                               "ON CONFLICT (reminder_id, recipient) DO NOTHING", list(rows))
    Delivery.objects.bulk_create(
        [Delivery(digest=p.digest, to=p.address, next_attempt_at=now) for p in plans if p.address],
        batch_size=2000)


def sweep_run(*, day: dt.date | None = None, dry_run: bool = False) -> SweepResult:
    """The day's sweep, all in one transaction. A dry run does the same work and rolls it back."""
    day = day or timezone.localdate()
    result = SweepResult(day=day)

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            run, _ = SweepRun.objects.get_or_create(day=day)
            clock = time.perf_counter()
            calendar = directives.work_calendar()
            result.assignments_created = horizon_extend(day=day, calendar=calendar)
            result.timings["periods"], clock = time.perf_counter() - clock, time.perf_counter()
            result.reminders = reminders_record(day=day, calendar=calendar)
            result.timings["decide"], clock = time.perf_counter() - clock, time.perf_counter()
            result.planned = digests_plan(day=day)
            result.timings["plan"], clock = time.perf_counter() - clock, time.perf_counter()
            digests_create(day=day, plans=result.planned)
            result.timings["digests"] = time.perf_counter() - clock
            run.finished_at = timezone.now()
            run.reminders += result.reminders
            run.digests += result.digests
            run.save()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result
