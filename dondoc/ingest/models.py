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

    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="ingest/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=DraftState.choices, default=DraftState.QUEUED)
    error = models.TextField(blank=True)
    text = models.TextField(blank=True)
    extraction = models.JSONField(default=dict, blank=True)
    document = models.ForeignKey("directives.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("văn bản đang đọc")
        verbose_name_plural = _("văn bản đang đọc")

    def __str__(self) -> str:
        return self.filename
