from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dondoc.units.models import Unit


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    MONITOR = "monitor", _("Theo dõi, đôn đốc")
    LEADER = "leader", _("Lãnh đạo")
    OFFICER = "officer", _("Cán bộ đơn vị")


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="users")
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    is_unit_head = models.BooleanField(_("lãnh đạo đơn vị"), default=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name), then the given name (first_name)."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    @property
    def is_monitor(self) -> bool:
        return self.is_active and (self.role in (Role.MONITOR, Role.ADMIN) or self.is_superuser)

    @property
    def reads_everything(self) -> bool:
        return self.is_monitor or (self.is_active and self.role == Role.LEADER)


class ApiToken(models.Model):
    """A personal key for the REST API. Only its SHA-256 is stored; the key is shown once, at creation."""

    user = models.ForeignKey(User, verbose_name=_("người dùng"),
                             on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("phần đầu của khóa"), max_length=8, editable=False)
    digest = models.CharField(_("mã băm của khóa"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
