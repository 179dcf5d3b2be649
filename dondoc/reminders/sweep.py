"""The daily sweep: decide the reminders set-based, then one digest per recipient per day, in one transaction.

1. Recurring tasks get their next reporting periods (one assignment per unit per period, ahead of time).
2. For each active rule, the deadlines it fires for today are computed from the working calendar; one
   INSERT ... SELECT per rule records the reminders of every matching open assignment, ignoring the ones
   already recorded (unique per assignment, rule and day): running the sweep twice changes nothing.
3. Reminders not yet told to their recipients are grouped into one digest per recipient and day, with an
   outbox row for the e-mail. A recipient who already had today's digest gets the rest the next day. A
   digest keeps its counts and the ids of the lines it shows; its text and HTML are written when it is
   first sent or read (digest_body), then kept.
"""

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, DateField, Exists, IntegerField, Max, OuterRef, Q, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dondoc.accounts.models import Role, User
from dondoc.directives import history
from dondoc.directives import rules as status_rules
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Task
from dondoc.directives.queries import active_on, status_filters
from dondoc.lib.calendar import WorkCalendar
from dondoc.notifications import services as notifications
from dondoc.units.models import Unit

from . import schedule
from .models import (
    Delivery,
    Digest,
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
# A digest lists the most urgent lines, then points to the list in the application: a superior union
# following a hundred grassroots unions gets a readable e-mail, not hundreds of lines.
MAX_LINES = 50
# PostgreSQL memory for the sweep's sorts and hash joins, for its transaction only.
SWEEP_WORK_MEM = "64MB"
# After recording this many reminders, refresh the log's statistics before reading them back: the planner
# otherwise believes today's rows are few and joins them one by one (2.1 s instead of 1.1 s at scale).
ANALYZE_AFTER = 10_000
# pg_advisory_xact_lock key of the sweep (any constant; "dondoc" in ASCII).
SWEEP_LOCK = 0x646F6E646F63


@dataclass
class Item:
    """One line of a digest: an assignment, shared by every digest that shows it (rendered once)."""

    assignment_id: int
    unit_id: int
    unit: str
    task: str
    document: str
    period: str
    due: dt.date
    path: str = ""
    orphan: bool = False  # neither the unit nor a unit above it has an account: listed for the monitor


@dataclass
class Planned:
    recipient: str
    user: User | None
    address: str
    lines: dict[int, dt.date] = field(default_factory=dict)  # assignment → due, all of them, most urgent first
    counts: dict[str, int] = field(default_factory=lambda: {"late": 0, "today": 0, "soon": 0})
    orphans: set[int] = field(default_factory=set)  # lines of units that nobody up to the centre can receive
    digest: Digest | None = None
    _items: list[Item] | None = None

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def shown(self) -> list[list[int]]:
        """The lines the digest shows, the MAX_LINES most urgent: [assignment id, 1 if orphan else 0]."""
        return [[aid, int(aid in self.orphans)] for aid in islice(self.lines, MAX_LINES)]

    @property
    def items(self) -> list[Item]:
        """The shown lines with their names (loaded when asked: the sweep itself does not need them)."""
        if self._items is None:
            self._items = lines_items(self.shown)
        return self._items


@dataclass
class SweepResult:
    day: dt.date
    reminders: int = 0
    milestone_reminders: int = 0
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


def sweep_lock() -> None:
    """Serialise the sweeps until the end of the transaction: each one sees what the previous one recorded.

    On SQLite every transaction is immediate (settings), so a second writer already waits for the first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])


def day_partition(day: dt.date) -> str:
    """PostgreSQL: the name of the partition of the reminder log that holds `day` (migration 0010)."""
    return f"{Reminder._meta.db_table}_{day:%Y_%m_%d}"


def day_partition_sql(day: dt.date) -> str:
    return (f"CREATE TABLE IF NOT EXISTS {day_partition(day)} PARTITION OF {Reminder._meta.db_table} "
            f"FOR VALUES FROM ('{day.isoformat()}') TO ('{(day + dt.timedelta(days=1)).isoformat()}')")


def day_partition_ensure(day: dt.date) -> None:
    """Create the day's partition of the log on PostgreSQL if it is missing (in the sweep's transaction: a
    dry run leaves nothing behind)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [day_partition(day)])
        if cursor.fetchone()[0] is None:
            cursor.execute(day_partition_sql(day))


