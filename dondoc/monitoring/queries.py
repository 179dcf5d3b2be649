"""Reads shared by pages, commands and the API: statuses and counts as of a date, set-based."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.utils.translation import gettext

from dondoc.directives import rules
from dondoc.directives.models import Assignment, Document, Task
from dondoc.lib.calendar import shift
from dondoc.lib.text import document_number_key, fold, nfc


def active_on(day: dt.date) -> Q:
    """Assignments that a unit carried on `day` (after the task was given, before a merge passed it on)."""
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def status_filters(day: dt.date, soon_days: int | None = None) -> dict[str, Q]:
    """One Q per status, the set-based twin of rules.status_on (a test keeps them equal)."""
    soon = shift(day, settings.DUE_SOON_DAYS if soon_days is None else soon_days)
    done = Q(done_on__isnull=False, done_on__lte=day)
    open_ = ~done
    return {
        rules.DONE_ON_TIME: done & (Q(due_on__isnull=True) | Q(due_on__gte=F("done_on"))),
        rules.DONE_LATE: done & Q(due_on__isnull=False, due_on__lt=F("done_on")),
        rules.NO_DEADLINE: open_ & Q(due_on__isnull=True),
        rules.OVERDUE: open_ & Q(due_on__lt=day),
        rules.DUE_SOON: open_ & Q(due_on__gte=day, due_on__lte=soon),
        rules.IN_PROGRESS: open_ & Q(due_on__gt=soon, started_on__lte=day),
        rules.NOT_YET_DUE: open_ & Q(due_on__gt=soon) & (Q(started_on__isnull=True) | Q(started_on__gt=day)),
    }


# The order in which dashboards and exports show the statuses.
COLUMNS = (rules.DONE_ON_TIME, rules.DONE_LATE, rules.IN_PROGRESS, rules.DUE_SOON, rules.OVERDUE,
           rules.NOT_YET_DUE, rules.NO_DEADLINE)


class _Counts:
    """What a row of status counts shows: done, overdue, the share done and the cells in column order."""

    total: int
    counts: dict[str, int]

    @property
    def done(self) -> int:
        return self.counts.get(rules.DONE_ON_TIME, 0) + self.counts.get(rules.DONE_LATE, 0)

    @property
    def overdue(self) -> int:
        return self.counts.get(rules.OVERDUE, 0)

    @property
    def share_done(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(s, 0) for s in COLUMNS]


@dataclass
class TaskStats(_Counts):
    task: Task
    total: int
    counts: dict[str, int] = field(default_factory=dict)


def status_counts(assignments: QuerySet[Assignment], day: dt.date) -> dict[str, int]:
    filters = status_filters(day)
    return assignments.filter(active_on(day)).aggregate(
        total=Count("id"), **{status: Count("id", filter=q) for status, q in filters.items()})


def current_period_filter(day: dt.date, tasks: list[Task] | None = None) -> Q:
    """For a recurring task, the period whose report is due next (or the last one, once all are past).

    Given the tasks already loaded, the filter needs no join to the task table: on a million assignments
    that join is a good part of the cost.
    """
    current = Q(period_start__lte=day, period_end__gte=day)
    if tasks is not None:
        recurring = [t.pk for t in tasks if t.is_recurring]
        if not recurring:
            return Q()
        return Q(task__in=[t.pk for t in tasks if not t.is_recurring]) | (Q(task__in=recurring) & current)
    return Q(task__deadline_kind="recurring") & current | ~Q(task__deadline_kind="recurring")


def status_case(day: dt.date, soon_days: int | None = None) -> Case:
    """The status of each row as one CASE, in the order of rules.status_on's tests.

    Counting GROUP BY this expression evaluates one short-circuited CASE a row instead of seven
    conditional counts: on 130,000 rows that halves the time on SQLite.
    """
    soon = shift(day, settings.DUE_SOON_DAYS if soon_days is None else soon_days)
    done = Q(done_on__isnull=False, done_on__lte=day)
    return Case(
        When(done & Q(due_on__isnull=False, due_on__lt=F("done_on")), then=Value(rules.DONE_LATE)),
        When(done, then=Value(rules.DONE_ON_TIME)),
        When(due_on__isnull=True, then=Value(rules.NO_DEADLINE)),
        When(due_on__lt=day, then=Value(rules.OVERDUE)),
        When(due_on__lte=soon, then=Value(rules.DUE_SOON)),
        When(started_on__lte=day, then=Value(rules.IN_PROGRESS)),
        default=Value(rules.NOT_YET_DUE), output_field=CharField())


def program_stats(document: Document, day: dt.date, tasks: QuerySet[Task] | None = None) -> list[TaskStats]:
    """For each task of the document: responsible units done/total and the status counts as of `day`.

    One query for all tasks. A recurring task counts the reporting period that contains `day`.
    """
    tasks = list((tasks if tasks is not None else document.tasks.all()).filter(withdrawn=False))
    rows = (
        Assignment.objects.filter(task__in=tasks).filter(active_on(day)).filter(current_period_filter(day, tasks))
        .order_by()  # the default ordering would join tasks, documents and units for nothing
        .annotate(status=status_case(day)).values("task_id", "status").annotate(n=Count("id"))
    )
    counts: dict[int, dict[str, int]] = {task.pk: dict.fromkeys(rules.STATUSES, 0) for task in tasks}
    for row in rows:
        counts[row["task_id"]][row["status"]] += row["n"]
    return [TaskStats(task=task, total=sum(counts[task.pk].values()), counts=counts[task.pk]) for task in tasks]


def task_assignments(task: Task, day: dt.date) -> QuerySet[Assignment]:
    """The assignments counted for `task` as of `day`, with their units, in registry order."""
    return (Assignment.objects.filter(task=task).filter(active_on(day)).filter(current_period_filter(day, [task]))
            .select_related("unit", "task").order_by("unit__path"))


def split_done(task: Task, day: dt.date) -> tuple[list[Assignment], list[Assignment]]:
    done, not_done = [], []
    for a in task_assignments(task, day):
        (done if a.done_on is not None and a.done_on <= day else not_done).append(a)
    return done, not_done


# --- Dashboards: grouped counts, lists, trend, scorecard, search -------------------------------------

GROUPINGS = {"loai": "unit__kind", "tinh": "unit__province"}


@dataclass
class GroupStats(_Counts):
    key: str
    label: str
    total: int
    counts: dict[str, int]


def _status_aggregates(day: dt.date) -> dict:
    return {"total": Count("id"), **{s: Count("id", filter=q) for s, q in status_filters(day).items()}}


def task_group_stats(task: Task, day: dt.date, by: str) -> list[GroupStats]:
    """Status counts of one task's units as of `day`, grouped by unit kind ("loai") or province ("tinh")."""
    return task_overview(task, day, by)[0]


