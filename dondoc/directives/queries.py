"""The set-based twin of `rules.status_on` and the counts built on it: which assignments count as of a
date, their status as one SQL expression, and done/total per task. Pages, commands, the API, reminders and
paperwork all read through here (monitoring adds the dashboards on top), so that a figure is computed one way.

Three questions decide which rows count:
- as of which day (`day`): the assignments a unit carried then (`active_on`), with the status they had;
- which reporting period of a recurring task (`current_period_filter`): per unit, the oldest period whose
  report is due and not sent by then, else the period whose report is being written or was last due, else
  the first one; or one chosen period (`period`, its label);
- as known on which day (`known_on`, see directives.history): None reads the live rows only (the fast
  path); a date reads what had been recorded by the end of that day (`Knowledge`).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from dondoc.lib.calendar import shift

from . import counts as counts_mod
from . import rules
from .models import Assignment, AssignmentRevision, Document, Task


def known_at(day: dt.date) -> dt.datetime:
    """The end of `day` in the local time zone: what was recorded before this moment was known on `day`."""
    return timezone.make_aware(dt.datetime.combine(shift(day, 1), dt.time()))


@dataclass(frozen=True)
class Knowledge:
    """What the system knew at the end of day `on` (None: what it knows now)."""

    on: dt.date | None = None

    @property
    def at(self) -> dt.datetime | None:
        return known_at(self.on) if self.on is not None else None

    def sources(self) -> list[QuerySet]:
        """Disjoint row sets whose union is one version of each assignment known then."""
        if self.on is None:
            return [Assignment.objects.all()]
        at = self.at
        return [Assignment.objects.filter(recorded_at__lt=at),
                AssignmentRevision.objects.filter(recorded_at__lt=at, superseded_at__gte=at)]

    def exists(self, build: Callable[[QuerySet], QuerySet]) -> Q:
        """A row exists in any source (the same filters built on each)."""
        return reduce(or_, (Q(Exists(build(source))) for source in self.sources()))

    def tasks(self, prefix: str = "") -> Q:
        """The tasks counted: not withdrawn (or withdrawn only after that day); `prefix` "task__" from rows."""
        if self.on is None:
            return Q(**{f"{prefix}withdrawn": False})
        return Q(**{f"{prefix}withdrawn": False}) | Q(**{f"{prefix}withdrawn_at__gte": self.at})


NOW = Knowledge()


def knowledge(known_on: dt.date | None) -> Knowledge:
    return NOW if known_on is None else Knowledge(known_on)


def active_on(day: dt.date) -> Q:
    """Assignments that a unit carried on `day` (after the task was given, before a registry change passed it
    on or ended it)."""
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def done_by(day: dt.date) -> Q:
    return Q(done_on__isnull=False, done_on__lte=day)


def settled_by(day: dt.date) -> Q:
    """Done, or sent and waiting for the monitor: nothing more is expected of the unit (not urged)."""
    return done_by(day) | Q(submitted_on__isnull=False, submitted_on__lte=day)


def status_filters(day: dt.date, soon_days: int | None = None) -> dict[str, Q]:
    """One Q per status, the set-based twin of rules.status_on (a test keeps them equal)."""
    soon = shift(day, settings.DUE_SOON_DAYS if soon_days is None else soon_days)
    done = done_by(day)
    open_ = ~settled_by(day)
    return {
        rules.DONE_ON_TIME: done & (Q(due_on__isnull=True) | Q(due_on__gte=F("done_on"))),
        rules.DONE_LATE: done & Q(due_on__isnull=False, due_on__lt=F("done_on")),
        rules.SUBMITTED: ~done & Q(submitted_on__isnull=False, submitted_on__lte=day),
        rules.NO_DEADLINE: open_ & Q(due_on__isnull=True),
        rules.OVERDUE: open_ & Q(due_on__lt=day),
        rules.DUE_SOON: open_ & Q(due_on__gte=day, due_on__lte=soon),
        rules.IN_PROGRESS: open_ & Q(due_on__gt=soon, started_on__lte=day),
        rules.NOT_YET_DUE: open_ & Q(due_on__gt=soon) & (Q(started_on__isnull=True) | Q(started_on__gt=day)),
    }


def status_case(day: dt.date, soon_days: int | None = None) -> Case:
    """The status of each row as one CASE, in the order of rules.status_on's tests.

    Counting GROUP BY this expression evaluates one short-circuited CASE a row instead of one conditional
    count per status: on 130,000 rows that halves the time on SQLite.
    """
    soon = shift(day, settings.DUE_SOON_DAYS if soon_days is None else soon_days)
    done = done_by(day)
    return Case(
        When(done & Q(due_on__isnull=False, due_on__lt=F("done_on")), then=Value(rules.DONE_LATE)),
        When(done, then=Value(rules.DONE_ON_TIME)),
        When(submitted_on__lte=day, then=Value(rules.SUBMITTED)),
        When(due_on__isnull=True, then=Value(rules.NO_DEADLINE)),
        When(due_on__lt=day, then=Value(rules.OVERDUE)),
        When(due_on__lte=soon, then=Value(rules.DUE_SOON)),
        When(started_on__lte=day, then=Value(rules.IN_PROGRESS)),
        default=Value(rules.NOT_YET_DUE), output_field=CharField())


# The order in which dashboards and exports show the statuses.
COLUMNS = (rules.DONE_ON_TIME, rules.DONE_LATE, rules.SUBMITTED, rules.IN_PROGRESS, rules.DUE_SOON, rules.OVERDUE,
           rules.NOT_YET_DUE, rules.NO_DEADLINE)


def period_focus(day: dt.date, known: Knowledge = NOW) -> Q:
    """Of each unit's periods of a recurring task, the one that counts as of `day`:

    1. the oldest period whose report was due by `day` and not sent (overdue: counted, listed and urged
       until it arrives);
    2. else the most recent period whose data cut-off has passed (its report being written, or sent);
    3. else (no cut-off passed yet) the earliest period.
    """
    due_open = Q(due_on__isnull=False, due_on__lte=day) & ~settled_by(day)
    closed = Q(period_end__lt=day)

    def sibling(condition: Q) -> Q:
        return known.exists(lambda source: source.filter(
            task_id=OuterRef("task_id"), unit_id=OuterRef("unit_id")).filter(active_on(day)).filter(condition))

    none_open = ~sibling(due_open)
    return ((due_open & ~sibling(due_open & Q(period_index__lt=OuterRef("period_index"))))
            | (none_open & ~due_open & closed & ~sibling(closed & Q(period_end__gt=OuterRef("period_end"))))
            | (none_open & ~closed & ~sibling(closed) & ~sibling(~closed & Q(period_end__lt=OuterRef("period_end")))))


def current_period_filter(day: dt.date, tasks: list[Task] | None = None, *, period: str = "",
                          known: Knowledge = NOW) -> Q:
    """The rows that count as of `day`: every row of a task without periods; for a recurring task, the period
    in focus of each unit (period_focus), or the period labelled `period` when one is chosen.

    Given the tasks already loaded, the filter needs no join to the task table: on a million assignments
    that join is a good part of the cost.
    """
    chosen = Q(period_label=period) if period else period_focus(day, known)
    if tasks is not None:
        recurring = [t.pk for t in tasks if t.is_recurring]
        if not recurring:
            return Q()
        return Q(task__in=[t.pk for t in tasks if not t.is_recurring]) | (Q(task__in=recurring) & chosen)
    return (Q(task__deadline_kind="recurring") & chosen) | ~Q(task__deadline_kind="recurring")


class _Counts:
    """What a row of status counts shows: done, overdue, awaiting review, the share done, the cells in order."""

    total: int
    counts: dict[str, int]

    @property
    def done(self) -> int:
        return self.counts.get(rules.DONE_ON_TIME, 0) + self.counts.get(rules.DONE_LATE, 0)

    @property
    def overdue(self) -> int:
        return self.counts.get(rules.OVERDUE, 0)

    @property
    def submitted(self) -> int:
        return self.counts.get(rules.SUBMITTED, 0)

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
    periods: list[str] = field(default_factory=list)  # the reporting periods counted (recurring tasks)


def counted(tasks: list[Task], day: dt.date, *, known_on: dt.date | None = None, period: str = "") -> list[QuerySet]:
    """The rows of `tasks` counted as of `day`, one queryset per source of knowledge (usually one)."""
    known = knowledge(known_on)
    return [source.filter(task__in=tasks).filter(active_on(day))
            .filter(current_period_filter(day, tasks, period=period, known=known)) for source in known.sources()]


def status_counts(assignments: QuerySet[Assignment], day: dt.date) -> dict[str, int]:
    filters = status_filters(day)
    return assignments.filter(active_on(day)).aggregate(
        total=Count("pk"), **{status: Count("pk", filter=q) for status, q in filters.items()})


def task_status_counts(tasks: list[Task], day: dt.date, *, known_on: dt.date | None = None, period: str = "",
                       rows: QuerySet[Assignment] | None = None) -> dict[int, dict[str, int]]:
    """The status counts of each of `tasks` as of `day` (the current period of recurring tasks).

    As known now and over every unit, the count table answers for the tasks without periods (directives.counts)
    and the recurring tasks' rows are counted by task id; as known on an earlier day, the live rows and their
    superseded versions. `rows` (the assignments a person may see) counts those rows only, all of them live."""
    counts: dict[int, dict[str, int]] = {task.pk: dict.fromkeys(rules.STATUSES, 0) for task in tasks}
    live = tasks
    if known_on is None and rows is None:
        live = [task for task in tasks if task.is_recurring]
        for task_id, task_counts in counts_mod.task_counts([t.pk for t in tasks if not t.is_recurring], day).items():
            counts[task_id] = task_counts
    if not live:
        return counts
    sources = counted(live, day, known_on=known_on, period=period) if rows is None else [
        rows.filter(task__in=live).filter(active_on(day)).filter(current_period_filter(day, live, period=period))]
    for source in sources:
        for row in (source.order_by()  # the default ordering would join tasks, documents and units for nothing
                    .annotate(status=status_case(day)).values("task_id", "status").annotate(n=Count("pk"))):
            counts[row["task_id"]][row["status"]] += row["n"]
    return counts


def program_stats(document: Document, day: dt.date, tasks: QuerySet[Task] | None = None, *,
                  known_on: dt.date | None = None, period: str = "") -> list[TaskStats]:
    """For each task of the document: responsible units done/total and the status counts as of `day`.

    As known now, one read of the count table for the tasks without periods (directives.counts) and one
    query on the live rows for the recurring ones; as known on an earlier day, the live rows and their
    superseded versions (two queries). A recurring task counts each unit's period
    in focus (see period_focus), or the period labelled `period`. As known on an earlier day, tasks nothing
    was known of yet are left out.
    """
    known = knowledge(known_on)
    tasks = list((tasks if tasks is not None else document.tasks.all()).filter(known.tasks()))
    counts = task_status_counts(tasks, day, known_on=known_on, period=period)
    periods: dict[int, dict[str, dt.date]] = {task.pk: {} for task in tasks if task.is_recurring}
    if periods:
        for rows in counted([t for t in tasks if t.is_recurring], day, known_on=known_on, period=period):
            for task_id, label, end in rows.order_by().values_list("task_id", "period_label", "period_end").distinct():
                periods[task_id][label] = end
    ordered = {task_id: sorted(ends, key=ends.get) for task_id, ends in periods.items()}
    stats = [TaskStats(task=task, total=sum(counts[task.pk].values()), counts=counts[task.pk],
                       periods=ordered.get(task.pk, [])) for task in tasks]
    if known_on is not None:
        stats = [s for s in stats if s.total]
    return stats


def task_periods(task: Task) -> list[str]:
    """The reporting periods of a recurring task, oldest first (for a period picker)."""
    if not task.is_recurring:
        return []
    return periods_of(Assignment.objects.filter(task=task))


def document_periods(document: Document) -> list[str]:
    """The reporting periods of a document's recurring tasks, in date order (for a period picker)."""
    return periods_of(Assignment.objects.filter(task__document=document, task__deadline_kind="recurring",
                                                task__withdrawn=False))


