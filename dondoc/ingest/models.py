from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ đọc")
    READY = "ready", _("Sẵn sàng để xem xét")
    FAILED = "failed", _("Không đọc được")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class Draft(models.Model):
    """An uploaded directive being read into draft tasks, for a person to confirm."""

    filename = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="ingest/%Y/%m/")
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    state = models.CharField(_("trạng thái"), max_length=10, choices=DraftState.choices,
                             default=DraftState.QUEUED)
    error = models.TextField(_("lỗi"), blank=True)
    text = models.TextField(_("nội dung đọc được"), blank=True)
    extraction = models.JSONField(_("kết quả đọc"), default=dict, blank=True)
    document = models.ForeignKey("directives.Document", verbose_name=_("văn bản đã tạo"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                   null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("văn bản đang đọc")
        verbose_name_plural = _("văn bản đang đọc")

    def __str__(self) -> str:
        return self.filename
