"""Reads of the submissions app shared by pages: where an assignment's work stands with the monitor."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .models import Submission, SubmissionState


def returned_filter() -> Q:
    """Assignments not done whose submission was returned and not sent again since (nothing waiting)."""
    subs = Submission.objects.filter(assignment=OuterRef("pk"))
    return (Q(Exists(subs.filter(state=SubmissionState.RETURNED)))
            & ~Q(Exists(subs.filter(state=SubmissionState.PENDING))) & Q(done_on__isnull=True))


def waiting_filter() -> Q:
    """Assignments not done with a submission waiting for review."""
    return Q(Exists(Submission.objects.filter(assignment=OuterRef("pk"), state=SubmissionState.PENDING))) & Q(
        done_on__isnull=True)


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

    counts = (ReportedCount.objects.filter(assignment__task_id__in=task_ids)
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
        rollup = by_task.setdefault(count.assignment.task_id, {}).setdefault(count.period,
                                                                             PeriodRollup(count.period))
        rollup.rows.append(count)
        rollup.done += count.done
        rollup.total += count.total
    result = {}
    for task_id, periods in by_task.items():
        for rollup in periods.values():
            rollup.rows.sort(key=lambda c: c.assignment.unit.path)
        result[task_id] = sorted(periods.values(), key=lambda r: max(c.reported_at for c in r.rows), reverse=True)
    return result
