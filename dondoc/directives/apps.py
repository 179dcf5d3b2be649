from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "dondoc.directives"
    label = "directives"