def task_overview(task: Task, day: dt.date, by: str) -> tuple[list[GroupStats], "Trend"]:
    """The grouped status counts and the completion trend of one task, from a single scan of its rows.

    The task's totals are the sum of its groups, so a page needs no second scan.
    """
    from dondoc.units.models import UnitKind

    field_name = GROUPINGS[by]
    # The completion day only for rows done by `day`: the others collapse into one group per status.
    done_day = Case(When(Q(done_on__isnull=False, done_on__lte=day), then=F("done_on")), output_field=DateField())
    rows = (task_assignments(task, day).order_by().annotate(status=status_case(day), done_day=done_day)
            .values(field_name, "status", "done_day").annotate(n=Count("id")))
    by_key: dict[str, dict[str, int]] = {}
    completed: dict[dt.date, int] = {}
    for row in rows:
        key = row[field_name] or ""
        by_key.setdefault(key, dict.fromkeys(rules.STATUSES, 0))[row["status"]] += row["n"]
        if row["status"] in rules.DONE:
            completed[row["done_day"]] = completed.get(row["done_day"], 0) + row["n"]
    labels = dict(UnitKind.choices) if by == "loai" else {}
    groups = [GroupStats(key=key, label=str(labels.get(key, key)) or gettext("(chưa ghi tỉnh)"), total=sum(c.values()),
                         counts=c) for key, c in by_key.items()]
    groups.sort(key=lambda g: (-g.total, fold(g.label)))
    points, running = [], 0
    for when in sorted(completed):
        running += completed[when]
        points.append((when, running))
    total = sum(g.total for g in groups)
    return groups, _trend(task, day, total, points)


def sum_groups(groups: list[GroupStats]) -> GroupStats:
    counts = {s: sum(g.counts[s] for g in groups) for s in rules.STATUSES}
    return GroupStats(key="", label=gettext("Tổng cộng"), total=sum(g.total for g in groups), counts=counts)


def not_done(task: Task, day: dt.date, *, kind: str = "", province: str | None = None,
             status: str = "") -> QuerySet[Assignment]:
    """Units that had not done `task` by `day`, most late first (undated ones last)."""
    qs = task_assignments(task, day).exclude(status_filters(day)[rules.DONE_ON_TIME]).exclude(
        status_filters(day)[rules.DONE_LATE])
    if kind:
        qs = qs.filter(unit__kind=kind)
    if province is not None:
        qs = qs.filter(unit__province=province)
    if status in rules.STATUSES and status not in rules.DONE:
        qs = qs.filter(status_filters(day)[status])
    return qs.order_by(F("due_on").asc(nulls_last=True), "unit__path")


