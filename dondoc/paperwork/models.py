from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dondoc.directives.models import DeadlineKind, Document, Fulfilment, GroupRule
from dondoc.units.models import Unit

from .templating import PURPOSE_LABELS


class Purpose(models.TextChoices):
    REPORT = "report", PURPOSE_LABELS["report"]
    URGE = "urge", PURPOSE_LABELS["urge"]
    NOTICE = "notice", PURPOSE_LABELS["notice"]


class PaperTemplate(models.Model):
    """The parts of a generated document that vary, edited by the monitor; checked when saved."""

    purpose = models.CharField(_("loại mẫu"), max_length=10, choices=Purpose.choices, unique=True)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    kind_code = models.CharField(_("mã loại văn bản"), max_length=5,
                                 help_text=_("TB, BC; CV cho công văn (số dạng 4173/TLĐ-TG)."))
    symbol_issuer = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20, help_text=_("Ví dụ TLĐ."))
    symbol_dept = models.CharField(_("ký hiệu đơn vị soạn thảo"), max_length=20, blank=True,
                                   help_text=_("Ví dụ TG (công văn: 4173/TLĐ-TG)."))
    place = models.CharField(_("địa danh"), max_length=100, default="Hà Nội")
    kind_title = models.CharField(_("tên loại văn bản"), max_length=50, blank=True,
                                  help_text=_("BÁO CÁO, THÔNG BÁO; để trống cho công văn."))
    summary = models.TextField(_("trích yếu"))
    addressees = models.TextField(_("kính gửi"), blank=True, help_text=_("Mỗi dòng một nơi (công văn)."))
    intro = models.TextField(_("đoạn mở đầu"))
    closing = models.TextField(_("đoạn kết"), blank=True)
    authority = models.CharField(_("thẩm quyền ký"), max_length=100, blank=True,
                                 help_text=_("TM. ĐOÀN CHỦ TỊCH, TL. ĐOÀN CHỦ TỊCH, KT. CHỦ TỊCH..."))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    signer_name = models.CharField(_("họ tên người ký"), max_length=200)
    distribution = models.TextField(_("nơi nhận"), help_text=_("Mỗi dòng một nơi; dòng cuối \"Lưu: VT, TG.\""))
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người sửa"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["purpose"]
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def symbol(self) -> str:
        """What follows the number: "TB-TLĐ" (kind first), or "TLĐ-TG" for a letter."""
        if self.kind_code == "CV":
            return "-".join(p for p in (self.symbol_issuer, self.symbol_dept) if p)
        return "-".join(p for p in (self.kind_code, self.symbol_issuer, self.symbol_dept) if p)


class Register(models.Model):
    """The numbering register of an issuing body for one kind of document and one year."""

    # The centre's symbol (TLĐ), or a following unit's code: each unit numbers its own papers.
    issuer = models.CharField(_("cơ quan ban hành"), max_length=100)
    kind_code = models.CharField(_("loại văn bản"), max_length=5)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "kind_code", "year"], name="unique_register")]
        ordering = ["-year", "issuer", "kind_code"]
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")

    def __str__(self) -> str:
        return f"{self.kind_code}-{self.issuer} {self.year}: {self.last_number}"


