from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"

    def ready(self) -> None:
        from dondoc.lib import lookups

        from .audit import register_models

        register_models()
        lookups.register()
