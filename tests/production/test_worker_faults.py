"""The task worker under faults, with real processes: it lives through a PostgreSQL restart
and stop, and a task whose worker was killed is run to the end by the next worker.

Each database is shared by the module's tests (one client process enqueues into it), so
Django's start-up is paid once per process that matters."""

import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from .workers import PrivateCluster, WorkerSite, eventually, postgres_bin

pytestmark = pytest.mark.faults

TASKS = "tests.production.worker_tasks"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("initdb not found: a private PostgreSQL cluster cannot be made (install postgresql)")
    # Not under pytest's own temporary folder: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="archive-worker-cluster-"))
    cluster = PrivateCluster(folder, bin_dir)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _site(url, folder):
    site = WorkerSite(url, folder)
    try:
        site.create_tables()
        yield site
    finally:
        site.close()


@pytest.fixture(scope="module")
def postgres_site(cluster, tmp_path_factory):
    yield from _site(cluster.url, tmp_path_factory.mktemp("postgres-site"))


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-site")
    yield from _site(f"sqlite:///{folder / 'worker.sqlite3'}", folder)


@pytest.fixture(params=["sqlite", "postgres"])
def site(request):
    site = request.getfixturevalue(f"{request.param}_site")
    site.clear()
    yield site
    site.stop_workers()


def log(folder, name):
    return (folder / f"{name}.log").read_text()


def test_a_task_killed_with_its_worker_is_run_again_to_the_end(site, tmp_path):
    # Two workers, as in a pool (both start at once: Django's start-up is the slow part);
    # the one that claims the task is killed in the middle of it.
    task_id = site.enqueue(f"{TASKS}.wait_for_go", str(tmp_path))
    workers = {name: site.start_worker(name, tmp_path) for name in ("one", "two")}
    assert eventually((tmp_path / "started").exists), log(tmp_path, "one") + log(tmp_path, "two")
    [killed] = site.task(task_id)[1]
    [survivor] = set(workers) - {killed}
    workers[killed].send_signal(signal.SIGKILL)
    workers[killed].wait()
    assert site.task(task_id)[0] == "RUNNING"  # as the dead worker left it

    (tmp_path / "go").touch()
    status, worker_ids, _ = site.wait_for(task_id)
    assert status == "SUCCESSFUL", log(tmp_path, survivor)
    assert worker_ids == [killed, survivor]
    assert len((tmp_path / "runs").read_text().split()) == 2
    assert "queued again" in log(tmp_path, survivor)
    assert workers[survivor].poll() is None


def test_the_worker_lives_through_a_postgresql_restart_and_stop(cluster, postgres_site, tmp_path):
    # Restarted, then stopped long enough for the worker to find it gone and back off.
    site = postgres_site
    site.clear()
    try:
        worker = site.start_worker("steady", tmp_path)
        before = site.enqueue(f"{TASKS}.note", str(tmp_path), "before")
        assert site.wait_for(before)[0] == "SUCCESSFUL", log(tmp_path, "steady")

        cluster.restart()
        after_restart = site.enqueue(f"{TASKS}.note", str(tmp_path), "after-restart")
        assert site.wait_for(after_restart)[0] == "SUCCESSFUL", log(tmp_path, "steady")

        cluster.stop()
        assert eventually(lambda: "tries again in" in log(tmp_path, "steady")), log(tmp_path, "steady")
        cluster.start()
        after_stop = site.enqueue(f"{TASKS}.note", str(tmp_path), "after-stop")
        assert site.wait_for(after_stop)[0] == "SUCCESSFUL", log(tmp_path, "steady")

        assert worker.poll() is None  # the same process all along
        assert "Database unavailable" in log(tmp_path, "steady")
        assert "Database reachable again" in log(tmp_path, "steady")
        assert all((tmp_path / label).exists() for label in ("before", "after-restart", "after-stop"))
    finally:
        site.stop_workers()
        cluster.start()  # left usable, whatever failed
