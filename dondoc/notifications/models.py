"""In-app notifications of events (a new task, a review, an extension decision, an urging letter...) and each
person's choice of which of them also come by e-mail. The e-mail itself goes through the reminders app's
outbox (reminders.delivery), which takes the notifications marked `pending` and sends each exactly once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("Được giao nhiệm vụ mới")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    ACCEPTED = "accepted", _("Báo cáo được chấp nhận")
    EXTENSION_DECIDED = "extension_decided", _("Quyết định về đề nghị gia hạn")
    URGED = "urged", _("Văn bản đôn đốc gửi đơn vị")
    SUBMITTED = "submitted", _("Báo cáo mới chờ xem xét")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn mới")
    MILESTONE = "milestone", _("Mốc tiến độ sắp đến hạn, quá hạn")


# Not an event but a choice on the same list: the daily reminder digest by e-mail (reminders.sweep).
DIGEST = "digest"
DIGEST_LABEL = _("Thư nhắc việc hằng ngày (quá hạn, đến hạn, sắp đến hạn)")


class EmailState(models.TextChoices):
    NONE = "", _("Không gửi thư")
    PENDING = "pending", _("Chờ đưa vào hàng đợi gửi thư")
    QUEUED = "queued", _("Đã đưa vào hàng đợi gửi thư")


class Notification(models.Model):
    """One event told to one person, once: (user, key) is unique, and `key` names the event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("sự kiện"), max_length=120)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email = models.CharField(_("thư điện tử"), max_length=8, choices=EmailState.choices,
                             default=EmailState.NONE, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_event_and_person"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["email"], condition=Q(email="pending"), name="notification_email_pending"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """What a person does not want by e-mail (kinds of Kind, and DIGEST); everything else comes by e-mail."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"),
                                on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_off = models.JSONField(_("không nhận thư điện tử về"), default=list, blank=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)
