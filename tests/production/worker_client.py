"""A long-lived process that enqueues tasks for the worker fault tests through the
application's own tasks API, so that a test pays Django's start-up once, not per task.

Reads one JSON command per line on stdin, answers one JSON line on stdout:
{"do": "tables"} creates the queue's and the heartbeats' tables (the test tasks need no
other, and the whole schema takes a minute to migrate); {"do": "enqueue", "task": path,
"args": [...]} answers {"id": ...}.
"""

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import DatabaseError, close_old_connections, connection
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    from archive.curation.models import WorkerHeartbeat

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        close_old_connections()  # the database may have restarted since the last command
        try:
            if command["do"] == "tables":
                with connection.schema_editor() as editor:
                    editor.create_model(DBTaskResult)
                    editor.create_model(WorkerHeartbeat)
                answer = {"done": True}
            else:
                answer = {"id": str(import_string(command["task"]).enqueue(*command["args"]).id)}
        except DatabaseError as exc:
            connection.close()
            answer = {"error": str(exc)}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
