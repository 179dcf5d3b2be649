from auditlog.apps import AuditlogConfig as _AuditlogConfig
from axes.apps import AppConfig as _AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig as _TasksConfig


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from .audit import register_models

        register_models()


# The libraries' own apps, under names the administrators read in the admin (settings.INSTALLED_APPS).
class AuditlogConfig(_AuditlogConfig):
    verbose_name = _("Nhật ký thay đổi")


class AxesConfig(_AxesConfig):
    verbose_name = _("Đăng nhập sai, tạm khóa đăng nhập")


class TasksConfig(_TasksConfig):
    verbose_name = _("Hàng đợi công việc nền")
