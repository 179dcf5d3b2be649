from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "dondoc.reminders"
    verbose_name = _("Nhắc việc, đôn đốc")
    default_auto_field = "django.db.models.BigAutoField"
