from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "archive.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self):
        from . import signals

        signals.connect()
