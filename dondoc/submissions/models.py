from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dondoc.directives import rules
from dondoc.directives.models import Assignment, Fulfilment, Task


class SubmissionKind(models.TextChoices):
    PLAN_ISSUED = Fulfilment.PLAN_ISSUED.value, _("Đã ban hành kế hoạch, chương trình")
    PROGRESS_PLAN = Fulfilment.PROGRESS_PLAN.value, _("Kế hoạch tiến độ")
    PERIODIC_REPORT = Fulfilment.PERIODIC_REPORT.value, _("Báo cáo định kỳ")
    COMPLETION_REPORT = Fulfilment.COMPLETION_REPORT.value, _("Báo cáo hoàn thành")


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại")


class Submission(models.Model):
    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(_("loại"), max_length=20, choices=SubmissionKind.choices)
    text = models.TextField(_("nội dung"), blank=True)
    # A plan issued by the unit: its own document's number and date (the date decides "done as of").
    doc_number = models.CharField(_("số văn bản của đơn vị"), max_length=100, blank=True)
    doc_date = models.DateField(_("ngày văn bản của đơn vị"), null=True, blank=True)
    # A progress plan: who leads, who does the work, and the milestones, as texts (plans sent before the
    # plans per task: still shown). A plan now says, per appendix task it covers, the people in charge and
    # dated milestones (PlanTask, Milestone); these texts then summarise them.
    leader = models.CharField(_("lãnh đạo phụ trách"), max_length=200, blank=True)
    staff = models.CharField(_("cán bộ trực tiếp tham mưu"), max_length=300, blank=True)
    milestones = models.TextField(_("các mốc tiến độ"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"),
                                     null=True, on_delete=models.SET_NULL,
                                     related_name="submissions")
    submitted_at = models.DateTimeField(_("gửi lúc"))
    effective_on = models.DateField(_("ngày tính hoàn thành"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=SubmissionState.choices,
                             default=SubmissionState.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xem xét"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến"), blank=True)
    resubmission_of = models.ForeignKey("self", verbose_name=_("gửi lại thay cho"),
                                        null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="resubmissions")

    class Meta:
        ordering = ["-submitted_at", "-id"]
        # The review queue and the API list read one state in order of sending (either way): an index in
        # that order answers a page without sorting the 26,000 pending reports of the federation.
        indexes = [models.Index(fields=["state", "submitted_at", "id"], name="submission_state_sent")]
        verbose_name = _("báo cáo, kết quả gửi")
        verbose_name_plural = _("báo cáo, kết quả gửi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.assignment.unit} ({self.submitted_at:%d/%m/%Y})"

    @property
    def fulfils(self) -> bool:
        task = self.assignment.task
        return self.kind == task.fulfilment or self.kind == SubmissionKind.COMPLETION_REPORT


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, verbose_name=_("báo cáo, kết quả gửi"),
                                   on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="submissions/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=120)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class ReportedCount(models.Model):
    """Figures a unit reports from below for a duty on a whole lower level ("12 of 15 done"), per period.

    The latest report of an assignment for a period is the one that counts; earlier ones stay as history.
    """

    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"), on_delete=models.CASCADE,
                                   related_name="reported_counts")
    # The assignment's task, kept on the row (an assignment never changes task): the dashboards read a
    # program's reported figures by task from this table's own index, whatever the number of assignments.
    task = models.ForeignKey("directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE,
                             related_name="+", editable=False)
    period = models.CharField(_("kỳ báo cáo"), max_length=40)
    done = models.PositiveIntegerField(_("số đơn vị đã thực hiện"))
    total = models.PositiveIntegerField(_("tổng số đơn vị"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(_("báo cáo lúc"))

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["assignment", "period", "reported_at"]),
                   models.Index(fields=["task", "reported_at"], name="reportedcount_task")]
        verbose_name = _("số liệu báo cáo từ cấp dưới")
        verbose_name_plural = _("số liệu báo cáo từ cấp dưới")

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.period}: {self.done}/{self.total}"

    def save(self, *args, **kwargs):
        if self.task_id is None:
            self.task_id = self.assignment.task_id
        super().save(*args, **kwargs)


class Contribution(models.Model):
    """What a coordinating unit ("phối hợp") adds to a task: a comment, and a file if any. Never counts as
    the task being done by a responsible unit."""

    task = models.ForeignKey("directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE,
                             related_name="contributions")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị phối hợp"), on_delete=models.PROTECT,
                             related_name="contributions")
    text = models.TextField(_("nội dung"))
    file = models.FileField(_("tệp"), upload_to="contributions/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(_("loại tệp"), max_length=120, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ý kiến, đóng góp của đơn vị phối hợp")
        verbose_name_plural = _("ý kiến, đóng góp của đơn vị phối hợp")

    def __str__(self) -> str:
        return f"{self.unit} — {self.task} ({self.created_at:%d/%m/%Y})"


class PlanTask(models.Model):
    """One appendix task covered by a department's progress plan: who leads it, who does the work (accounts
    of the unit, not free text), and its dated milestones."""

    submission = models.ForeignKey(Submission, verbose_name=_("kế hoạch tiến độ"), on_delete=models.CASCADE,
                                   related_name="plan_tasks")
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="plan_tasks")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo phụ trách"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ trực tiếp tham mưu"),
                                   blank=True, related_name="+")

    class Meta:
        ordering = ["task__order", "task_id", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "task"], name="one_plan_task_per_plan")]
        verbose_name = _("nhiệm vụ trong kế hoạch tiến độ")
        verbose_name_plural = _("nhiệm vụ trong kế hoạch tiến độ")

    def __str__(self) -> str:
        return f"{self.task} — {self.submission.assignment.unit}"


class Milestone(models.Model):
    """A dated step of a task in a progress plan; its status follows the one status rule (directives.rules)."""

    plan_task = models.ForeignKey(PlanTask, verbose_name=_("nhiệm vụ trong kế hoạch"), on_delete=models.CASCADE,
                                  related_name="milestones")
    title = models.CharField(_("mốc tiến độ"), max_length=300)
    due_on = models.DateField(_("hạn"), db_index=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi hoàn thành"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("mốc tiến độ")
        verbose_name_plural = _("mốc tiến độ")

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"

    def status_on(self, day, soon_days: int | None = None) -> str:
        return rules.status_on(due_on=self.due_on, done_on=self.done_on, started_on=None, on=day,
                               soon_days=settings.DUE_SOON_DAYS if soon_days is None else soon_days)

    def status_label_on(self, day) -> str:
        return str(rules.LABELS[self.status_on(day)])
