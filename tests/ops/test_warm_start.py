"""gunicorn with the project's configuration: workers are warmed before they take requests."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")

# As the README's production section: migrate, collect the static files (into the test's own
# folder); then the fresh database gets two published documents.
SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", "--no-input", verbosity=0)
from archive.models import Document, Status
for n in (1, 2):
    Document.objects.create(title=f"Warm letter {n}", slug=f"warm-letter-{n}", status=Status.PUBLISHED,
                            body="A letter about the camps.")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_NAME", "DATABASE_REPLICA_URLS", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"sqlite:///{database}", DEBUG="false", ALLOWED_HOSTS="127.0.0.1",
        SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnop", SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR", DJANGO_SETTINGS_MODULE="config.settings", STATIC_ROOT=str(database.parent / "static"),
    )
    return env


def wait_for(url: str, server: subprocess.Popen, patience: float = 180) -> None:
    # A bound on waiting for a slow machine, not a measure of speed.
    give_up = time.monotonic() + patience
    while time.monotonic() < give_up:
        assert server.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_workers_hold_the_search_structures_before_their_first_request(tmp_path):
    env = production_env(tmp_path / "db.sqlite3")
    subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.py", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--no-control-socket"],
            cwd=ROOT, env=env, stderr=stderr, stdout=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", server)
        started = log.read_text()
        # Warmed in the master before the socket was bound, and the worker began with it.
        assert "archive: warmed in" in started and "answered 200" in started
        assert started.index("archive: warmed in") < started.index("Listening at")
        assert "starts with the search columns of 2 documents loaded" in started

        with urllib.request.urlopen(base + "/documents/?q=camps", timeout=30) as response:
            assert response.status == 200
            assert "Warm letter 1" in response.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
