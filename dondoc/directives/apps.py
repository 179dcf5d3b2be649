from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "dondoc.directives"
    label = "directives"

    def ready(self) -> None:
        from .registry import register

        register()  # what a registry change does to this app's rows (units.changes)