def reminders_record(*, day: dt.date, calendar: WorkCalendar, run: int = 0) -> int:
    """One INSERT ... SELECT per rule, under the sweep lock, leaving out the (day, rule, assignment) already
    recorded: a second run records only what is new. Returns the rows inserted."""
    sweep_lock()
    day_partition_ensure(day)
    rules = list(ReminderRule.objects.filter(active=True))
    tasks_with_rules = {r.task_id for r in rules if r.task_id}
    documents_with_rules = {r.document_id for r in rules if r.document_id}
    table = Reminder._meta.db_table
    inserted = 0
    with connection.cursor() as cursor:
        for rule in rules:
            qs = due_assignments(rule, day, calendar, tasks_with_rules, documents_with_rules)
            if qs is None:
                continue
            if Reminder.objects.filter(day=day, rule_id=rule.pk).exists():  # a later run of the day
                qs = qs.exclude(Exists(Reminder.objects.filter(day=day, rule_id=rule.pk,
                                                               assignment_id=OuterRef("pk"))))
            qs = qs.annotate(
                _rule=Value(rule.pk, output_field=IntegerField()), _day=Value(day, output_field=DateField()),
                _stage=Value(rule.stage, output_field=IntegerField()), _run=Value(run, output_field=IntegerField()),
                _deferred=Value(False, output_field=BooleanField()),
            ).values_list("id", "_rule", "_day", "_stage", "_run", "_deferred")
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} (assignment_id, rule_id, day, stage, run, deferred) {sql}", params)
            inserted += max(cursor.rowcount, 0)
    return inserted


def _shift_month(day: dt.date, months: int, day_of_month: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, day_of_month)


def cycle_apply(*, task: Task, cycle: ReportingCycle, day: dt.date, calendar: WorkCalendar,
                now: dt.datetime | None = None) -> int:
    """Move the cut-off and due dates of the task's open current and future periods to the task's cycle."""
    months = task.recurrence_months or 6
    changed = 0
    for a in Assignment.objects.filter(task=task, done_on__isnull=True, period_end__gte=day - dt.timedelta(days=31)):
        end = a.period_end.replace(day=cycle.cutoff_day)
        start = _shift_month(end, -months, cycle.cutoff_day) + dt.timedelta(days=1)
        due = calendar.on_or_after(_shift_month(end, 1 if cycle.due_next_month else 0, cycle.due_day))
        if a.extensions:
            due = a.due_on  # a granted extension stands
        changed += history.revise_one(a, now=now, cause="cycle", period_start=start, period_end=end, due_on=due)
    return changed


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


