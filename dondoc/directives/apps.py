from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "dondoc.directives"
    label = "directives"
    verbose_name = _("Văn bản, nhiệm vụ")

    def ready(self) -> None:
        from . import signals
        from .registry import register

        signals.connect()  # the count table follows single saves and units that change group

        register()  # what a registry change does to this app's rows (units.changes)
