from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "dondoc.paperwork"
    verbose_name = "Văn bản phát hành"
    default_auto_field = "django.db.models.BigAutoField"