def _ancestor_paths(path: str) -> list[str]:
    """"/a/b/c/" → ["/a/b/", "/a/"]: the units above, nearest first."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts) - 1, 0, -1)]


def _chunks(values: list, size: int | None = None):
    size = size or min(connection.features.max_query_params or 2000, 2000)
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _Recipients:
    """Who is told of a reminder, by escalation stage: 1 the unit's officers, 2 its head (or, lacking one, its
    officers), 3 the monitor. A unit without accounts is urged through the nearest unit above it that has
    officers (the superior union follows its grassroots unions); with none up to the centre, the reminder is
    listed for the monitor (an orphan). Worked out once per unit, stage and rule, not once per reminder."""

    def __init__(self):
        self.officers: dict[int, list[User]] = defaultdict(list)
        self.heads: dict[int, list[User]] = defaultdict(list)
        self.unit_by_path: dict[str, int] = {}
        # The monitor's own department is followed by the monitors: they receive its reminders (it is not
        # a unit without accounts).
        people = (User.objects.filter(is_active=True, unit__isnull=False).exclude(role=Role.ADMIN)
                  .filter(Q(role__in=(Role.OFFICER, Role.MONITOR)) | Q(is_unit_head=True)).select_related("unit")
                  .only("id", "unit_id", "unit__path", "email", "role", "is_unit_head", "first_name", "last_name",
                        "username"))
        for user in people:
            if user.is_unit_head:
                self.heads[user.unit_id].append(user)
            if user.role in (Role.OFFICER, Role.MONITOR):
                self.officers[user.unit_id].append(user)
                self.unit_by_path[user.unit.path] = user.unit_id
        self.monitors = list(User.objects.filter(is_active=True, role=Role.MONITOR))
        if not self.monitors:
            self.monitors = list(User.objects.filter(is_active=True, role=Role.ADMIN))
        self.leaders = leaders()
        self.extra = {r.pk: split_addresses(r.extra_emails) for r in ReminderRule.objects.exclude(extra_emails="")}
        self.contact: dict[int, int | None] = {}

    def resolve(self, parents: dict[int, int | None]) -> None:
        """The contact unit of each unit (itself, or the nearest unit above with officers; None: nobody)."""
        unresolved = {}
        for unit_id, parent_id in parents.items():
            if unit_id in self.officers or unit_id in self.heads:
                self.contact[unit_id] = unit_id
            elif parent_id in self.officers:
                self.contact[unit_id] = parent_id
            elif parent_id is None:
                self.contact[unit_id] = None
            else:
                unresolved[unit_id] = parent_id
        paths = dict(_by_ids(Unit.objects.values_list("id", "path").order_by(), list(set(unresolved.values()))))
        for unit_id, parent_id in unresolved.items():
            self.contact[unit_id] = next((self.unit_by_path[p] for p in _ancestor_paths(paths.get(parent_id, "/"))
                                          if p in self.unit_by_path), None)

    def targets(self, contact: int | None, stage: int, rule_id: int) -> list[tuple[str, User | None, str]]:
        """(recipient key, user or None, address) of a reminder of a unit whose contact unit is `contact`."""
        if stage == Stage.MONITOR:
            chosen = self.monitors
        elif stage == Stage.LEADERS:
            chosen = [*self.leaders, *(u for u in self.heads.get(contact, []) if u not in self.leaders)]
        elif stage == Stage.HEAD:
            chosen = self.heads.get(contact) or self.officers.get(contact, [])
        else:
            chosen = self.officers.get(contact, [])
        return ([(f"u{u.pk}", u, u.email) for u in (chosen or self.monitors)]
                + [(f"a:{a.lower()}", None, a) for a in self.extra.get(rule_id, [])])


def leaders() -> list[User]:
    """The leaders' accounts (the standing presidium): the last stage of escalation."""
    return list(User.objects.filter(is_active=True, role=Role.LEADER).order_by("last_name", "first_name", "pk"))


def _pending(day: dt.date):
    """Today's reminders and earlier ones held back (deferred) because their recipient had already been told
    that day, as plain tuples: half a million model instances would cost more than the query."""
    since = day - dt.timedelta(days=CARRY_DAYS)
    # Done, or sent and waiting for the monitor, since the reminder was decided: nothing left to urge.
    done = (Q(assignment__done_on__isnull=False, assignment__done_on__lte=day)
            | Q(assignment__submitted_on__isnull=False, assignment__submitted_on__lte=day))
    recent = Q(day=day) | Q(deferred=True, day__gte=since, day__lt=day)
    return (Reminder.objects.filter(recent).exclude(done).exclude(assignment__task__withdrawn=True)
            .values_list("day", "rule_id", "assignment_id", "stage", "run", "assignment__unit_id",
                         "assignment__due_on", "assignment__unit__parent_id")
            .order_by("assignment__due_on", "assignment__unit_id", "assignment_id"))


def _section(due: dt.date, day: dt.date) -> str:
    return "late" if due < day else "today" if due == day else "soon"


