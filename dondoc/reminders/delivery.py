"""Delivering the outbox through SMTP: claim under a lease, send with a fixed Message-ID, mark sent.

Guarantees, and the one window SMTP leaves open:
- Nothing is lost: a row leaves the outbox only as `sent` (the server said 250), `failed` (the server
  refused it for good, 5xx) or `dead` (transient failures `max_attempts` times); failed and dead rows stay
  on the monitor's page and can be sent again. A worker that dies while a row is `sending` leaves it
  claimed until its lease ends; then any worker takes it again.
- Nothing is sent twice by two workers: a claim is one transaction (`SELECT ... FOR UPDATE SKIP LOCKED`
  on PostgreSQL, an immediate transaction on SQLite) and the lease outlasts the SMTP timeout.
- The residual window: if a worker dies after the server accepted the DATA (250) and before it recorded
  `sent` (a few milliseconds), the row is sent again after the lease. The copy carries the same
  Message-ID, so mail stores and clients that de-duplicate by Message-ID show it once. SMTP has no
  two-phase commit, so no sender can close this window completely.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from dondoc.notifications.models import EmailState, Notification

from . import conf
from .models import Delivery, DeliveryState
from .sweep import digest_body

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> dt.timedelta:
    """Exponential back-off after the n-th failed attempt: base, 2×base, 4×base... capped."""
    seconds = min(conf.retry_base_seconds() * 2 ** max(attempts - 1, 0), conf.retry_max_seconds())
    return dt.timedelta(seconds=seconds)


def _claimable(now: dt.datetime) -> Q:
    return Q(state=DeliveryState.PENDING, next_attempt_at__lte=now) | Q(state=DeliveryState.SENDING,
                                                                        lease_until__lt=now)


def delivery_claim(*, worker: str, now: dt.datetime | None = None) -> Delivery | None:
    """Take one deliverable row for `worker` and mark it sending under a lease (its own transaction)."""
    now = now or timezone.now()
    with transaction.atomic():
        qs = Delivery.objects.filter(_claimable(now)).order_by("next_attempt_at", "id")
        if connection.vendor == "postgresql":
            qs = qs.select_for_update(skip_locked=True)
        delivery = qs.first()
        if delivery is None:
            return None
        # The conditional update is the claim; on SQLite the immediate transaction already serialises it.
        claimed = Delivery.objects.filter(pk=delivery.pk).filter(_claimable(now)).update(
            state=DeliveryState.SENDING, claimed_by=worker, attempts=F("attempts") + 1,
            lease_until=now + dt.timedelta(seconds=conf.lease_seconds()))
        if not claimed:
            return None
    delivery.refresh_from_db()
    return delivery


def _message(delivery: Delivery) -> EmailMultiAlternatives:
    if delivery.notification_id:
        subject, (text, html) = delivery.subject, notification_body(delivery.notification)
    else:
        subject, (text, html) = delivery.digest.subject, digest_body(delivery.digest)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[delivery.to],
                                     headers={"Message-ID": delivery.message_id,
                                              "X-Dondoc-Delivery": str(delivery.pk)})
    message.attach_alternative(html, "text/html")
    return message


def notification_body(notification: Notification) -> tuple[str, str]:
    """The plain-text and HTML bodies of a notification's e-mail (its words are fixed when it is made)."""
    context = {"n": notification, "url": settings.SITE_URL + notification.url if notification.url else "",
               "all_url": settings.SITE_URL + reverse("core:notifications"),
               "settings_url": settings.SITE_URL + reverse("accounts:profile") + "#thong-bao",
               "name": notification.user.get_full_name() or notification.user.username}
    return (render_to_string("notifications/email.txt", context),
            render_to_string("notifications/email.html", context))


def notification_emails_enqueue(*, limit: int = 1000, now: dt.datetime | None = None) -> int:
    """Give each notification waiting for its e-mail one outbox row, exactly once.

    The outbox row is unique per notification, so a second worker doing the same at the same moment adds
    nothing; the notification is marked queued in the same transaction. Returns the rows offered."""
    now = now or timezone.now()
    with transaction.atomic():
        waiting = list(Notification.objects.filter(email=EmailState.PENDING).select_related("user")
                       .order_by("id")[:limit])
        if not waiting:
            return 0
        rows = [Delivery(notification=n, to=n.user.email, next_attempt_at=now) for n in waiting if n.user.email]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        Notification.objects.filter(pk__in=[n.pk for n in waiting], email=EmailState.PENDING).update(
            email=EmailState.QUEUED)
    return len(rows)


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def _mark(delivery: Delivery, worker: str, **fields) -> bool:
    """Record the outcome only if the claim is still ours (the lease may have passed to another worker)."""
    return bool(Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING, claimed_by=worker)
                .update(**fields))


def delivery_send(*, delivery: Delivery, worker: str) -> str:
    """Send a claimed row and record the outcome; returns the new state."""
    now = timezone.now()
    message = _message(delivery)  # written (and kept) before the connection opens
    try:
        with get_connection(timeout=conf.smtp_timeout()) as smtp:
            smtp.send_messages([message])
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if _permanent(exc):
            state = DeliveryState.FAILED
            _mark(delivery, worker, state=state, last_error=error, lease_until=None)
        elif delivery.attempts >= conf.max_attempts():
            state = DeliveryState.DEAD
            _mark(delivery, worker, state=state, last_error=error, lease_until=None)
        else:
            state = DeliveryState.PENDING
            _mark(delivery, worker, state=state, last_error=error, lease_until=None,
                  next_attempt_at=now + backoff(delivery.attempts))
        logger.warning("delivery %s to %s: %s (%s)", delivery.pk, delivery.to, state, error)
        return state
    if not _mark(delivery, worker, state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None,
                 last_error=""):
        logger.warning("delivery %s sent after its lease had passed to another worker", delivery.pk)
    return DeliveryState.SENT


def deliveries_process(*, worker: str, limit: int = 100, keep_going=lambda: True) -> int:
    """Deliver up to `limit` rows one by one; stop at the first connection failure (an outage)."""
    done = 0
    while done < limit and keep_going():
        delivery = delivery_claim(worker=worker)
        if delivery is None:
            break
        state = delivery_send(delivery=delivery, worker=worker)
        done += 1
        if state == DeliveryState.PENDING:
            break
    return done


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by=None) -> Delivery:
    """The monitor sends a failed or dead message again (after fixing the address or the server)."""
    if delivery.state not in (DeliveryState.FAILED, DeliveryState.DEAD):
        from dondoc.directives.services import ServiceError

        raise ServiceError("Chỉ gửi lại được thư bị từ chối hoặc đã thử hết số lần.")
    delivery.state = DeliveryState.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
    return delivery
