"""`manage.py run_worker`: the production task worker (`archive.curation.worker`).

Takes `db_worker`'s options; what it adds is configured in settings (TASKS_WORKER_*)."""

import logging
import os

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from archive.curation.worker import LastingWorker, logger


class Command(db_worker.Command):
    help = ("Run the background task worker: django-tasks-db's db_worker, which also survives database "
            "restarts and runs again the tasks of workers that died.")

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        logger.setLevel(logging.CRITICAL if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stdout))

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LastingWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded_queue_names,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            heartbeat_seconds=settings.TASKS_WORKER_HEARTBEAT_SECONDS,
            timeout_seconds=settings.TASKS_WORKER_TIMEOUT_SECONDS,
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
            reconnect_first_seconds=settings.TASKS_RECONNECT_FIRST_SECONDS,
            reconnect_max_seconds=settings.TASKS_RECONNECT_MAX_SECONDS,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloaded child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