def _by_ids(queryset, ids: list[int]):
    """Rows of `queryset` whose id is in `ids`: one array parameter on PostgreSQL (a list of thousands of
    parameters costs more to send than the rows), chunks of IN lists elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        yield from queryset.extra(where=[f"{table}.id = ANY(%s)"], params=[ids])  # noqa: S610 (no user input)
        return
    for chunk in _chunks(ids):
        yield from queryset.filter(id__in=chunk)


def _items(lines: list[list[int]]) -> dict[int, Item]:
    """The names of the lines [assignment id, orphan] (unit, task, document), one Item per assignment."""
    orphans = {aid for aid, orphan in lines if orphan}
    rows = Assignment.objects.values_list(
        "id", "unit_id", "unit__short_name", "unit__name", "task__ref", "task__title", "task__document__number",
        "period_label", "due_on", "unit__path").order_by()
    return {aid: Item(aid, unit_id, short or name, f"{ref} {title}".strip(), number or "", period or "", due, path,
                      orphan=aid in orphans)
            for aid, unit_id, short, name, ref, title, number, period, due, path
            in _by_ids(rows, sorted({aid for aid, _orphan in lines}))}


def lines_items(lines: list[list[int]], found: dict[int, Item] | None = None) -> list[Item]:
    """A digest's lines as Items, in the order a reader scans them: by deadline, then by unit."""
    found = _items(lines) if found is None else found
    return sorted((found[aid] for aid, _orphan in lines if aid in found), key=lambda i: (i.due, i.path, i.assignment_id))


def digests_plan(*, day: dt.date) -> list[Planned]:
    """Group the reminders not yet told into one digest per recipient, one line per assignment.

    A recipient whose last digest came from run N has been told every reminder recorded by a run <= N. A
    recipient already told today gets the rest the next day: those reminders are marked deferred and carried
    forward (at most CARRY_DAYS). Only counts and the ids of the lines shown are kept: the names are read
    when the digest is shown or sent (render)."""
    rows = _pending(day)
    if connection.vendor == "postgresql":  # half a million rows: no per-row wrapping by the ORM's iterator
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        rows = list(rows)
    if not rows:
        return []
    recipients = _Recipients()
    recipients.resolve({row[5]: row[7] for row in rows})
    contact = recipients.contact
    since = day - dt.timedelta(days=CARRY_DAYS)
    last_run = dict(Digest.objects.filter(day__gte=since).values("recipient").annotate(last=Max("run"))
                    .values_list("recipient", "last"))
    already_today = set(Digest.objects.filter(day=day).values_list("recipient", flat=True))
    planned: dict[str, Planned] = {}
    deferred: set[tuple] = set()
    carried: set[tuple] = set()
    targets: dict[tuple, list] = {}  # (contact unit, stage, rule) → recipients, with what each has been told
    # Rows come most urgent first, so each digest's first MAX_LINES lines are the ones it shows.
    for rday, rule_id, aid, stage, run, unit_id, due, _parent in rows:
        if rday != day:
            carried.add((rday, rule_id, aid))
        key = (contact.get(unit_id), stage, rule_id)
        found = targets.get(key)
        if found is None:
            found = targets[key] = []
            for recipient, user, address in recipients.targets(*key):
                entry = planned.get(recipient)
                if entry is None:
                    entry = planned[recipient] = Planned(recipient, user, address)
                found.append((entry, last_run.get(recipient, -1), recipient in already_today))
        for entry, last, told_today in found:
            if run <= last:
                continue  # told already
            if told_today:
                deferred.add((rday, rule_id, aid))
                continue
            lines = entry.lines
            if aid not in lines:  # one line per assignment even when several rules fired for it
                lines[aid] = due
                entry.counts[_section(due, day)] += 1
                if key[0] is None:
                    entry.orphans.add(aid)
    _deferred_mark(deferred, True)
    _deferred_mark(carried - deferred, False)
    return [plan for plan in planned.values() if plan.lines]


