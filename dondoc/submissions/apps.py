from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "dondoc.submissions"
    label = "submissions"