def not_done_rows(assignments: QuerySet[Assignment], day: dt.date):
    """The rows of the not-done export, read as tuples: no model per row on 130,000 units."""
    from dondoc.units.models import UnitKind

    kinds = dict(UnitKind.choices)
    labels = {s: str(rules.LABELS[s]) for s in rules.STATUSES}
    soon = settings.DUE_SOON_DAYS
    for name, kind, province, due_on, done_on, started_on in assignments.values_list(
            "unit__name", "unit__kind", "unit__province", "due_on", "done_on", "started_on").iterator(5000):
        status = rules.status_on(due_on=due_on, done_on=done_on, started_on=started_on, on=day, soon_days=soon)
        late = max((day - due_on).days, 0) if due_on else 0
        yield [name, str(kinds.get(kind, kind)), province, due_on, labels[status], late]


def days_late(assignment: Assignment, day: dt.date) -> int:
    """Days past the deadline as of `day` (0 when not late); for a late completion, the delay it had."""
    if assignment.due_on is None:
        return 0
    end = assignment.done_on if assignment.done_on is not None and assignment.done_on <= day else day
    return max((end - assignment.due_on).days, 0)


@dataclass
class Trend:
    start: dt.date
    end: dt.date
    deadline: dt.date | None
    total: int
    points: list[tuple[dt.date, int]]  # cumulative completions at the end of each day with one


def completion_trend(task: Task, day: dt.date) -> Trend:
    """Cumulative completions of `task` up to `day`, one point per day on which units completed it."""
    return task_overview(task, day, "loai")[1]


def _trend(task: Task, day: dt.date, total: int, points: list[tuple[dt.date, int]]) -> Trend:
    deadline = task.deadline_date
    end = max([day] + ([deadline] if deadline else []))
    return Trend(start=task.assigned_on, end=end, deadline=deadline, total=total, points=points)


@dataclass
class Scorecard:
    unit: object
    assignments: list[Assignment]
    counts: dict[str, int]

    @property
    def settled(self) -> int:
        """Assignments whose outcome is known: done, or past the deadline."""
        return sum(self.counts[s] for s in (rules.DONE_ON_TIME, rules.DONE_LATE, rules.OVERDUE))

    @property
    def on_time_rate(self) -> float | None:
        return self.counts[rules.DONE_ON_TIME] / self.settled if self.settled else None

    @property
    def late(self) -> list[Assignment]:
        return [a for a in self.assignments if a.status in (rules.OVERDUE, rules.DONE_LATE)]


def unit_scorecard(unit, day: dt.date) -> Scorecard:
    """Everything assigned to one unit and counted as of `day` (current period of recurring tasks)."""
    rows = list(Assignment.objects.filter(unit=unit).filter(active_on(day)).filter(current_period_filter(day))
                .select_related("task__document").order_by("due_on", "task__document__date", "task__order"))
    counts = dict.fromkeys(rules.STATUSES, 0)
    for a in rows:
        a.status = a.status_on(day)
        a.days_late = days_late(a, day)
        counts[a.status] += 1
    return Scorecard(unit=unit, assignments=rows, counts=counts)


SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 8
_WORD = re.compile(r"[0-9a-z]+")


class SearchError(ValueError):
    """A search string that cannot be used; the message is for the user, in Vietnamese."""


def search_words(raw: str) -> list[str]:
    """The folded words of a query; quotes, operators and punctuation are separators, never syntax."""
    if len(raw) > SEARCH_MAX_CHARS:
        raise SearchError(f"Chuỗi tìm kiếm quá dài ({len(raw)} ký tự); tối đa {SEARCH_MAX_CHARS} ký tự.")
    words = list(dict.fromkeys(_WORD.findall(fold(nfc(raw)))))
    if not words:
        raise SearchError("Hãy nhập ít nhất một từ có chữ cái hoặc chữ số để tìm.")
    if len(words) > SEARCH_MAX_WORDS:
        raise SearchError(f"Chuỗi tìm kiếm có quá nhiều từ; tối đa {SEARCH_MAX_WORDS} từ.")
    return words


def documents_matching(documents: QuerySet[Document], text: str, limit: int = 20) -> list[Document]:
    """Documents by a number typed in any variant ("02/Ctr-BCH"), or by part of the number or words of the
    summary ("02/CTr", "dai hoi cong doan"), accent-insensitive; programs first, newest first."""
    key = document_number_key(text)
    exact = documents.filter(number_key=key) if key else documents.none()
    if exact.exists():
        return list(exact.order_by("-date", "-id")[:limit])
    try:
        words = search_words(text)
    except SearchError:
        return []
    return list(search_filter(documents, words).order_by("-is_program", "-date", "-id")[:limit])


def search_filter(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
