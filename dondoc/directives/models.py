import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dondoc.lib import calendar as cal
from dondoc.units.models import Unit

from . import rules


class DocumentKind(models.TextChoices):
    NQ = "NQ", _("Nghị quyết")
    CTR = "CTr", _("Chương trình")
    KH = "KH", _("Kế hoạch")
    TB = "TB", _("Thông báo")
    KL = "KL", _("Kết luận")
    CT = "CT", _("Chỉ thị")
    QD = "QĐ", _("Quyết định")
    HD = "HD", _("Hướng dẫn")
    BC = "BC", _("Báo cáo")
    CV = "CV", _("Công văn")
    OTHER = "", _("Khác")


class DoneWhen(models.TextChoices):
    """When a unit's submission makes its assignment done (the done date is always the unit's own date)."""

    ACCEPTED = "accepted", _("Khi bộ phận theo dõi chấp nhận")
    SUBMITTED = "submitted", _("Ngay khi đơn vị gửi")


class Document(models.Model):
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    number_key = models.CharField(_("số (dạng so sánh)"), max_length=100, editable=False, db_index=True)
    kind = models.CharField(_("loại văn bản"), max_length=5, choices=DocumentKind.choices, blank=True)
    issuer = models.ForeignKey(Unit, verbose_name=_("cơ quan ban hành"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="issued_documents")
    issuer_name = models.CharField(_("cơ quan ban hành (như ghi)"), max_length=300, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="documents/%Y/", blank=True)
    is_program = models.BooleanField(_("là chương trình/kế hoạch có nhiệm vụ theo dõi"), default=False)
    # The subtree a unit's own program is followed in (its tasks go to units below it, its group rules resolve
    # there, its officer follows it); empty: the centre's, followed in the whole federation.
    scope = models.ForeignKey(Unit, verbose_name=_("theo dõi trong đơn vị"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="scoped_documents")
    done_when = models.CharField(_("tính hoàn thành"), max_length=10, choices=DoneWhen.choices,
                                 default=DoneWhen.ACCEPTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    search_text = models.TextField(_("chữ để tìm kiếm"), editable=False, default="")
    # Optimistic locking: an edit names the version it started from (directives.editing).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        ordering = ["-date", "number"]
        constraints = [
            # Numbers restart every 1 January: a document is its number together with its date.
            models.UniqueConstraint(fields=["number_key", "date"], condition=~Q(number_key=""),
                                    name="unique_document_number_date"),
        ]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def __str__(self) -> str:
        number = self.number or gettext("Văn bản")
        if not self.date:
            return number
        return gettext("%(number)s ngày %(date)s") % {"number": number, "date": f"{self.date:%d/%m/%Y}"}

    @property
    def kind_label(self) -> str:
        """The document's own kind ("Thông báo"), or the one its number says (462/TB-TLĐ: TB)."""
        kind = self.kind
        if not kind and "/" in self.number:
            code = self.number.split("/", 1)[1].split("-", 1)[0].strip().casefold()
            kind = next((k for k in DocumentKind.values if k and k.casefold() == code), "")
        return str(DocumentKind(kind).label) if kind else gettext("Văn bản")

    @property
    def issuer_label(self) -> str:
        """Who issued it, as written on it, else the issuing unit's name."""
        if self.issuer_name.strip():
            return self.issuer_name.strip()
        return self.issuer.name if self.issuer_id else ""

    @property
    def citation(self) -> str:
        """How a letter names it: "Thông báo số 462/TB-TLĐ ngày 16/11/2021 của Tổng Liên đoàn"."""
        parts = [self.kind_label]
        if self.number:
            parts.append(gettext("số %(number)s") % {"number": self.number})
        if self.date:
            parts.append(gettext("ngày %(date)s") % {"date": f"{self.date:%d/%m/%Y}"})
        if self.issuer_label:
            parts.append(gettext("của %(issuer)s") % {"issuer": self.issuer_label})
        return " ".join(parts)


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("triển khai")
    CITES = "cites", _("dẫn chiếu")


class DocumentLink(models.Model):
    """A reference from one document to another, by number and date, resolved when known."""

    source = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(Document, verbose_name=_("văn bản được dẫn chiếu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by")
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    number_key = models.CharField(_("số (dạng so sánh)"), max_length=100, editable=False, db_index=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    kind = models.CharField(_("quan hệ"), max_length=20, choices=LinkKind.choices, default=LinkKind.CITES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "number_key", "date"], name="unique_link")]
        verbose_name = _("căn cứ, dẫn chiếu")
        verbose_name_plural = _("căn cứ, dẫn chiếu")

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})" if self.date else self.number


class GroupRule(models.TextChoices):
    DIRECT_UNITS = "direct_units", _("Các LĐLĐ tỉnh, thành phố, công đoàn ngành TW, công đoàn tổng công ty")
    PROVINCIAL_FEDERATIONS = "provincial_federations", _("Các LĐLĐ tỉnh, thành phố")
    SECTOR_UNIONS = "sector_unions", _("Các công đoàn ngành TW và công đoàn tổng công ty")
    DEPARTMENTS = "departments", _("Các ban Tổng Liên đoàn")
    DEPARTMENTS_AND_SUBORDINATES = "departments_and_subordinates", _("Các ban, đơn vị trực thuộc Tổng Liên đoàn")
    UPPER_GRASSROOTS = "upper_grassroots", _("Các công đoàn cấp trên trực tiếp cơ sở")
    GRASSROOTS = "grassroots", _("Các công đoàn cơ sở")


class Fulfilment(models.TextChoices):
    """Which kind of submission completes an assignment of the task."""

    PLAN_ISSUED = "plan_issued", _("Ban hành kế hoạch, chương trình")
    PROGRESS_PLAN = "progress_plan", _("Kế hoạch tiến độ")
    PERIODIC_REPORT = "periodic_report", _("Báo cáo định kỳ")
    COMPLETION_REPORT = "completion_report", _("Báo cáo hoàn thành")


class DeadlineKind(models.TextChoices):
    DATE = cal.DATE, _("Ngày")
    MONTH = cal.MONTH, _("Trong tháng")
    QUARTER = cal.QUARTER, _("Trong quý")
    HALF = cal.HALF, _("Trong 6 tháng")
    YEAR = cal.YEAR, _("Trong năm")
    RECURRING = cal.RECURRING, _("Định kỳ")
    ONGOING = cal.ONGOING, _("Thường xuyên")
    NONE = cal.NONE, _("Không thời hạn")


class Task(models.Model):
    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks")
    ref = models.CharField(_("mục"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    action = models.TextField(_("nội dung"), blank=True)
    lead_units = models.ManyToManyField(Unit, verbose_name=_("đơn vị chủ trì"), blank=True, related_name="led_tasks")
    lead_group = models.CharField(_("nhóm đơn vị chủ trì"), max_length=40, choices=GroupRule.choices, blank=True)
    lead_text = models.CharField(_("đơn vị chủ trì (như ghi)"), max_length=500, blank=True)
    coordinators = models.ManyToManyField(Unit, verbose_name=_("đơn vị phối hợp"), blank=True,
                                          related_name="coordinated_tasks")
    report_to = models.ManyToManyField(Unit, verbose_name=_("báo cáo về"), blank=True, related_name="+")
    report_to_text = models.CharField(_("báo cáo về (như ghi)"), max_length=300, blank=True)
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=10, choices=DeadlineKind.choices,
                                     default=DeadlineKind.NONE)
    deadline_date = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_text = models.CharField(_("thời hạn (như ghi)"), max_length=200, blank=True)
    recurrence_months = models.PositiveSmallIntegerField(_("chu kỳ (tháng)"), null=True, blank=True)
    recurrence_until = models.DateField(_("định kỳ đến ngày"), null=True, blank=True)
    # The day of the month a periodic report is due when the directive names one ("trước ngày 25 hằng tháng");
    # empty: periods.REPORT_DUE_DAY.
    recurrence_due_day = models.PositiveSmallIntegerField(_("hạn nộp báo cáo định kỳ (ngày trong tháng)"), null=True,
                                                          blank=True)
    fulfilment = models.CharField(_("hoàn thành khi có"), max_length=20, choices=Fulfilment.choices,
                                  default=Fulfilment.COMPLETION_REPORT)
    assigned_on = models.DateField(_("ngày giao"))
    withdrawn = models.BooleanField(_("đã thu hồi"), default=False)
    # When the withdrawal was recorded: figures "as known on" an earlier day still count the task.
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    search_text = models.TextField(_("chữ để tìm kiếm"), editable=False, default="")
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        ordering = ["document", "order", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind == DeadlineKind.RECURRING


class AssignmentFacts:
    """What decides an assignment's status, shared by the live row and its superseded versions."""

    def status_on(self, day: dt.date, soon_days: int | None = None) -> str:
        return rules.status_on(due_on=self.due_on, done_on=self.done_on, submitted_on=self.submitted_on,
                               started_on=self.started_on, on=day,
                               soon_days=settings.DUE_SOON_DAYS if soon_days is None else soon_days)

    def is_active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_to is None or day < self.active_to)


class Assignment(AssignmentFacts, models.Model):
    """One responsible unit for one task (and one reporting period of a recurring task).

    The row is what is known now; every change of a field that decides a figure goes through
    directives.history, which first keeps the version it replaces (AssignmentRevision).
    """

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="assignments")
    period_index = models.PositiveSmallIntegerField(_("số thứ tự kỳ"), default=0)
    period_label = models.CharField(_("kỳ"), max_length=40, blank=True)
    period_start = models.DateField(_("số liệu từ"), null=True, blank=True)
    period_end = models.DateField(_("số liệu đến"), null=True, blank=True)
    # The deadline in force, already moved off days off; null for "ongoing" and "no deadline".
    due_on = models.DateField(_("hạn"), null=True, blank=True, db_index=True)
    # When this unit carries the duty: from the task's date, until a registry change passes it on or ends it.
    active_from = models.DateField(_("thực hiện từ"))
    active_to = models.DateField(_("đã chuyển đi từ"), null=True, blank=True)
    transferred_to = models.ForeignKey("self", verbose_name=_("chuyển cho"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Created by a registry change to carry a predecessor's duty: done when all its predecessors were.
    carried = models.BooleanField(default=False)
    # Kept by the submission services, each the unit's own date (its document's date for a plan):
    # the earliest fulfilling submission not returned (submitted_on), the earliest one accepted
    # (accepted_on), the one that counts as done under the program's rule (done_on), and the first
    # submission of any kind (started_on).
    submitted_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    # When this version of the row was recorded (the start of its knowledge interval).
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["task", "period_index", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period_index"], name="unique_assignment"),
        ]
        # On SQLite, migration 0009 adds an index on a unit's work that holds the columns of "active on a day".
        indexes = [models.Index(fields=["task", "done_on"]), models.Index(fields=["unit", "due_on"])]
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")

    def __str__(self) -> str:
        period = f" ({self.period_label})" if self.period_label else ""
        return f"{self.task} — {self.unit}{period}"

    @property
    def assignment_pk(self) -> int:
        return self.pk


class AssignmentRevision(AssignmentFacts, models.Model):
    """A superseded version of an assignment, as it was known from `recorded_at` until `superseded_at`.

    Append-only: written once, when a change replaces it (or the assignment is removed), never updated.
    A figure "as known on" a day reads, for each assignment, the live row if it was recorded by then,
    else the revision whose interval contains that moment (directives.queries.Knowledge). Today's
    figures never read this table.
    """

    assignment_id = models.BigIntegerField(db_index=True)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="revisions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_index = models.PositiveSmallIntegerField(default=0)
    period_label = models.CharField(max_length=40, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    active_from = models.DateField()
    active_to = models.DateField(null=True, blank=True)
    carried = models.BooleanField(default=False)
    submitted_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField()
    cause = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["task", "superseded_at"])]
        verbose_name = _("phiên bản cũ của giao nhiệm vụ")
        verbose_name_plural = _("phiên bản cũ của giao nhiệm vụ")

    def __str__(self) -> str:
        return f"#{self.assignment_id} {self.recorded_at:%d/%m/%Y %H:%M} → {self.superseded_at:%d/%m/%Y %H:%M}"

    @property
    def assignment_pk(self) -> int:
        return self.assignment_id


class Holiday(models.Model):
    """A public holiday (day off) or a weekend day declared a working day; edited by administrators."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    day_off = models.BooleanField(_("ngày nghỉ"), default=True,
                                  help_text=_("Bỏ chọn nếu đây là ngày cuối tuần được làm bù."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("lịch ngày nghỉ")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class StatusCount(models.Model):
    """How many assignments of a task share the same figure-deciding dates (directives.counts).

    The counts of every status as of any day are sums over these rows: a few thousand at most for a task as a
    whole, whatever the size of the federation. Kept in the transaction of every write that changes an
    assignment's dates; each set of rows (`grouping`) holds the same counts again: the whole task (0), split by
    the unit's kind and province (1), split by the unit's parent (2), for the grouped dashboards.
    Empty dates are stored as counts.FAR (an empty deadline also as `dated` false), so that the key has no
    null and one upsert statement finds the row on both databases.
    """

    # No index of its own: the unique key's index starts with (task, grouping), which is what every read uses
    # (SQLite would otherwise pick a task-only index and read the other sets of rows too).
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+", db_index=False)
    grouping = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=30, blank=True)
    province = models.CharField(max_length=100, blank=True)
    # The id of the unit's parent (0: none) in the rows by parent. Not a foreign key: the table is derived data,
    # and a row that counts nobody any more (n 0) may outlive its unit.
    parent = models.BigIntegerField(default=0)
    dated = models.BooleanField(default=True)
    due_on = models.DateField()
    done_on = models.DateField()
    submitted_on = models.DateField()
    started_on = models.DateField()
    active_from = models.DateField()
    active_to = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "grouping", "kind", "province", "parent", "dated", "due_on",
                                            "done_on", "submitted_on", "started_on", "active_from", "active_to"],
                                    name="unique_status_count"),
        ]
        verbose_name = _("số liệu tổng hợp theo nhiệm vụ")
        verbose_name_plural = _("số liệu tổng hợp theo nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.n}"
