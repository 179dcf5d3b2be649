from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "dondoc.reminders"
    verbose_name = "Nhắc việc, đôn đốc"
    default_auto_field = "django.db.models.BigAutoField"
