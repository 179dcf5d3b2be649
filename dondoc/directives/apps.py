from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "dondoc.directives"
    label = "directives"
    verbose_name = _("Văn bản, nhiệm vụ")

    def ready(self) -> None:
        from .registry import register

        register()  # what a registry change does to this app's rows (units.changes)