def plans_items_load(plans: list[Planned]) -> None:
    """Load the shown lines of many plans in one pass (the dry run prints them before rolling back)."""
    found = _items([line for plan in plans for line in plan.shown])
    for plan in plans:
        plan._items = lines_items(plan.shown, found)


def _deferred_mark(keys: set[tuple], value: bool) -> None:
    for chunk in _chunks(sorted(keys), 300):
        Reminder.objects.filter(pk__in=chunk).update(deferred=value)


SECTIONS = (("late", "Quá hạn chưa hoàn thành", "#a40000"), ("today", "Đến hạn hôm nay", "#8a5a00"),
            ("soon", "Sắp đến hạn", "#1d4f91"))
WORDS = {"late": "quá hạn", "today": "đến hạn hôm nay", "soon": "sắp đến hạn"}


def _prepare(item: Item, day: dt.date, url_pattern: str) -> None:
    """The item's text and HTML lines."""
    url = settings.SITE_URL + url_pattern.replace("0", str(item.assignment_id), 1)
    delta = abs((item.due - day).days)
    item.section = _section(item.due, day)
    when = {"late": f" (quá hạn {delta} ngày)", "today": "", "soon": f" (còn {delta} ngày)"}[item.section]
    period = f" ({item.period})" if item.period else ""
    flag = " [đơn vị chưa có tài khoản]" if item.orphan else ""
    item.text = (f"- {item.task}{period} — {item.unit}{flag}\n  Văn bản: {item.document} · "
                 f"Hạn: {item.due:%d/%m/%Y}{when}\n  {url}\n")
    item.html = (f'<tr style="border-top:1px solid #ddd"><td><a href="{escape(url)}">{escape(item.task)}</a>'
                 f"{escape(period)}</td><td>{escape(item.unit)}"
                 f"{' <strong>(đơn vị chưa có tài khoản)</strong>' if item.orphan else ''}</td>"
                 f"<td>{escape(item.document)}</td><td>{item.due:%d/%m/%Y}{when}</td></tr>")


def _urls() -> dict[str, str]:
    return {"assignment": reverse("submissions:assignment", args=[0]),
            "list": settings.SITE_URL + reverse("submissions:my_assignments"),
            "digests": settings.SITE_URL + reverse("reminders:inbox")}


def subject(day: dt.date, counts: dict[str, int]) -> str:
    summary = ", ".join(f"{n} {WORDS[k]}" for k, n in counts.items() if n)
    return f"[dondoc] Nhắc việc ngày {day:%d/%m/%Y}: {summary}"


def render(digest: Digest) -> tuple[str, str]:
    """The plain-text and HTML bodies of a digest, from its lines (names as they are now)."""
    items = lines_items(digest.lines)
    day = digest.day
    urls = _urls()
    for i in items:
        _prepare(i, day, urls["assignment"])
    sections = [(title.upper(), title, colour, [i for i in items if i.section == key])
                for key, title, colour in SECTIONS]
    context = {
        "name": (digest.user.get_full_name() or digest.user.username) if digest.user_id else digest.address,
        "day": f"{day:%d/%m/%Y}", "more": digest.items - len(items),
        "orphans": any(i.orphan for i in items),
        "text_sections": "".join(f"\n{upper}\n" + "".join(i.text for i in rows)
                                 for upper, _t, _c, rows in sections if rows),
        "html_sections": mark_safe("".join(
            format_html('<h3 style="color:{}">{}</h3>', colour, title) + _TABLE_HEAD
            + "".join(i.html for i in rows) + "</table>" for _u, title, colour, rows in sections if rows)),
        "list_url": urls["list"],
        "digests_url": urls["digests"],
    }
    return (render_to_string("reminders/email/digest.txt", context),
            render_to_string("reminders/email/digest.html", context))