def periods_of(assignments: QuerySet[Assignment]) -> list[str]:
    rows = assignments.order_by().values_list("period_label", "period_end").distinct()
    ends: dict[str, dt.date] = {}
    for label, end in rows:
        if label and end and (label not in ends or end < ends[label]):
            ends[label] = end
    return sorted(ends, key=ends.get)


def task_assignments(task: Task, day: dt.date, *, period: str = "") -> QuerySet[Assignment]:
    """The assignments counted for `task` as of `day` (as known now), with their units, in registry order."""
    return (Assignment.objects.filter(task=task).filter(active_on(day))
            .filter(current_period_filter(day, [task], period=period)).select_related("unit", "task")
            .order_by("unit__path"))


def task_rows(task: Task, day: dt.date, *, known_on: dt.date | None = None, period: str = "") -> list:
    """`task_assignments` as a list, as known on `known_on` if given, unit names as of `day`."""
    from dondoc.units.history import rows_as_of

    if known_on is None:
        rows = list(task_assignments(task, day, period=period))
    else:
        rows = sorted((a for source in counted([task], day, known_on=known_on, period=period)
                       for a in source.select_related("unit", "task")), key=lambda a: a.unit.path)
    return rows_as_of(rows, day)


def split_done(task: Task, day: dt.date, *, known_on: dt.date | None = None,
               period: str = "") -> tuple[list[Assignment], list[Assignment]]:
    done, not_done = [], []
    for a in task_rows(task, day, known_on=known_on, period=period):
        (done if a.done_on is not None and a.done_on <= day else not_done).append(a)
    return done, not_done


