from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "archive.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .index import repair_after_flush

        post_migrate.connect(repair_after_flush, sender=self, dispatch_uid="search-repair-after-flush")
