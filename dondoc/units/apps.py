from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "dondoc.units"
    label = "units"
