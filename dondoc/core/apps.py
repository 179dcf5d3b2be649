from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dondoc.core"
    label = "core"

    def ready(self) -> None:
        from .audit import register_models

        register_models()
