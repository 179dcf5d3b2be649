from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperworkConfig(AppConfig):
    name = "dondoc.paperwork"
    verbose_name = _("Văn bản phát hành")
    default_auto_field = "django.db.models.BigAutoField"
