"""The task worker: django-tasks-db's `db_worker`, made to last in production
(`manage.py run_worker`).

* The database going away (a restart, a failover, a network cut) does not end it: it waits
  and tries again with exponential back-off, from TASKS_RECONNECT_FIRST_SECONDS doubling up
  to TASKS_RECONNECT_MAX_SECONDS, logging every attempt. A task it was running when the
  database went away goes back to the queue (as does one that failed with a database error),
  up to TASKS_MAX_ATTEMPTS runs.
* A thread of its own writes a heartbeat every TASKS_HEARTBEAT_SECONDS, also while a long
  task runs, and on each beat puts back the tasks left running by workers not seen for
  TASKS_WORKER_TIMEOUT_SECONDS (killed, or their machine lost). A task is run at most
  TASKS_MAX_ATTEMPTS times; after that it is marked failed with the reason (`WorkerLost`).

Tasks may therefore run more than once, and each is written to be idempotent
(`archive.curation.tasks`).

django-tasks-db leaves both to the operator (its loop exits on any database error other
than a lock, and a claimed task stays running if its worker dies), so they are added
around its `Worker` rather than by a worker of our own: claiming, running and recording a
task stay the library's.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

from django.db import InterfaceError, OperationalError, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from archive.replicas import primary_reads

from .models import WorkerHeartbeat

logger = logging.getLogger("archive.worker")

# What a lost or restarting database raises; anything else is a bug and ends the worker.
DATABASE_GONE = (OperationalError, InterfaceError)
_DATABASE_GONE_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in DATABASE_GONE}


class WorkerLost(Exception):
    """The worker running a task stopped (killed, its machine lost) too many times."""


def backoff(first: float, cap: float) -> Iterator[float]:
    """Seconds to wait before each attempt: first, doubling, never more than cap."""
    delay = first
    while True:
        yield min(delay, cap)
        delay *= 2


def put_back(task: DBTaskResult, *, reason: str, max_attempts: int) -> bool:
    """Return a task left running to the queue, or mark it failed once it has been run
    max_attempts times. Nothing happens if it was finished or claimed again since it was
    read. Returns whether the task changed."""
    still_running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at)
    attempts = len(task.worker_ids)
    if attempts < max_attempts:
        changed = still_running.update(status=TaskResultStatus.READY)
        if changed:
            logger.warning("Task %s (%s) queued again, attempt %d of %d done: %s",
                           task.pk, task.task_path, attempts, max_attempts, reason)
        return bool(changed)
    changed = still_running.update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(), return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"{WorkerLost.__name__}: {reason}; run {attempts} times, the most allowed (TASKS_MAX_ATTEMPTS).\n",
    )
    if changed:
        logger.error("Task %s (%s) failed after %d attempts: %s", task.pk, task.task_path, attempts, reason)
    return bool(changed)


def requeue_failed(task: DBTaskResult, *, max_attempts: int) -> bool:
    """Queue again a task that failed with a database error, unless it has been run
    max_attempts times; its error stays recorded until it runs again."""
    if len(task.worker_ids) >= max_attempts:
        return False
    changed = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, finished_at=None
    )
    if changed:
        logger.warning("Task %s (%s) queued again after a database error, attempt %d of %d done",
                       task.pk, task.task_path, len(task.worker_ids), max_attempts)
    return bool(changed)


def recover_abandoned(*, timeout: timedelta, max_attempts: int) -> int:
    """Put back every task whose worker has not been seen for `timeout`; returns how many.
    A worker that never wrote a heartbeat (a plain `db_worker`) counts as last seen when it
    claimed the task."""
    cutoff = timezone.now() - timeout
    last_seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    recovered = 0
    for task in DBTaskResult.objects.running().only("pk", "task_path", "started_at", "worker_ids"):
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        seen = last_seen.get(worker_id) or task.started_at
        if seen is None or seen < cutoff:
            reason = f"its worker {worker_id or '(unknown)'} has not been seen since {seen:%Y-%m-%d %H:%M:%S %Z}"
            recovered += put_back(task, reason=reason, max_attempts=max_attempts)
    WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()
    return recovered


class LastingWorker(Worker):
    """django-tasks-db's worker, with reconnection, heartbeats and recovery (see above)."""

    def __init__(self, *, heartbeat_seconds: float, timeout_seconds: float, max_attempts: int,
                 reconnect_first_seconds: float, reconnect_max_seconds: float, **options):
        super().__init__(**options)
        self.heartbeat_seconds = heartbeat_seconds
        self.timeout = timedelta(seconds=timeout_seconds)
        self.max_attempts = max_attempts
        self.reconnect_first_seconds = reconnect_first_seconds
        self.reconnect_max_seconds = reconnect_max_seconds
        self.started_at = timezone.now()
        self._stopping = threading.Event()

    def run(self) -> None:
        beat = threading.Thread(target=self._beat_until_stopped, name="worker-heartbeat", daemon=True)
        beat.start()
        try:
            # With replicas configured, claiming a task (SELECT … FOR UPDATE) and a task's
            # own reads must see the primary.
            with primary_reads():
                try:
                    # Worker ids are unique in the pool, so a task running under this one is
                    # from an earlier run of this worker, killed (a supervisor restarts it
                    # under the same id): no need to wait for the timeout.
                    self._put_back_own_tasks("its worker was restarted")
                except DATABASE_GONE as exc:
                    self._wait_for_database(exc)
                while True:
                    try:
                        super().run()
                        return  # --batch or --max-tasks reached
                    except DATABASE_GONE as exc:
                        self._wait_for_database(exc)
                        self.startup_delay = False
        finally:
            self._stopping.set()
            beat.join(timeout=self.heartbeat_seconds + 5)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        failed = db_task_result.status == TaskResultStatus.FAILED
        if failed and db_task_result.exception_class_path in _DATABASE_GONE_PATHS:
            # Cut short by the database going away, not by a fault of its own: run it again.
            requeue_failed(db_task_result, max_attempts=self.max_attempts)

    def _wait_for_database(self, error: Exception) -> None:
        _close_connections()
        for attempt, delay in enumerate(backoff(self.reconnect_first_seconds, self.reconnect_max_seconds), start=1):
            logger.warning("Database unavailable (%s); worker %s tries again in %.1f s (attempt %d)",
                           _first_line(error), self.worker_id, delay, attempt)
            time.sleep(delay)
            try:
                self._put_back_own_tasks("the database went away while it ran")
            except DATABASE_GONE as exc:
                error = exc
                _close_connections()
                continue
            logger.warning("Database reachable again; worker %s resumes after %d attempts", self.worker_id, attempt)
            return

    def _put_back_own_tasks(self, reason: str) -> None:
        """Tasks left running under this worker's id, whose outcome was not recorded (the
        database went away while one ran, or this worker was killed and restarted): they
        run again."""
        for task in DBTaskResult.objects.running().only("pk", "task_path", "started_at", "worker_ids"):
            if task.worker_ids and task.worker_ids[-1] == self.worker_id:
                put_back(task, reason=reason, max_attempts=self.max_attempts)

    def _beat_until_stopped(self) -> None:
        with primary_reads():
            try:
                while True:
                    self._beat()
                    if self._stopping.wait(self.heartbeat_seconds):
                        break
                try:
                    WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
                except DATABASE_GONE:
                    pass  # the row expires on its own
            finally:
                connections.close_all()  # this thread's own connections

    def _beat(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": self.started_at,
                          "last_seen": timezone.now()},
            )
            recover_abandoned(timeout=self.timeout, max_attempts=self.max_attempts)
        except DATABASE_GONE as exc:
            # The main loop reports the outage and its retries; here it is only noted.
            logger.info("Heartbeat of worker %s not written: %s", self.worker_id, _first_line(exc))
            _close_connections()


def _close_connections() -> None:
    """Drop this thread's broken connections, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_GONE:
            pass


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
