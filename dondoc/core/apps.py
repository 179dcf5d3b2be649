from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from dondoc.lib import lookups

        from .audit import register_models

        register_models()
        lookups.register()
