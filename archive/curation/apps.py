from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "archive.curation"
    label = "curation"
    verbose_name = "Curation"
