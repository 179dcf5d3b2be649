"""Reads of the submissions app shared by pages: where an assignment's work stands with the monitor."""

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
