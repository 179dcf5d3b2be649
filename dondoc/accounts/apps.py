from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dondoc.accounts"
    label = "accounts"

    def ready(self) -> None:
        from .registry import register

        register()  # what a registry change does to this app's rows (units.changes)