def digest_body(digest: Digest) -> tuple[str, str]:
    """The digest's bodies: rendered the first time it is sent or read, then kept, so that every copy of
    the e-mail (a retry after an outage) and the page show the same text."""
    if not digest.text:
        text, html = render(digest)
        if Digest.objects.filter(pk=digest.pk, text="").update(text=text, html=html):
            digest.text, digest.html = text, html
        else:  # written meanwhile by another worker or page: that one is what was sent
            digest.text, digest.html = Digest.objects.values_list("text", "html").get(pk=digest.pk)
    return digest.text, digest.html


_TABLE_HEAD = ('<table style="border-collapse:collapse" cellpadding="4"><tr><th align="left">Nhiệm vụ</th>'
               '<th align="left">Đơn vị</th><th align="left">Văn bản</th><th align="left">Hạn</th></tr>')


def digests_create(*, day: dt.date, plans: list[Planned], run: int = 0) -> None:
    """One digest row per recipient, with an outbox row for its e-mail: counts and the shown lines' ids only
    (a few hundred bytes), rendered when sent or read."""
    now = timezone.now()
    for plan in plans:
        plan.digest = Digest(recipient=plan.recipient, user=plan.user, address=plan.address if not plan.user else "",
                             day=day, subject=subject(day, plan.counts), counts=plan.counts, lines=plan.shown,
                             items=plan.total, run=run)
    Digest.objects.bulk_create([p.digest for p in plans], batch_size=1000)
    # A person who turned the daily e-mail off still finds the digest in the application.
    email_off = notifications.digest_email_off_users() if plans else set()
    Delivery.objects.bulk_create(
        [Delivery(digest=p.digest, to=p.address, next_attempt_at=now) for p in plans
         if p.address and not (p.user is not None and p.user.pk in email_off)],
        batch_size=2000)


def sweep_run(*, day: dt.date | None = None, dry_run: bool = False, details: bool = False) -> SweepResult:
    """One run of the day's sweep, all in one transaction. A dry run does the same work and rolls it back.
    With `details`, the names of the lines shown are loaded too (inside the transaction, for a dry run)."""
    day = day or timezone.localdate()
    result = SweepResult(day=day)

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            sweep_lock()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # the day's hash joins in memory, not in temporary files
                    cursor.execute(f"SET LOCAL work_mem = '{SWEEP_WORK_MEM}'")
            run = SweepRun.objects.create(day=day)
            clock = time.perf_counter()
            calendar = directives.work_calendar()
            result.assignments_created = horizon_extend(day=day, calendar=calendar)
            result.timings["periods"], clock = time.perf_counter() - clock, time.perf_counter()
            result.reminders = reminders_record(day=day, calendar=calendar, run=run.pk)
            result.milestone_reminders = milestone_reminders_record(day=day, calendar=calendar)
            result.timings["decide"], clock = time.perf_counter() - clock, time.perf_counter()
            if connection.vendor == "postgresql" and result.reminders >= ANALYZE_AFTER:
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {day_partition(day)}")
            result.planned = digests_plan(day=day)
            result.timings["plan"], clock = time.perf_counter() - clock, time.perf_counter()
            digests_create(day=day, plans=result.planned, run=run.pk)
            result.timings["digests"] = time.perf_counter() - clock
            run.finished_at = timezone.now()
            run.reminders = result.reminders
            run.digests = result.digests
            run.save()
            if details:
                plans_items_load(result.planned)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _milestone_scope(rule: ReminderRule, tasks_with_rules: set[int], documents_with_rules: set[int]) -> Q:
    task, document = "plan_task__task_id", "plan_task__task__document_id"
    if rule.task_id:
        return Q(**{task: rule.task_id})
    if rule.document_id:
        return Q(**{document: rule.document_id}) & ~Q(**{f"{task}__in": tasks_with_rules})
    return ~Q(**{f"{task}__in": tasks_with_rules}) & ~Q(**{f"{document}__in": documents_with_rules})


