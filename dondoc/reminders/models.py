"""Reminder rules, the reminders a sweep decided, the daily digests (in-app and e-mail) and their delivery."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dondoc.directives.models import Assignment, Document, Task

from . import conf

MAX_DAYS = 250  # about one working year: a rule further out is a typo


class RuleKind(models.TextChoices):
    BEFORE = "before", _("Trước hạn")
    ON = "on", _("Đúng ngày đến hạn")
    AFTER = "after", _("Sau hạn (quá hạn)")


class Stage(models.IntegerChoices):
    OFFICERS = 1, _("Cán bộ của đơn vị")
    HEAD = 2, _("Lãnh đạo đơn vị")
    MONITOR = 3, _("Báo cáo bộ phận theo dõi")
    # The last stage: the leaders (the standing presidium's accounts) and the head of the late unit.
    LEADERS = 4, _("Lãnh đạo Tổng Liên đoàn và lãnh đạo đơn vị chậm")


def split_addresses(value: str) -> list[str]:
    return [a.strip() for a in value.replace(";", ",").replace("\n", ",").split(",") if a.strip()]


def validate_addresses(value: str) -> None:
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(_("«%(a)s» không phải là địa chỉ thư điện tử hợp lệ."),
                                  params={"a": address[:80]}, code="invalid_email") from None


class ReminderRule(models.Model):
    """When to remind and whom. Rules of a task replace those of its document, which replace the global ones.

    Days are working days. BEFORE fires `days` before the deadline, then every `repeat_every` days until the
    deadline; AFTER fires `days` after it, then every `repeat_every` days up to `stop_after` days late.
    """

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"),
                             null=True, blank=True, on_delete=models.CASCADE,
                             related_name="reminder_rules")
    document = models.ForeignKey(Document, verbose_name=_("văn bản, chương trình"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="reminder_rules")
    kind = models.CharField(_("thời điểm"), max_length=6, choices=RuleKind.choices)
    days = models.SmallIntegerField(_("số ngày làm việc"), default=0)
    repeat_every = models.SmallIntegerField(_("nhắc lại sau mỗi (ngày làm việc)"), null=True, blank=True)
    stop_after = models.SmallIntegerField(_("ngừng nhắc khi quá hạn (ngày làm việc)"), null=True, blank=True)
    stage = models.PositiveSmallIntegerField(_("gửi đến"), choices=Stage.choices, default=Stage.OFFICERS)
    extra_emails = models.TextField(_("gửi thêm đến các địa chỉ"), blank=True, validators=[validate_addresses],
                                    help_text=_("Các địa chỉ thư điện tử, cách nhau bởi dấu phẩy."))
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["task", "document", "kind", "days"]
        constraints = [
            models.CheckConstraint(condition=Q(task__isnull=True) | Q(document__isnull=True),
                                   name="reminder_rule_one_scope"),
            models.CheckConstraint(condition=Q(days__gte=0), name="reminder_rule_days_not_negative"),
        ]
        verbose_name = _("quy tắc nhắc việc")
        verbose_name_plural = _("quy tắc nhắc việc")

    def __str__(self) -> str:
        scope = f"{self.task}" if self.task_id else (f"{self.document}" if self.document_id else "Mặc định")
        return f"{scope}: {self.describe()}"

    def describe(self) -> str:
        if self.kind == RuleKind.ON:
            text = "đúng ngày đến hạn"
        elif self.kind == RuleKind.BEFORE:
            text = f"trước hạn {self.days} ngày làm việc"
        else:
            text = f"quá hạn {self.days} ngày làm việc"
        if self.repeat_every:
            text += f", nhắc lại mỗi {self.repeat_every} ngày"
            if self.kind == RuleKind.AFTER:
                text += f" đến khi quá hạn {self.stop_after} ngày"
        return f"{text} → {Stage(self.stage).label}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.task_id and self.document_id:
            errors["document"] = "Quy tắc áp dụng cho một nhiệm vụ hoặc một văn bản, không cả hai."
        if self.days is None or self.days < 0:
            errors["days"] = "Số ngày không được âm."
        elif self.days > MAX_DAYS:
            errors["days"] = f"Số ngày tối đa là {MAX_DAYS} ngày làm việc."
        elif self.kind == RuleKind.ON and self.days:
            errors["days"] = "Nhắc đúng ngày đến hạn thì số ngày phải là 0."
        elif self.kind in (RuleKind.BEFORE, RuleKind.AFTER) and self.days == 0:
            errors["days"] = "Nhắc trước hoặc sau hạn cần ít nhất 1 ngày làm việc."
        if self.repeat_every is not None:
            if self.repeat_every <= 0:
                errors["repeat_every"] = "Chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên."
            elif self.kind == RuleKind.ON:
                errors["repeat_every"] = "Nhắc đúng ngày đến hạn không lặp lại."
            elif self.kind == RuleKind.AFTER and self.stop_after is None:
                errors["stop_after"] = "Nhắc lại khi quá hạn phải có ngày kết thúc (không được nhắc mãi)."
        if self.stop_after is not None:
            if self.kind != RuleKind.AFTER or not self.repeat_every:
                errors["stop_after"] = "Chỉ dùng cho quy tắc nhắc lại khi quá hạn."
            elif self.stop_after < (self.days or 0):
                errors["stop_after"] = "Ngày kết thúc phải sau lần nhắc đầu tiên."
            elif self.stop_after > MAX_DAYS:
                errors["stop_after"] = f"Tối đa {MAX_DAYS} ngày làm việc."
        if errors:
            raise ValidationError(errors)


class Reminder(models.Model):
    """A rule fired for an assignment on a day: recorded once, in the transaction that decides it.

    Unique per day, rule and assignment: the key is the primary key for the application, and the sweep keeps
    it so by recording under a lock on the day's sweeps and skipping the pairs already recorded. On
    PostgreSQL the table is partitioned by day (one partition per sweep day, created by the sweep) with no
    primary-key index and no foreign keys, only a partial index on the few deferred rows: a unique b-tree
    costs as much again as writing the rows when a sweep records half a million reminders, a BRIN index a
    third more (bench/remind.py). SQLite keeps a unique index, which costs it little. Migrations 0007 and
    0010 create the table; deletions go through the ORM, which cascades on its own.
    """

    pk = models.CompositePrimaryKey("day", "rule_id", "assignment_id")
    day = models.DateField(_("ngày"))
    rule = models.ForeignKey(ReminderRule, verbose_name=_("quy tắc"),
                             on_delete=models.CASCADE, related_name="reminders", db_constraint=False,
                             db_index=False)
    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.CASCADE, related_name="reminders",
                                   db_constraint=False, db_index=False)
    stage = models.PositiveSmallIntegerField(_("gửi đến"), choices=Stage.choices)
    # The sweep run that recorded it: a recipient whose last digest came from run N has been told every
    # reminder of a run <= N (see sweep.digests_plan).
    run = models.IntegerField(_("đợt"), default=0)
    # Held back for a recipient already told that day; carried into the next days' digests.
    deferred = models.BooleanField(_("để sang ngày sau"), default=False)

    class Meta:
        verbose_name = _("lượt nhắc")
        verbose_name_plural = _("lượt nhắc")

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.rule_id} {self.day:%d/%m/%Y}"


class MilestoneReminder(models.Model):
    """A rule fired for a milestone of a progress plan on a day: recorded once per milestone, rule and day;
    its recipients are told by a notification whose key is the same triple (notifications are unique per key)."""

    day = models.DateField(_("ngày"))
    rule = models.ForeignKey(ReminderRule, verbose_name=_("quy tắc"), on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey("submissions.Milestone", verbose_name=_("mốc tiến độ"), on_delete=models.CASCADE,
                                  related_name="reminders")
    stage = models.PositiveSmallIntegerField(_("gửi đến"), choices=Stage.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "rule", "milestone"], name="one_milestone_reminder")]
        verbose_name = _("lượt nhắc mốc tiến độ")
        verbose_name_plural = _("lượt nhắc mốc tiến độ")

    def __str__(self) -> str:
        return f"{self.milestone_id}/{self.rule_id} {self.day:%d/%m/%Y}"


class Digest(models.Model):
    """What one recipient is told on one day: the in-app notification and the body of the e-mail.

    A recipient is a user, or an address listed on a rule (`user` empty); `recipient` is the key of either.
    """

    recipient = models.CharField(_("người nhận"), max_length=260)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"),
                             null=True, blank=True, on_delete=models.CASCADE,
                             related_name="digests")
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    day = models.DateField(_("ngày"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    # What the sweep decided: the count of lines by section (late, today, soon) and the lines shown, the
    # most urgent first, as [assignment id, 1 if its unit has nobody to receive it]. The bodies are rendered
    # from them the first time the digest is sent or read, then kept (sweep.digest_body).
    counts = models.JSONField(_("số lượng"), default=dict)
    lines = models.JSONField(_("các dòng"), default=list)
    text = models.TextField(_("nội dung (chữ)"), blank=True)
    html = models.TextField(_("nội dung (HTML)"), blank=True)
    items = models.PositiveIntegerField(_("số nhiệm vụ"), default=0)
    # The sweep run that made it: everything of the recipient's recorded up to that run has been told.
    run = models.IntegerField(_("đợt"), default=0)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_person_per_day")]
        verbose_name = _("thông báo nhắc việc")
        verbose_name_plural = _("thông báo nhắc việc")

    def __str__(self) -> str:
        return self.subject


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Bị từ chối")
    DEAD = "dead", _("Gửi không được (đã thử hết)")


def new_message_id() -> str:
    return f"<dondoc.{secrets.token_hex(12)}@{conf.message_id_domain()}>"


class Delivery(models.Model):
    """The outbox row of one e-mail: claimed under a lease, sent with a fixed Message-ID, then marked.

    An e-mail is a day's digest or one notification (dondoc.notifications); each has at most one row."""

    digest = models.OneToOneField(Digest, verbose_name=_("thông báo nhắc việc"),
                                  null=True, blank=True, on_delete=models.CASCADE, related_name="delivery")
    notification = models.OneToOneField("notifications.Notification", verbose_name=_("thông báo"),
                                        null=True, blank=True,
                                        on_delete=models.CASCADE, related_name="delivery")
    to = models.CharField(_("người nhận"), max_length=254)
    message_id = models.CharField(_("mã thư"), max_length=120, unique=True, default=new_message_id)
    state = models.CharField(_("trạng thái"), max_length=8, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"))
    lease_until = models.DateTimeField(_("giữ để gửi đến"), null=True, blank=True)
    claimed_by = models.CharField(_("tiến trình gửi"), max_length=64, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [models.CheckConstraint(
            condition=Q(digest__isnull=False, notification__isnull=True)
            | Q(digest__isnull=True, notification__isnull=False),
            name="delivery_of_a_digest_or_a_notification")]
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")

    def __str__(self) -> str:
        return f"{self.to} · {self.get_state_display()}"

    @property
    def subject(self) -> str:
        if self.notification_id:
            return f"[dondoc] {self.notification.title}"
        return self.digest.subject if self.digest_id else ""


class SweepRun(models.Model):
    """One run of the sweep for a day (the worker runs it once a day; `dondoc remind` may run it again,
    harmlessly). Runs are serialised (sweep.sweep_lock), so their ids increase in the order they committed."""

    day = models.DateField(_("ngày"), db_index=True)
    started_at = models.DateTimeField(_("bắt đầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    reminders = models.PositiveIntegerField(_("số lượt nhắc"), default=0)
    digests = models.PositiveIntegerField(_("số thông báo"), default=0)

    class Meta:
        verbose_name = _("đợt nhắc việc")
        verbose_name_plural = _("đợt nhắc việc")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    GRANTED = "granted", _("Đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý")


class ExtensionRequest(models.Model):
    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.CASCADE, related_name="extension_requests")
    requested_due = models.DateField(_("xin gia hạn đến ngày"))
    reason = models.TextField(_("lý do"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    previous_due = models.DateField(_("hạn cũ"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=8, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # One open request at a time per assignment.
            models.UniqueConstraint(fields=["assignment"], condition=Q(state="pending"),
                                    name="one_pending_extension"),
        ]
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_due:%d/%m/%Y} ({self.get_state_display()})"


class CalendarFeed(models.Model):
    """The secret token of a person's iCalendar feed; revoking replaces it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"),
                                on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lịch iCalendar")
        verbose_name_plural = _("lịch iCalendar")

    def __str__(self) -> str:
        return f"lịch của {self.user}"


class ReportingCycle(models.Model):
    """Per recurring task: the data cut-off day and the report's due day of each period, and how far ahead
    the periods' assignments are created. Without a row, the defaults of directives.periods apply."""

    task = models.OneToOneField(Task, verbose_name=_("nhiệm vụ định kỳ"), on_delete=models.CASCADE,
                                related_name="reporting_cycle")
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu (trong tháng cuối kỳ)"), default=14)
    due_day = models.PositiveSmallIntegerField(_("ngày phải gửi báo cáo"), default=20)
    due_next_month = models.BooleanField(_("hạn gửi rơi vào tháng sau kỳ"), default=False)
    ahead_days = models.PositiveSmallIntegerField(_("tạo kỳ báo cáo trước (ngày)"), default=45)

    class Meta:
        verbose_name = _("kỳ báo cáo định kỳ")
        verbose_name_plural = _("kỳ báo cáo định kỳ")

    def __str__(self) -> str:
        return f"{self.task}: chốt ngày {self.cutoff_day}, hạn ngày {self.due_day}"

    def clean(self) -> None:
        errors = {}
        if self.task_id and not self.task.is_recurring:
            errors["task"] = "Chỉ đặt kỳ báo cáo cho nhiệm vụ định kỳ."
        if not 1 <= (self.cutoff_day or 0) <= 28:
            errors["cutoff_day"] = "Ngày chốt số liệu phải từ 1 đến 28."
        if not 1 <= (self.due_day or 0) <= 28:
            errors["due_day"] = "Ngày gửi báo cáo phải từ 1 đến 28."
        elif not self.due_next_month and self.due_day <= (self.cutoff_day or 0):
            errors["due_day"] = "Hạn gửi báo cáo phải sau ngày chốt số liệu."
        if (self.ahead_days or 0) > 366:
            errors["ahead_days"] = "Chỉ tạo trước tối đa 366 ngày."
        if errors:
            raise ValidationError(errors)
