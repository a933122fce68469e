"""Background work that survives: re-scans coalesced into one task, tasks put back when
their worker died, and tasks that are safe to run twice. The fault tests with real
processes are in tests/production/test_worker_faults.py."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from archive.curation import mentions, rescans
from archive.curation.importer import PageImporter
from archive.curation.models import MentionSuggestion, PendingRescan, Suggestion, WorkerHeartbeat
from archive.curation.tasks import read_original, rescan_pending
from archive.curation.worker import LastingWorker, backoff, recover_abandoned
from archive.models import Extraction
from tests.originals import makers

pytestmark = pytest.mark.django_db

TIMEOUT = timedelta(seconds=60)


@pytest.fixture
def database_queue(settings):
    """Tasks go to django-tasks-db's queue, as in production, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queue():
    """Work the queue to its end, as `run_worker --batch` does."""
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test", excluded_queue_names=[]).run()


SURNAMES = ["Abbott", "Barlow", "Castell", "Dunmore", "Elwood", "Fenwick", "Garside", "Hollis", "Ingram", "Jessop"]
GIVEN = ["Ada", "Bram", "Cora", "Dov", "Ennis"]


def burst_names():
    return [f"{given} {surname}" for surname in SURNAMES for given in GIVEN]  # 50, none inside another


# The worker checks its connection between tasks (closing one inside a transaction), as a
# request does: tests that run it see committed rows, as a worker does.
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_new_people_queues_one_rescan_and_finds_what_rescanning_each_would(
        make_document, make_person, database_queue, django_capture_on_commit_callbacks):
    names = burst_names()
    for start in range(0, len(names), 10):
        make_document(body="Present: " + ", ".join(names[start:start + 10]) + "; and Ada Abbott again.")
    with django_capture_on_commit_callbacks(execute=True):
        people = [make_person(name) for name in names]
    queued = DBTaskResult.objects.filter(task_path=rescan_pending.module_path)
    assert queued.count() == 1  # one pass for the 50, not 50 passes
    assert PendingRescan.objects.count() == 50

    run_queue()
    assert queued.get().status == TaskResultStatus.SUCCESSFUL
    assert not PendingRescan.objects.exists()
    coalesced = set(MentionSuggestion.objects.values_list("document_id", "start", "end", "person_id"))
    assert len(coalesced) == 55  # each name once, and "Ada Abbott" again in each of the five

    MentionSuggestion.objects.all().delete()
    for person in people:
        mentions.rescan_entities({"person": [person.pk]})
    assert set(MentionSuggestion.objects.values_list("document_id", "start", "end", "person_id")) == coalesced


def test_a_change_waiting_for_a_pass_queues_no_second_one(make_person, database_queue,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person("Ada Abbott")
    with django_capture_on_commit_callbacks(execute=True):
        person.names.create(name="A. Abbott")
        person.names.create(name="Mrs Abbott")
    assert DBTaskResult.objects.count() == 1
    assert list(PendingRescan.objects.values_list("entity_type", "entity_id")) == [("person", person.pk)]


def test_a_change_during_a_running_pass_gets_a_pass_of_its_own(make_person, database_queue,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_person("Ada Abbott")
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # a worker has read the pending rows
    with django_capture_on_commit_callbacks(execute=True):
        make_person("Bram Barlow")
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_a_record_changed_again_during_a_pass_stays_pending(make_person, make_document, monkeypatch):
    person = make_person("Ada Abbott")
    make_document(body="Ada Abbott wrote.")
    PendingRescan.objects.all().delete()
    PendingRescan.objects.create(entity_type="person", entity_id=person.pk, requested_at=timezone.now())

    def changed_meanwhile(records):
        PendingRescan.objects.update(requested_at=timezone.now() + timedelta(seconds=1))
        return 0

    monkeypatch.setattr(mentions, "rescan_entities", changed_meanwhile)
    rescan_pending.call()
    assert PendingRescan.objects.filter(entity_id=person.pk).exists()


def test_a_pass_run_twice_adds_nothing_the_second_time(make_person, make_document):
    make_document(body="Ada Abbott and Bram Barlow.")
    make_person("Ada Abbott")
    make_person("Bram Barlow")
    pending = list(PendingRescan.objects.values_list("entity_type", "entity_id", "requested_at"))
    assert len(pending) == 2  # asked for by the signals; this test runs the pass itself
    assert rescan_pending.call() == 2
    # As if the worker had died before recording that the pass was done.
    PendingRescan.objects.bulk_create([PendingRescan(entity_type=t, entity_id=i, requested_at=at) for t, i, at in pending])
    assert rescan_pending.call() == 0
    assert MentionSuggestion.objects.count() == 2


def test_reading_an_original_twice_reads_it_once(django_capture_on_commit_callbacks):
    data = makers.text_pdf([["A letter to the water board", "Dear Members of the Board,", "We write again."]])
    with django_capture_on_commit_callbacks(execute=True):
        document = PageImporter().import_bytes(data, "letter.pdf").document
    original = document.originals.get()
    assert original.extraction == Extraction.DONE
    suggestions = Suggestion.objects.filter(document=document).count()
    assert read_original.call(original.pk) == 0  # run again, as after its worker died
    assert Suggestion.objects.filter(document=document).count() == suggestions


def running_task(worker_id, *, started=None, earlier_workers=()):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path=rescan_pending.module_path, backend_name="default",
        status=TaskResultStatus.RUNNING, started_at=started or timezone.now(),
        worker_ids=[*earlier_workers, worker_id],
    )


def heartbeat(worker_id, seen):
    WorkerHeartbeat.objects.create(worker_id=worker_id, host="h", pid=1, started_at=seen, last_seen=seen)


def test_a_task_whose_worker_stopped_beating_is_put_back():
    now = timezone.now()
    heartbeat("dead", now - 2 * TIMEOUT)
    heartbeat("alive", now)
    abandoned = running_task("dead", started=now - 3 * TIMEOUT)
    long_running = running_task("alive", started=now - 3 * TIMEOUT)
    assert recover_abandoned(timeout=TIMEOUT, max_attempts=3) == 1
    abandoned.refresh_from_db()
    long_running.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert long_running.status == TaskResultStatus.RUNNING  # its worker is alive: a long task, not a lost one
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_a_task_left_running_by_a_worker_without_heartbeats_is_put_back_after_the_timeout():
    # A plain `db_worker`, or a task left running before this worker existed.
    now = timezone.now()
    stale = running_task("legacy", started=now - 2 * TIMEOUT)
    recent = running_task("legacy2", started=now)
    assert recover_abandoned(timeout=TIMEOUT, max_attempts=3) == 1
    assert DBTaskResult.objects.get(pk=stale.pk).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.RUNNING


def test_a_task_whose_workers_died_too_often_fails_with_the_reason():
    task = running_task("third", started=timezone.now() - 2 * TIMEOUT, earlier_workers=["first", "second"])
    recover_abandoned(timeout=TIMEOUT, max_attempts=3)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and task.finished_at is not None
    assert task.exception_class_path == "archive.curation.worker.WorkerLost"
    assert "third" in task.traceback and "run 3 times" in task.traceback
    assert task.task_result.errors[0].exception_class.__name__ == "WorkerLost"


def test_reconnection_waits_double_each_time_up_to_the_cap():
    delays = backoff(0.5, 6)
    assert [next(delays) for _ in range(6)] == [0.5, 1, 2, 4, 6, 6]


def lasting_worker(worker_id):
    return LastingWorker(
        queue_names=["default"], excluded_queue_names=[], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id=worker_id, heartbeat_seconds=60, timeout_seconds=60,
        max_attempts=3, reconnect_first_seconds=1, reconnect_max_seconds=1,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_restarted_under_its_id_runs_its_abandoned_task_again_at_once(make_person):
    make_person("Ada Abbott")
    task = running_task("worker-1", started=timezone.now())  # killed a moment ago, well within the timeout
    lasting_worker("worker-1").run()  # --batch: runs what is queued, then stops
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-1", "worker-1"]


@pytest.mark.django_db(transaction=True)
def test_a_task_cut_short_by_a_database_error_runs_again(monkeypatch, database_queue):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return 0

    monkeypatch.setattr(rescans, "run_pass", flaky)
    task = rescan_pending.enqueue()
    lasting_worker("worker-1").run()
    result = DBTaskResult.objects.get(pk=task.id)
    assert result.status == TaskResultStatus.SUCCESSFUL and len(calls) == 2
