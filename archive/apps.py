from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401  (registers the checks; connects the derived-field handlers)
        from .permissions import sync_curators_group_after_migrate

        # After auth's own handler has created the permissions of any new model.
        post_migrate.connect(sync_curators_group_after_migrate, dispatch_uid="archive-curators-group")