def milestones_due(rule: ReminderRule, day: dt.date, calendar: WorkCalendar, tasks_with_rules: set[int],
                   documents_with_rules: set[int]):
    """The open milestones of live progress plans `rule` reminds of on `day` (None when the rule is silent):
    the same schedule as the deadlines of assignments, and open by the same status rule."""
    from dondoc.submissions.models import Milestone, SubmissionState

    dates = schedule.due_dates(kind=rule.kind, days=rule.days, repeat_every=rule.repeat_every,
                               stop_after=rule.stop_after, day=day, calendar=calendar)
    if not dates:
        return None
    late = Q(due_on__lt=day) if rule.kind == RuleKind.AFTER else Q(due_on__gte=day)
    return (Milestone.objects.filter(due_on__in=dates).filter(late)
            .filter(Q(done_on__isnull=True) | Q(done_on__gt=day))
            .exclude(plan_task__submission__state=SubmissionState.RETURNED)
            .exclude(plan_task__task__withdrawn=True)
            .filter(_milestone_scope(rule, tasks_with_rules, documents_with_rules)))


def milestone_recipients(milestone, stage: int, recipients: "_Recipients") -> list[User]:
    """Stage 1 the leader and staff in charge, 2 the leader and the unit's heads, 3 the monitor, 4 the leaders
    (the standing presidium) and the unit's heads; nobody found: the monitor."""
    plan_task = milestone.plan_task
    unit_id = plan_task.submission.assignment.unit_id
    in_charge = [u for u in [plan_task.leader, *plan_task.staff.all()] if u is not None and u.is_active]
    if stage == Stage.OFFICERS:
        chosen = in_charge or recipients.officers.get(unit_id, [])
    elif stage == Stage.HEAD:
        chosen = [*in_charge[:1], *recipients.heads.get(unit_id, [])]
    elif stage == Stage.LEADERS:
        chosen = [*recipients.leaders, *recipients.heads.get(unit_id, [])]
    else:
        chosen = recipients.monitors
    return chosen or recipients.monitors


def milestone_reminders_record(*, day: dt.date, calendar: WorkCalendar) -> int:
    """Record each (day, rule, milestone) once and tell its recipients by a notification keyed the same way:
    a second run of the day records and tells nothing new. Returns the reminders recorded."""
    from dondoc.notifications.models import Kind as NotificationKind

    from .models import MilestoneReminder

    rules = list(ReminderRule.objects.filter(active=True))
    tasks_with_rules = {r.task_id for r in rules if r.task_id}
    documents_with_rules = {r.document_id for r in rules if r.document_id}
    recipients = None
    recorded = 0
    for rule in rules:
        qs = milestones_due(rule, day, calendar, tasks_with_rules, documents_with_rules)
        if qs is None:
            continue
        qs = qs.exclude(Exists(MilestoneReminder.objects.filter(day=day, rule_id=rule.pk, milestone_id=OuterRef("pk"))))
        found = list(qs.select_related("plan_task__leader", "plan_task__task__document",
                                       "plan_task__submission__assignment__unit")
                     .prefetch_related("plan_task__staff"))
        if not found:
            continue
        recipients = recipients or _Recipients()
        MilestoneReminder.objects.bulk_create(
            [MilestoneReminder(day=day, rule_id=rule.pk, milestone=m, stage=rule.stage) for m in found],
            ignore_conflicts=True)
        for m in found:
            task = m.plan_task.task
            unit = m.plan_task.submission.assignment.unit
            section = "quá hạn" if m.due_on < day else "đến hạn hôm nay" if m.due_on == day else "sắp đến hạn"
            title = (f"Mốc tiến độ {section} ({m.due_on:%d/%m/%Y}): {m.title} — {task.ref} {task.title}"
                     .replace("  ", " "))
            body = f"{unit.label} · {task.document} · {Stage(rule.stage).label}"
            url = reverse("submissions:assignment", args=[m.plan_task.submission.assignment_id])
            notifications.notify(kind=NotificationKind.MILESTONE, key=f"milestone:{m.pk}:{rule.pk}:{day:%Y%m%d}",
                                 notes=[notifications.Note(user=u, title=title, body=body, url=url)
                                        for u in milestone_recipients(m, rule.stage, recipients)])
        recorded += len(found)
    return recorded
