"""Real task workers for the fault tests: `manage.py run_worker` in a process of its own,
against a database of its own (an SQLite file, or a PostgreSQL cluster started for the
tests on a port of its own), which the test can restart or stop under it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
TABLE = "django_tasks_database_dbtaskresult"

# Short enough for a test to see a dead worker's task come back within seconds.
WORKER_SETTINGS = {
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "TASKS_WORKER_HEARTBEAT_SECONDS": "0.3",
    "TASKS_WORKER_TIMEOUT_SECONDS": "2",
    "TASKS_MAX_ATTEMPTS": "3",
    "TASKS_RECONNECT_FIRST_SECONDS": "0.2",
    "TASKS_RECONNECT_MAX_SECONDS": "1",
    "DB_CONN_MAX_AGE": "60",
}


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port, owned by `postgres` when
    the tests run as root (PostgreSQL refuses to run as root), as `.ci/replica` does."""

    def __init__(self, folder: Path, bin_dir: Path):
        self.folder, self.bin, self.port = folder, bin_dir, free_port()
        self.data = folder / "data"

    def _as_owner(self, *command, check=True):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        done = subprocess.run(command, capture_output=True, text=True, timeout=90)
        assert done.returncode == 0 or not check, f"{' '.join(command)}: {done.stderr}"
        return done

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_owner(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.folder}'\nfsync = off\n")
        self.start()
        self._as_owner(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "worker")

    def start(self) -> None:
        if self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "status", check=False).returncode == 0:
            return
        self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                       "-m", "fast", "-w", "restart")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/worker"


class WorkerSite:
    """The worker's database, a client enqueuing into it, and the workers run against it."""

    def __init__(self, url: str, folder: Path):
        self.url, self.folder = url, folder
        self.processes: list[subprocess.Popen] = []
        self.client = subprocess.Popen(
            [sys.executable, "-m", "tests.production.worker_client"], cwd=ROOT, env=self.env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self.processes.append(self.client)

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **WORKER_SETTINGS, "DATABASE_URL": self.url, "DEBUG": "true",
                "DJANGO_SETTINGS_MODULE": "config.settings"}

    def _ask(self, **command) -> dict:
        self.client.stdin.write(json.dumps(command) + "\n")
        self.client.stdin.flush()
        while "ready" in (answer := json.loads(self.client.stdout.readline())):
            pass
        assert "error" not in answer, answer["error"]
        return answer

    def create_tables(self) -> None:
        self._ask(do="tables")

    def enqueue(self, task: str, *args) -> str:
        """Enqueues through the application's own tasks API; returns the task's id."""
        return self._ask(do="enqueue", task=task, args=list(args))["id"]

    def clear(self) -> None:
        """Empties the queue between tests sharing the database."""
        with self._sql() as db:
            db.execute(f"DELETE FROM {TABLE}")
            db.execute("DELETE FROM curation_workerheartbeat")

    def _sql(self):
        if self.url.startswith("sqlite"):
            return sqlite3.connect(self.url.removeprefix("sqlite:///"))
        return psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=2)

    def start_worker(self, name: str, folder: Path) -> subprocess.Popen:
        log = (folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2",
             "--worker-id", name],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def task(self, task_id: str) -> tuple[str, list[str], str]:
        """(status, worker ids, traceback) as stored, read beside the application."""
        if self.url.startswith("sqlite"):
            with self._sql() as db:
                row = db.execute(f"SELECT status, worker_ids, traceback FROM {TABLE} WHERE id = ?",
                                 (uuid.UUID(task_id).hex,)).fetchone()
            return row[0], json.loads(row[1]), row[2]
        try:
            with self._sql() as db:
                return db.execute(f"SELECT status, worker_ids, traceback FROM {TABLE} WHERE id = %s",
                                  (task_id,)).fetchone()
        except psycopg.OperationalError:
            return "UNREACHABLE", [], ""

    def wait_for(self, task_id: str, status: str = "SUCCESSFUL") -> tuple:
        eventually(lambda: self.task(task_id)[0] == status)
        return self.task(task_id)

    def stop_workers(self) -> None:
        for process in self.processes[1:]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        del self.processes[1:]

    def close(self) -> None:
        self.stop_workers()
        self.client.stdin.close()
        self.client.wait(timeout=10)


def eventually(condition, seconds: float = 120) -> bool:
    """Whether condition() becomes true within `seconds` (a deadline for a test that would
    otherwise hang, not a measure: it is generous for a loaded machine)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()
