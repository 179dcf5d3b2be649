"""Reads shared by the pages and commands of the reminders app."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dondoc.accounts import permissions as perms
from dondoc.directives.models import Assignment

from .models import Delivery, DeliveryState, Digest, ExtensionRequest


def digests_of(user) -> QuerySet[Digest]:
    return Digest.objects.filter(user=user).select_related("delivery").order_by("-day")


def delivery_counts() -> dict[str, int]:
    rows = Delivery.objects.values("state").annotate(n=Count("id"))
    counts = {state: 0 for state in DeliveryState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def deliveries_for_monitor(state: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("digest", "digest__user", "notification").order_by("-created_at", "-id")
    if state in DeliveryState.values:
        qs = qs.filter(state=state)
    return qs


def extensions_visible(user) -> QuerySet[ExtensionRequest]:
    qs = ExtensionRequest.objects.select_related("assignment__task__document", "assignment__unit", "requested_by",
                                                 "decided_by")
    if user.reads_everything:
        return qs
    return qs.filter(assignment__in=perms.assignments_visible(user))


def feed_assignments(user, today: dt.date | None = None, limit: int = 2000) -> list[Assignment]:
    """Open deadlines of the user's unit and the units below it, from three months back to a year ahead."""
    today = today or timezone.localdate()
    if not user.unit_id:
        return []
    qs = (perms.assignments_visible(user).filter(unit_id__in=perms.subtree_ids(user.unit))
          .filter(due_on__gte=today - dt.timedelta(days=92), due_on__lte=today + dt.timedelta(days=400),
                  task__withdrawn=False, active_to__isnull=True)
          .filter(Q(done_on__isnull=True) | Q(done_on__gt=today))
          .exclude(submitted_on__lte=today)  # sent, waiting for the monitor: nothing due from the unit
          .select_related("task__document", "unit").order_by("due_on", "id"))
    return list(qs[:limit])
