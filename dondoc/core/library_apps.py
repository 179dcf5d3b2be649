"""The libraries' own apps under names the administrators read in the admin (settings.INSTALLED_APPS).

Kept apart from core.apps: a module with several AppConfig classes would leave Django unsure which one is
the core app's."""

from auditlog.apps import AuditlogConfig as _AuditlogConfig
from axes.apps import AppConfig as _AxesConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig as _TasksConfig


class AuditlogConfig(_AuditlogConfig):
    verbose_name = _("Nhật ký thay đổi")


class AxesConfig(_AxesConfig):
    verbose_name = _("Đăng nhập sai, tạm khóa đăng nhập")


class TasksConfig(_TasksConfig):
    verbose_name = _("Hàng đợi công việc nền")
