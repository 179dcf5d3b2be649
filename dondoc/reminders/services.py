"""Writes of the reminders app besides the sweep and the delivery: rules, extensions, calendar feeds.

Keyword-only, atomic; a refusal raises ServiceError with a Vietnamese message.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.accounts import permissions as perms
from dondoc.directives import history
from dondoc.directives.models import Assignment
from dondoc.directives.services import ServiceError, work_calendar
from dondoc.lib.calendar import shift
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Kind as NotificationKind

from .models import CalendarFeed, ExtensionRequest, ExtensionState, ReminderRule

MAX_EXTENSION_REQUESTS = 2

# The global defaults (also created by migration 0002): kind, days, repeat_every, stop_after, stage.
DEFAULT_RULES = [
    ("before", 3, 1, None, 1),   # the last three working days before the deadline, every day
    ("on", 0, None, None, 1),    # on the day
    ("after", 1, 5, 20, 1),      # the day after, then every five working days for four weeks
    ("after", 5, 5, 30, 2),      # from a week late: the unit's head
    ("after", 10, 10, 60, 3),    # from two weeks late: listed for the monitor
    ("after", 15, 10, 60, 4),    # from three weeks late: the leaders and the head of the late unit
]


def rules_defaults_ensure() -> int:
    """Create the global default rules when there are none (a fresh or flushed database)."""
    if ReminderRule.objects.filter(task__isnull=True, document__isnull=True).exists():
        return 0
    ReminderRule.objects.bulk_create([ReminderRule(kind=k, days=d, repeat_every=r, stop_after=s, stage=st)
                                      for k, d, r, s, st in DEFAULT_RULES])
    return len(DEFAULT_RULES)


@transaction.atomic
def rule_save(*, rule: ReminderRule) -> ReminderRule:
    try:
        rule.full_clean()
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from None
    rule.save()
    return rule


@transaction.atomic
def extension_request_create(*, assignment: Assignment, requested_due: dt.date, reason: str,
                             by) -> ExtensionRequest:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not perms.can_submit(by, assignment) or by.is_monitor:
        raise ServiceError(gettext("Chỉ cán bộ của đơn vị được giao mới đề nghị gia hạn."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(gettext("Cần nêu lý do đề nghị gia hạn."))
    if assignment.done_on is not None:
        raise ServiceError(gettext("Nhiệm vụ đã hoàn thành, không cần gia hạn."))
    if assignment.due_on is None:
        raise ServiceError(gettext("Nhiệm vụ không có thời hạn, không thể gia hạn."))
    if requested_due <= assignment.due_on:
        raise ServiceError(f"Hạn đề nghị phải sau hạn hiện tại ({assignment.due_on:%d/%m/%Y}).")
    if requested_due > shift(assignment.due_on, 366):
        raise ServiceError(gettext("Chỉ được đề nghị gia hạn tối đa một năm."))
    requests = ExtensionRequest.objects.filter(assignment=assignment)
    if requests.filter(state=ExtensionState.PENDING).exists():
        raise ServiceError(gettext("Đơn vị đã có một đề nghị gia hạn đang chờ quyết định."))
    if requests.count() >= MAX_EXTENSION_REQUESTS:
        raise ServiceError(f"Mỗi nhiệm vụ chỉ được đề nghị gia hạn tối đa {MAX_EXTENSION_REQUESTS} lần.")
    request = ExtensionRequest.objects.create(assignment=assignment, requested_due=requested_due,
                                              reason=reason[:4000], requested_by=by, previous_due=assignment.due_on)
    task = assignment.task
    title = (f"{assignment.unit.label} đề nghị gia hạn đến {requested_due:%d/%m/%Y}: "
             f"{task.ref} {task.title}").replace("  ", " ")
    notifications.notify(kind=NotificationKind.EXTENSION_REQUESTED, key=f"extension:{request.pk}:requested",
                         notes=[notifications.Note(user=u, title=title, body=f"Lý do: {request.reason}",
                                                   url=reverse("reminders:extension_queue"))
                                for u in notifications.reviewers()])
    return request


@transaction.atomic
def extension_decide(*, request: ExtensionRequest, grant: bool, by, comment: str = "",
                     now: dt.datetime | None = None) -> ExtensionRequest:
    if not perms.can_decide_extensions(by):
        raise ServiceError(gettext("Chỉ bộ phận theo dõi được quyết định gia hạn."))
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ExtensionState.PENDING:
        raise ServiceError(gettext("Đề nghị này đã được quyết định."))
    comment = (comment or "").strip()
    if not grant and not comment:
        raise ServiceError(gettext("Cần nêu lý do khi không đồng ý gia hạn."))
    now = now or timezone.now()
    request.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    request.decided_by, request.decided_at, request.comment = by, now, comment[:4000]
    request.save()
    if grant:
        assignment = Assignment.objects.select_for_update().get(pk=request.assignment_id)
        request.previous_due = assignment.due_on
        request.save(update_fields=["previous_due"])
        # A new deadline on a day off moves to the next working day, like every deadline.
        history.revise_one(assignment, now=now, cause="extension",
                           due_on=work_calendar().on_or_after(request.requested_due),
                           extensions=assignment.extensions + 1)
    extension_decided_notify(request=request)
    return request


def extension_decided_notify(*, request: ExtensionRequest) -> int:
    """The unit's officers and whoever asked hear the decision (and the new deadline)."""
    assignment = Assignment.objects.select_related("unit", "task").get(pk=request.assignment_id)
    unit, task = assignment.unit, assignment.task
    what = f"{task.ref} {task.title}".strip()
    if request.state == ExtensionState.GRANTED:
        title = f"Đồng ý gia hạn đến {assignment.due_on:%d/%m/%Y}: {what} ({unit.label})"
    else:
        title = f"Không đồng ý gia hạn: {what} ({unit.label})"
    people = [*notifications.unit_contacts([unit]).get(unit.pk, []), request.requested_by]
    notes = [notifications.Note(user=u, title=title, body=f"Ý kiến: {request.comment}" if request.comment else "",
                                url=reverse("submissions:assignment", args=[assignment.pk]))
             for u in people if u.pk != request.decided_by_id]
    return notifications.notify(kind=NotificationKind.EXTENSION_DECIDED, key=f"extension:{request.pk}:decided",
                                notes=notes)


def calendar_feed_get(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = calendar_feed_get(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed
