"""Background work: re-scanning documents when the names the archive knows change.

Run by the tasks backend in settings.TASKS: at once in development and tests, by
`manage.py db_worker` (django-tasks-db) in production, so a curator never runs a command.
"""

from django.tasks import task

from . import mentions


@task
def rescan_entity_mentions(entity_type: str, pk: int) -> int:
    """Find one record's names (all of them, as they are now) in every document."""
    return mentions.rescan_entity(entity_type, pk)

