"""Reads shared by pages, commands and the API: statuses and counts as of a date, set-based."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from dondoc.directives import rules
from dondoc.directives.models import Assignment, Document, Task


def active_on(day: dt.date) -> Q:
    """Assignments that a unit carried on `day` (after the task was given, before a merge passed it on)."""
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def status_filters(day: dt.date, soon_days: int | None = None) -> dict[str, Q]:
    """One Q per status, the set-based twin of rules.status_on (a test keeps them equal)."""
    soon = day + dt.timedelta(days=settings.DUE_SOON_DAYS if soon_days is None else soon_days)
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


@dataclass
class TaskStats:
    task: Task
    total: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get(rules.DONE_ON_TIME, 0) + self.counts.get(rules.DONE_LATE, 0)

    @property
    def overdue(self) -> int:
        return self.counts.get(rules.OVERDUE, 0)

    @property
    def share_done(self) -> float:
        return self.done / self.total if self.total else 0.0


def status_counts(assignments: QuerySet[Assignment], day: dt.date) -> dict[str, int]:
    filters = status_filters(day)
    return assignments.filter(active_on(day)).aggregate(
        total=Count("id"), **{status: Count("id", filter=q) for status, q in filters.items()})


def current_period_filter(day: dt.date) -> Q:
    """For a recurring task, the period whose report is due next (or the last one, once all are past)."""
    return Q(task__deadline_kind="recurring", period_start__lte=day, period_end__gte=day) | ~Q(
        task__deadline_kind="recurring")


def program_stats(document: Document, day: dt.date, tasks: QuerySet[Task] | None = None) -> list[TaskStats]:
    """For each task of the document: responsible units done/total and the status counts as of `day`.

    One query for all tasks. A recurring task counts the reporting period that contains `day`.
    """
    tasks = list((tasks if tasks is not None else document.tasks.all()).filter(withdrawn=False))
    filters = status_filters(day)
    rows = (
        Assignment.objects.filter(task__in=tasks).filter(active_on(day)).filter(current_period_filter(day))
        .values("task_id")
        .annotate(total=Count("id"), **{status: Count("id", filter=q) for status, q in filters.items()})
    )
    by_task = {row["task_id"]: row for row in rows}
    result = []
    for task in tasks:
        row = by_task.get(task.pk, {})
        result.append(TaskStats(task=task, total=row.get("total", 0),
                                counts={s: row.get(s, 0) for s in rules.STATUSES}))
    return result


def task_assignments(task: Task, day: dt.date) -> QuerySet[Assignment]:
    """The assignments counted for `task` as of `day`, with their units, in registry order."""
    return (Assignment.objects.filter(task=task).filter(active_on(day)).filter(current_period_filter(day))
            .select_related("unit", "task").order_by("unit__path"))


def split_done(task: Task, day: dt.date) -> tuple[list[Assignment], list[Assignment]]:
    done, not_done = [], []
    for a in task_assignments(task, day):
        (done if a.done_on is not None and a.done_on <= day else not_done).append(a)
    return done, not_done