class Meeting(models.Model):
    """A review meeting (giao ban) on a program; its conclusions become a notice and new tasks."""

    program = models.ForeignKey(Document, verbose_name=_("chương trình"), on_delete=models.PROTECT,
                                related_name="meetings")
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    chair = models.CharField(_("người chủ trì"), max_length=200)
    chair_title = models.CharField(_("chức vụ người chủ trì"), max_length=200)
    attendees = models.TextField(_("thành phần tham dự"))
    as_of = models.DateField(_("số liệu tính đến ngày"))
    situation_note = models.TextField(_("nhận định thêm về tình hình"), blank=True)
    notice = models.OneToOneField("IssuedPaper", verbose_name=_("thông báo kết luận"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="meeting_noticed")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("cuộc họp giao ban")
        verbose_name_plural = _("cuộc họp giao ban")

    def __str__(self) -> str:
        return f"Giao ban ngày {self.date:%d/%m/%Y} — {self.program.number}"


class Conclusion(models.Model):
    """One clause of the conclusions; with lead units it becomes a task when the notice is issued."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("cuộc họp"),
                                on_delete=models.CASCADE, related_name="conclusions")
    ref = models.CharField(_("mục"), max_length=20)
    text = models.TextField(_("nội dung kết luận"))
    title = models.CharField(_("tên nhiệm vụ"), max_length=300, blank=True)
    lead_units = models.ManyToManyField(Unit, verbose_name=_("đơn vị chủ trì"), blank=True, related_name="+")
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=10, choices=DeadlineKind.choices,
                                     default=DeadlineKind.NONE)
    deadline_date = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_text = models.CharField(_("thời hạn (như ghi)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # A conclusion can do all a task can: a group of units, a recurring deadline, the result expected and
    # several bodies to report to (the notice 462's 2.2-2.4).
    lead_group = models.CharField(_("nhóm đơn vị chủ trì"), max_length=40, choices=GroupRule.choices, blank=True)
    coordinators = models.ManyToManyField(Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="+")
    report_to = models.ManyToManyField(Unit, verbose_name=_("báo cáo về"), blank=True, related_name="+")
    report_to_text = models.CharField(_("báo cáo về (như ghi)"), max_length=300, blank=True)
    recurrence_months = models.PositiveSmallIntegerField(_("chu kỳ (tháng)"), null=True, blank=True)
    recurrence_until = models.DateField(_("định kỳ đến ngày"), null=True, blank=True)
    fulfilment = models.CharField(_("hoàn thành khi có"), max_length=20, choices=Fulfilment.choices,
                                  default=Fulfilment.COMPLETION_REPORT)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")

    def __str__(self) -> str:
        return f"{self.ref}. {self.title or self.text[:60]}"

    @property
    def assigns(self) -> bool:
        """With lead units or a group, the conclusion becomes a tracked task when the notice is issued."""
        return bool(self.lead_group) or self.lead_units.exists()


class PdfState(models.TextChoices):
    NONE = "", _("Chưa yêu cầu")
    PENDING = "pending", _("Đang tạo PDF")
    READY = "ready", _("Đã có PDF")
    FAILED = "failed", _("Tạo PDF lỗi")


class IssuedPaper(models.Model):
    """A document issued with its number: the exact bytes as issued, downloadable again unchanged."""

    purpose = models.CharField(_("loại"), max_length=10, choices=Purpose.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    serial = models.PositiveIntegerField(_("số thứ tự"))
    register = models.ForeignKey(Register, verbose_name=_("sổ đăng ký"),
                                 on_delete=models.PROTECT, related_name="papers")
    date = models.DateField(_("ngày ban hành"))
    summary = models.TextField(_("trích yếu"))
    program = models.ForeignKey(Document, verbose_name=_("chương trình"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="papers")
    as_of = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    known_on = models.DateField(_("số liệu như đã biết vào ngày"), null=True, blank=True)
    # The per-task figures it printed (paperwork.queries.paper_figures): its page says when today's figures
    # for the same date differ.
    figures = models.JSONField(default=list, blank=True)
    # The notice of a meeting is also a directive in the registry: its tasks hang on it.
    record = models.OneToOneField(Document, verbose_name=_("văn bản trong hệ thống"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="issued_paper")
    docx = models.FileField(_("tệp DOCX"), upload_to="paperwork/%Y/")
    docx_sha256 = models.CharField(_("mã kiểm tra DOCX"), max_length=64)
    pdf = models.FileField(_("tệp PDF"), upload_to="paperwork/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("mã kiểm tra PDF"), max_length=64, blank=True)
    pdf_state = models.CharField(_("PDF"), max_length=10, choices=PdfState.choices, blank=True)
    pdf_error = models.TextField(_("lỗi tạo PDF"), blank=True)
    # The unit that issued it on its own programs (the cascade); empty for the centre's papers.
    issuer = models.ForeignKey(Unit, verbose_name=_("đơn vị phát hành"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="issued_papers")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người phát hành"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-serial", "-id"]
        constraints = [models.UniqueConstraint(fields=["register", "serial"], name="unique_paper_serial")]
        verbose_name = _("văn bản đã phát hành")
        verbose_name_plural = _("văn bản đã phát hành")

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    @property
    def file_stem(self) -> str:
        return self.number.replace("/", "_").replace(" ", "")

    def download_name(self, extension: str) -> str:
        """What the downloaded file is called: "Công văn đôn đốc 12-TLĐ-TG ngày 05-12-2021.docx"."""
        from dondoc.lib.files import download_name

        return download_name(self.get_purpose_display(), self.number, f"ngày {self.date:%d-%m-%Y}",
                             extension=extension)
