"""Reads of the submissions app shared by pages: where an assignment's work stands with the monitor."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from dondoc.directives import rules

from .models import Milestone, PlanTask, Submission, SubmissionState


def returned_filter() -> Q:
    """Assignments not done whose submission was returned and not sent again since (nothing waiting)."""
    subs = Submission.objects.filter(assignment=OuterRef("pk"))
    # "Not done" first: an aggregate's FILTER is evaluated in order, so done rows skip the subqueries
    # (a province's home: 40 -> 30 ms on SQLite, about half of its rows being done).
    return (Q(done_on__isnull=True) & Q(Exists(subs.filter(state=SubmissionState.RETURNED)))
            & ~Q(Exists(subs.filter(state=SubmissionState.PENDING))))


def waiting_filter() -> Q:
    """Assignments not done with a submission waiting for review."""
    return Q(done_on__isnull=True) & Q(Exists(Submission.objects.filter(assignment=OuterRef("pk"),
                                                                      state=SubmissionState.PENDING)))


# Filters of the officer's list beside the statuses: where the work stands with the monitor.
WORKFLOW = {"returned": (_("Bị trả lại, cần gửi lại"), returned_filter),
            "waiting": (_("Đã gửi, chờ xem xét"), waiting_filter)}


@dataclass
class PeriodRollup:
    """One period of the figures reported from below for a task: each unit's latest report, and their sum."""

    period: str
    rows: list = field(default_factory=list)  # the latest ReportedCount of each assignment for the period
    done: int = 0
    total: int = 0

    @property
    def share_done(self) -> float | None:
        return self.done / self.total if self.total else None


def reported_rollup(task_ids, *, assignments=None) -> dict[int, list[PeriodRollup]]:
    """For each task, per period (newest first): the latest count each unit reported, with who and when,
    summed up to the task. `assignments` restricts the rows to those a person may see."""
    from .models import ReportedCount

    counts = (ReportedCount.objects.filter(task_id__in=task_ids)
              .select_related("assignment__unit", "reported_by").order_by("-reported_at", "-id"))
    if assignments is not None:
        counts = counts.filter(assignment__in=assignments)
    seen: set[tuple[int, str]] = set()
    by_task: dict[int, dict[str, PeriodRollup]] = {}
    for count in counts:
        key = (count.assignment_id, count.period)
        if key in seen:
            continue  # an earlier report of the same unit and period, replaced by the later one
        seen.add(key)
        rollup = by_task.setdefault(count.task_id, {}).setdefault(count.period, PeriodRollup(count.period))
        rollup.rows.append(count)
        rollup.done += count.done
        rollup.total += count.total
    result = {}
    for task_id, periods in by_task.items():
        for rollup in periods.values():
            rollup.rows.sort(key=lambda c: c.assignment.unit.path)
        result[task_id] = sorted(periods.values(), key=lambda r: max(c.reported_at for c in r.rows), reverse=True)
    return result


@dataclass
class PlanRow:
    """One appendix task in one unit's live progress plan, with its milestones' statuses on a day."""

    plan_task: object
    unit: object
    leader: str
    staff: list[str]
    milestones: list[tuple[object, str, str]]  # (milestone, status, label)
    late: list[object]

    @property
    def task(self):
        return self.plan_task.task


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def plans_by_task(tasks, day: dt.date, units=None) -> dict[int, list[PlanRow]]:
    """Per task: who leads it and which milestones are late on `day`, from progress plans not returned (the
    latest plan of a unit for a task replaces its earlier ones). Statuses by the one rule (directives.rules)."""
    latest: dict[tuple[int, int], PlanTask] = {}
    qs = (PlanTask.objects.filter(task__in=tasks).exclude(submission__state=SubmissionState.RETURNED)
          .select_related("task", "leader", "submission__assignment__unit").prefetch_related("staff", "milestones")
          .order_by("submission__submitted_at", "submission_id"))
    if units is not None:  # only the plans of the units the reader may see
        qs = qs.filter(submission__assignment__unit__in=units)
    for pt in qs:
        latest[(pt.task_id, pt.submission.assignment.unit_id)] = pt
    out: dict[int, list[PlanRow]] = {}
    for pt in latest.values():
        sub = pt.submission
        statuses = [(m, m.status_on(day)) for m in pt.milestones.all()]
        marks = [(m, status, str(rules.LABELS[status])) for m, status in statuses]
        out.setdefault(pt.task_id, []).append(PlanRow(
            plan_task=pt, unit=sub.assignment.unit, leader=_name(pt.leader) or sub.leader,
            staff=[_name(u) for u in pt.staff.all()] or ([sub.staff] if sub.staff else []), milestones=marks,
            late=[m for m, status, _label in marks if status == rules.OVERDUE]))
    for rows in out.values():
        rows.sort(key=lambda r: r.unit.path)
    return out


def milestones_open(assignments, day: dt.date, until: dt.date):
    """Milestones not done of the live plans of `assignments`' units, due up to `until` (calendar feed)."""
    units = assignments.values("unit_id")
    return (Milestone.objects.filter(plan_task__submission__assignment__unit_id__in=units, due_on__lte=until)
            .filter(Q(done_on__isnull=True) | Q(done_on__gt=day))
            .exclude(plan_task__submission__state=SubmissionState.RETURNED)
            .select_related("plan_task__task__document", "plan_task__submission__assignment__unit")
            .order_by("due_on", "id"))
