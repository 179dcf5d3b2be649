"""Reads shared by pages, commands and the API: statuses and counts as of a date, set-based."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, DateField, F, Q, QuerySet, When

from dondoc.directives import rules
from dondoc.directives.models import Assignment, Task
from dondoc.directives.queries import (  # noqa: F401 (re-exported: the dashboards' callers read them here too)
    COLUMNS,
    TaskStats,
    _Counts,
    active_on,
    current_period_filter,
    program_stats,
    split_done,
    status_case,
    status_counts,
    status_filters,
    task_assignments,
)
from dondoc.lib.text import fold, nfc

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
    groups = [GroupStats(key=key, label=str(labels.get(key, key)) or "(chưa ghi tỉnh)", total=sum(c.values()),
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
    return GroupStats(key="", label="Tổng cộng", total=sum(g.total for g in groups), counts=counts)


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


def search_filter(queryset: QuerySet, words: list[str]) -> QuerySet:
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset
