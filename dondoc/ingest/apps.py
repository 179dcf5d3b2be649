from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "dondoc.ingest"
    label = "ingest"
