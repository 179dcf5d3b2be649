"""Reads shared by pages, commands and the API: statuses and counts as of a date, set-based."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, DateField, F, Q, QuerySet, When
from django.utils.translation import gettext

from dondoc.directives import counts, rules
from dondoc.directives.models import Assignment, Document, Task
from dondoc.directives.queries import (  # noqa: F401 (re-exported: the dashboards' callers read them here too)
    COLUMNS,
    TaskStats,
    _Counts,
    active_on,
    counted,
    current_period_filter,
    document_periods,
    knowledge,
    merged,
    program_stats,
    split_done,
    status_case,
    status_counts,
    status_filters,
    task_assignments,
    task_periods,
)
from dondoc.lib.text import document_number_key, fold, nfc

# --- Dashboards: grouped counts, lists, trend, scorecard, search -------------------------------------

GROUPINGS = {"loai": "unit__kind", "tinh": "unit__province", "cap-tren": "unit__parent_id"}
GROUP_COLUMNS = {"loai": "kind", "tinh": "province", "cap-tren": "parent"}  # the same groups in the count table


@dataclass
class GroupStats(_Counts):
    key: str
    label: str
    total: int
    counts: dict[str, int]


def task_group_stats(task: Task, day: dt.date, by: str, *, known_on: dt.date | None = None,
                     period: str = "") -> list[GroupStats]:
    """Status counts of one task's units as of `day`, grouped by unit kind ("loai"), province ("tinh") or parent
    unit ("cap-tren")."""
    return task_overview(task, day, by, known_on=known_on, period=period)[0]


def task_overview(task: Task, day: dt.date, by: str, *, known_on: dt.date | None = None,
                  period: str = "") -> tuple[list[GroupStats], "Trend"]:
    """The grouped status counts and the completion trend of one task, from a single scan of its rows.

    The task's totals are the sum of its groups, so a page needs no second scan. A group's key is the kind's
    code, the province, or the parent unit's id, as text ("" for none).
    """
    field_name = GROUPINGS[by]
    # The completion day only for rows done by `day`: the others collapse into one group per status.
    done_day = Case(When(Q(done_on__isnull=False, done_on__lte=day), then=F("done_on")), output_field=DateField())
    by_key: dict[str, dict[str, int]] = {}
    completed: dict[dt.date, int] = {}
    if known_on is None and not task.is_recurring:
        # The count table answers (directives.counts): the groups, and the completions per day for the trend;
        # the live rows only as known on an earlier day or for a recurring task (each unit's period in focus).
        for key, status, n in counts.group_counts(task.pk, day, GROUP_COLUMNS[by]):
            by_key.setdefault(_group_key(key), dict.fromkeys(rules.STATUSES, 0))[status] += n
        completed.update(counts.completions(task.pk, day))
    else:
        for source in counted([task], day, known_on=known_on, period=period):
            rows = (source.order_by().annotate(status=status_case(day), done_day=done_day)
                    .values(field_name, "status", "done_day").annotate(n=Count("pk")))
            for row in rows:
                by_key.setdefault(_group_key(row[field_name]), dict.fromkeys(rules.STATUSES, 0))[row["status"]] += row["n"]
                if row["status"] in rules.DONE:
                    completed[row["done_day"]] = completed.get(row["done_day"], 0) + row["n"]
    labels = group_labels(by, by_key, day)
    groups = [GroupStats(key=key, label=labels.get(key, key), total=sum(c.values()), counts=c)
              for key, c in by_key.items()]
    groups.sort(key=lambda g: (-g.total, fold(g.label)))
    points, running = [], 0
    for when in sorted(completed):
        running += completed[when]
        points.append((when, running))
    total = sum(g.total for g in groups)
    return groups, _trend(task, day, total, points)


def _group_key(value) -> str:
    """A group's key as text: a kind, a province, a parent unit's id; "" for none (no province, no parent: 0 in
    the count table, NULL on the unit)."""
    return str(value) if value else ""


def group_labels(by: str, keys, day: dt.date) -> dict[str, str]:
    """What the groups' `keys` are called: the kind's name, the province, the parent unit's name on `day` (its
    short name when it has one, as the lists of units say it); a group of units without one says so."""
    from dondoc.units.history import as_of
    from dondoc.units.models import Unit, UnitKind

    if by == "loai":
        return {key: str(name) for key, name in UnitKind.choices}
    if by == "tinh":
        return {"": gettext("(chưa ghi tỉnh)")}
    parents = list(Unit.objects.filter(pk__in=[int(key) for key in keys if key])
                   .only("name", "short_name", "kind", "province", "parent"))  # what as_of sets
    as_of(parents, day)
    return {"": gettext("(không có đơn vị cấp trên)"), **{str(unit.pk): unit.label for unit in parents}}


def sum_groups(groups: list[GroupStats]) -> GroupStats:
    counts = {s: sum(g.counts[s] for g in groups) for s in rules.STATUSES}
    return GroupStats(key="", label=gettext("Tổng cộng"), total=sum(g.total for g in groups), counts=counts)


def _not_done_filters(qs: QuerySet, day: dt.date, kind: str, province: str | None, parent: int | None,
                      status: str) -> QuerySet:
    filters = status_filters(day)
    qs = qs.exclude(filters[rules.DONE_ON_TIME]).exclude(filters[rules.DONE_LATE])
    if kind:
        qs = qs.filter(unit__kind=kind)
    if province is not None:
        qs = qs.filter(unit__province=province)
    if parent is not None:  # 0: the units without a parent
        qs = qs.filter(unit__parent_id=parent) if parent else qs.filter(unit__parent__isnull=True)
    if status in rules.STATUSES and status not in rules.DONE:
        qs = qs.filter(filters[status])
    return qs


def not_done(task: Task, day: dt.date, *, kind: str = "", province: str | None = None, parent: int | None = None,
             status: str = "", known_on: dt.date | None = None, period: str = "") -> QuerySet[Assignment] | list:
    """Units that had not done `task` by `day`, most late first (undated ones last): a queryset as known now,
    a list as known on an earlier day. `parent`: the units under that unit (0: the units without a parent)."""
    if known_on is None:
        qs = _not_done_filters(task_assignments(task, day, period=period), day, kind, province, parent, status)
        return qs.order_by(F("due_on").asc(nulls_last=True), "unit__path")
    sources = [_not_done_filters(source.select_related("unit", "task"), day, kind, province, parent, status)
               for source in counted([task], day, known_on=known_on, period=period)]
    return merged(sources, key=lambda a: (a.due_on is None, a.due_on or day, a.unit.path))


def not_done_rows(assignments: QuerySet[Assignment] | list, day: dt.date):
    """The rows of the not-done export, read as tuples (no model per row on 130,000 units), with the names
    the units had on `day`."""
    from dondoc.units.history import names_by_id
    from dondoc.units.models import UnitKind

    kinds = dict(UnitKind.choices)
    labels = {s: str(rules.LABELS[s]) for s in rules.STATUSES}
    soon = settings.DUE_SOON_DAYS
    names = names_by_id(day)
    fields = ("unit_id", "unit__name", "unit__kind", "unit__province", "due_on", "done_on", "submitted_on",
              "started_on")
    if isinstance(assignments, list):
        rows = ((a.unit_id, a.unit.name, a.unit.kind, a.unit.province, a.due_on, a.done_on, a.submitted_on,
                 a.started_on) for a in assignments)
    else:
        rows = assignments.values_list(*fields).iterator(5000)
    for unit_id, name, kind, province, due_on, done_on, submitted_on, started_on in rows:
        status = rules.status_on(due_on=due_on, done_on=done_on, submitted_on=submitted_on, started_on=started_on,
                                 on=day, soon_days=soon)
        late = max((day - due_on).days, 0) if due_on and status == rules.OVERDUE else 0
        yield [names.get(unit_id, name), str(kinds.get(kind, kind)), province, due_on, labels[status], late]


def days_late(assignment, day: dt.date) -> int:
    """Days past the deadline as of `day` (0 when not late); for a late completion, the delay it had."""
    if assignment.due_on is None:
        return 0
    end = assignment.done_on if assignment.done_on is not None and assignment.done_on <= day else day
    if assignment.submitted_on is not None and assignment.submitted_on <= day and end == day:
        end = assignment.submitted_on  # sent, waiting for the monitor: late by the day it was sent
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


def unit_scorecard(unit, day: dt.date, *, known_on: dt.date | None = None) -> Scorecard:
    """Everything assigned to one unit and counted as of `day` (the period in focus of recurring tasks)."""
    known = knowledge(known_on)
    sources = [source.filter(unit=unit).filter(active_on(day)).filter(current_period_filter(day, known=known))
               .filter(known.tasks("task__")).select_related("task__document")
               for source in known.sources()]
    rows = merged(sources, key=lambda a: (a.due_on is None, a.due_on or day, a.task.document.date or day,
                                          a.task.order))
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
