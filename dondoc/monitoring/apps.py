from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dondoc.monitoring"
    label = "monitoring"