def merged(querysets: Iterable[QuerySet], key: Callable) -> list:
    """The rows of several sources of knowledge as one list, sorted by `key`."""
    return sorted((row for qs in querysets for row in qs), key=key)


@dataclass
class PlanStats(_Counts):
    """A unit's own plan implementing a program, with the figures of its own tasks in its subtree."""

    document: Document
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    tasks: int = 0


def implementing_plans(document: Document, day: dt.date, documents: QuerySet[Document] | None = None
                       ) -> list[PlanStats]:
    """The documents linked "implements" to `document` (each unit's own plan for it), each with the status
    counts of its tasks' assignments as of `day`: three queries however many plans there are."""
    from .models import DocumentLink, LinkKind

    sources = Document.objects.filter(pk__in=DocumentLink.objects.filter(
        target=document, kind=LinkKind.IMPLEMENTS).values("source_id"))
    if documents is not None:
        sources = sources.filter(pk__in=documents.values("pk"))
    plans = {d.pk: PlanStats(document=d, counts=dict.fromkeys(rules.STATUSES, 0))
             for d in sources.select_related("scope", "issuer").order_by("scope__path", "date", "pk")}
    tasks = list(Task.objects.filter(document__in=list(plans), withdrawn=False))
    for task in tasks:
        plans[task.document_id].tasks += 1
    if tasks:
        for rows in counted(tasks, day):
            rows = (rows.order_by().annotate(status=status_case(day)).values("task__document_id", "status")
                    .annotate(n=Count("pk")))
            for row in rows:
                plan = plans[row["task__document_id"]]
                plan.counts[row["status"]] += row["n"]
                plan.total += row["n"]
    return list(plans.values())
