"""Coalesced re-scans: a change to a record's names asks for its mentions to be looked for
again; however many records change, and however often, one background task looks for all
of them in one pass over the documents.

Writes (services), called by `signals` and by the task in `tasks`. The request is a row in
`PendingRescan`, written in the changing transaction, so it is never lost to a failed
enqueue or a dead worker: the next pass finds it.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from . import mentions
from .models import PendingRescan


def request_rescan(*, entity_type: str, pk: int) -> None:
    """Remember that `entity_type` `pk` is to be re-scanned, and see that a pass will run
    once this transaction commits."""
    PendingRescan.objects.bulk_create(
        [PendingRescan(entity_type=entity_type, entity_id=pk, requested_at=timezone.now())],
        update_conflicts=True, unique_fields=["entity_type", "entity_id"], update_fields=["requested_at"],
    )
    transaction.on_commit(enqueue_pass)


def enqueue_pass() -> None:
    """Enqueue a pass unless one is already waiting to start (a running pass may have read
    the pending records before this change, so it does not count)."""
    from .tasks import rescan_pending  # the tasks module imports this one

    if not PendingRescan.objects.exists() or _pass_waiting(rescan_pending):
        return
    rescan_pending.enqueue()


def _pass_waiting(task) -> bool:
    if not isinstance(task.get_backend(), DatabaseBackend):
        return False  # the immediate backend runs each pass as it is enqueued
    return DBTaskResult.objects.filter(
        task_path=task.module_path, backend_name=task.backend, status=TaskResultStatus.READY
    ).exists()


def run_pass() -> int:
    """Re-scan every pending record in one pass over the documents; returns the suggestions
    added. Safe to run again after being cut short: requests are removed only once their
    pass is done, and a scan only adds what is not recorded yet."""
    pending = list(PendingRescan.objects.values_list("pk", "entity_type", "entity_id", "requested_at"))
    if not pending:
        return 0
    records: dict[str, list[int]] = {}
    for _pk, entity_type, entity_id, _at in pending:
        records.setdefault(entity_type, []).append(entity_id)
    added = mentions.rescan_entities(records)
    for pk, _type, _id, requested_at in pending:
        # A record changed again during the pass stays pending for the next one.
        PendingRescan.objects.filter(pk=pk, requested_at=requested_at).delete()
    return added
