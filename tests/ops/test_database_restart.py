"""PostgreSQL restarted and stopped under load: gunicorn keeps answering — 503 with
Retry-After in each surface's format while the database is away, 200 again once it is back
— with no restart of the application.

Everything here is real and its own: a PostgreSQL cluster made with initdb in a temporary
folder on a free port (never the shared server) and migrated — once, then copied for later
runs — and gunicorn with 2 workers against it, both as subprocesses; a thread sends
requests to the API, OAI-PMH and a page throughout while the cluster is restarted, then
stopped and started again."""

import glob
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SURFACES = {
    "api": "/api/documents/",
    "oai": "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "page": "/documents/",
}


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


BIN = postgres_bin()
pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(BIN is None, reason="needs PostgreSQL's initdb and pg_ctl to make a cluster of its own"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*command: str) -> list[str]:
    # PostgreSQL refuses to run as root; as in .ci/replica, the cluster belongs to postgres.
    command = [str(BIN / command[0]), *command[1:]]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def app_environment(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) against the private cluster, nothing of this run's own."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_REPLICA_URLS", "REDIS_URL", "TEST_DATABASE_NAME")}
    env.update(
        DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="tests.ops.settings_fault", DEBUG="false",
        SECRET_KEY="fault-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz", ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false", API_ANON_RATE="1000000/minute", LOG_LEVEL="CRITICAL",
    )
    return env


class Cluster:
    """A PostgreSQL cluster in `folder`/data, listening on its own free port."""

    def __init__(self, folder: Path):
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/archive_fault"

    def configure(self) -> None:
        # Later lines win: a copied cluster gets this run's port and socket folder.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.folder}'\nfsync = off\nfull_page_writes = off\n")

    def ctl(self, *action: str) -> None:
        subprocess.run(as_postgres("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                                   "-t", "30", *action), check=True, capture_output=True)

    def kill(self) -> None:
        subprocess.run(as_postgres("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"), capture_output=True)


def private_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    return folder


def migrated_template() -> Path:
    """A stopped cluster holding the migrated database, made once per PostgreSQL version and
    set of migrations and kept in the temporary folder: migrating takes most of a minute,
    copying the cluster a fraction of a second."""
    digest = hashlib.sha256(str(BIN).encode() + (ROOT / "uv.lock").read_bytes())
    for path in sorted(ROOT.glob("archive/**/migrations/*.py")):
        digest.update(path.read_bytes())
    template = Path(tempfile.gettempdir()) / f"archive-fault-cluster-{digest.hexdigest()[:16]}"
    if (template / "data" / "PG_VERSION").exists():
        return template
    cluster = Cluster(private_folder("archive-fault-template-"))
    subprocess.run(as_postgres("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "--no-sync"),
                   check=True, capture_output=True)
    cluster.configure()
    cluster.ctl("start")
    try:
        subprocess.run(as_postgres("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                                   "archive_fault"), check=True, capture_output=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT,
                       env=app_environment(cluster.url), check=True)
        cluster.ctl("-m", "fast", "stop")
    except BaseException:
        cluster.kill()
        shutil.rmtree(cluster.folder, ignore_errors=True)
        raise
    try:
        cluster.folder.rename(template)  # atomic: a concurrent run finds a whole template or none
    except OSError:  # another run made it first
        shutil.rmtree(cluster.folder, ignore_errors=True)
    return template


@pytest.fixture(scope="module")
def cluster():
    template = migrated_template()
    cluster = Cluster(private_folder("archive-fault-"))
    subprocess.run(["cp", "-a", str(template / "data"), str(cluster.data)], check=True)
    cluster.configure()
    try:
        cluster.ctl("start")
        yield cluster
    finally:
        cluster.kill()
        shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def server(cluster):
    """gunicorn with 2 workers and production settings against the private cluster."""
    env = app_environment(cluster.url)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                assert process.poll() is None, "gunicorn exited"
                time.sleep(0.1)
        yield process, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def workers(master: int) -> set[int]:
    return set(Path(f"/proc/{master}/task/{master}/children").read_text().split())


def get(base: str, surface: str) -> dict:
    try:
        response = urllib.request.urlopen(base + SURFACES[surface], timeout=20)
    except urllib.error.HTTPError as error:
        response = error
    return {"surface": surface, "status": response.status, "retry_after": response.headers.get("Retry-After"),
            "type": response.headers.get("Content-Type", ""), "body": response.read().decode()}


class Readers(threading.Thread):
    """Requests to every surface in turn, one after another, until told to stop; every
    answer kept, and any failure to get one (the application down) too."""

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.answers, self.failures, self.running = base, [], [], True

    def run(self):
        while self.running:
            for surface in SURFACES:
                try:
                    self.answers.append(get(self.base, surface))
                except OSError as error:
                    self.failures.append(f"{surface}: {error!r}")

    def since(self, mark: int) -> list[dict]:
        return self.answers[mark:]

    def wait_for(self, done, seconds=30):
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            time.sleep(0.1)


def in_the_surfaces_format(answer: dict) -> bool:
    if answer["surface"] == "api":
        return answer["type"] == "application/json" and "retry" in json.loads(answer["body"])["detail"].lower()
    if answer["surface"] == "oai":
        return answer["type"].startswith("text/xml") and "OAI-PMH" in answer["body"]
    return answer["type"].startswith("text/html") and "unavailable for a moment" in answer["body"]


def test_a_database_restart_gives_503_with_retry_after_then_200_without_restarting_the_app(cluster, server):
    process, base = server
    before = workers(process.pid)
    readers = Readers(base)
    readers.start()
    try:
        # Every surface answers before the fault.
        readers.wait_for(lambda: {a["surface"] for a in readers.answers if a["status"] == 200} == set(SURFACES))
        cluster.ctl("-m", "fast", "restart")
        # Stopped long enough that every surface is asked while it is down.
        cluster.ctl("-m", "fast", "stop")
        down = len(readers.answers)
        readers.wait_for(lambda: {a["surface"] for a in readers.since(down) if a["status"] == 503} == set(SURFACES))
        cluster.ctl("start")
        up = len(readers.answers)
        readers.wait_for(lambda: {a["surface"] for a in readers.since(up) if a["status"] == 200} == set(SURFACES))
        back = len(readers.answers)
        readers.wait_for(lambda: len(readers.answers) >= back + 3 * len(SURFACES))
    finally:
        readers.running = False
        readers.join(timeout=30)

    answers = readers.answers
    assert readers.failures == []  # gunicorn answered every request
    assert {a["status"] for a in answers} <= {200, 503}, sorted({a["status"] for a in answers})
    unavailable = [a for a in answers if a["status"] == 503]
    assert {a["surface"] for a in unavailable} == set(SURFACES)
    for answer in unavailable:
        assert int(answer["retry_after"]) > 0, answer["surface"]
        assert in_the_surfaces_format(answer), (answer["surface"], answer["type"], answer["body"][:200])
    # Back: the last answers of every surface are 200s, from the same gunicorn and workers.
    assert all(a["status"] == 200 for a in answers[back:]), [a["status"] for a in answers[back:]]
    assert len(answers) > back
    assert process.poll() is None and workers(process.pid) == before
