"""The first requests after a start: gunicorn as it was run before (`gunicorn config.wsgi`)
against gunicorn with the project's configuration (`-c config/gunicorn.py`: the app
preloaded and warmed in the master before the workers fork).

    .venv/bin/python bench/startup.py                    # SQLite file in bench/out/, 20,000 documents
    .venv/bin/python bench/startup.py --documents 100000 --workers 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/startup.py

The corpus is bench/search.py's (generated once, kept). For each way of starting, the
script prints how long the server took to answer `/healthz`, then the first search of the
first worker, the first search on each other worker, and the median of later searches, in
milliseconds; then the ratios between the two starts.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import search as bench_search  # noqa: E402

QUERY = f"/documents/?q={bench_search.COMMON_WORD}"
LATER_REQUESTS = 10


def get(url: str) -> float:
    """Milliseconds of one request."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def start(config: list[str], workers: int) -> dict:
    port = bench_search.free_port()
    base = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), *config, "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", "--no-control-socket"],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit("gunicorn exited")
                time.sleep(0.05)
        ready = (time.perf_counter() - began) * 1000
        firsts = _first_on_each_worker(base, workers)
        later = [get(base + QUERY) for _ in range(LATER_REQUESTS)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"ready": ready, "first": firsts[0], "other_workers": firsts[1:], "later": statistics.median(later)}


def _first_on_each_worker(base: str, workers: int) -> list[float]:
    from concurrent.futures import ThreadPoolExecutor

    first = get(base + QUERY)
    # Every worker but the one that answered is still fresh; requests sent together reach
    # most of them (a sync worker takes one at a time), though which one answers is the
    # kernel's choice.
    with ThreadPoolExecutor(workers) as pool:
        together = sorted(pool.map(lambda _n: get(base + QUERY), range(workers)), reverse=True)
    return [first, *together[: workers - 1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{bench_search.OUT / f'startup-{args.documents}.sqlite3'}")
    bench_search.prepare(args.documents)
    from django.core.management import call_command
    from django.db import connections

    call_command("collectstatic", "--no-input", verbosity=0)
    connections.close_all()

    runs = {
        "cold (gunicorn config.wsgi)": start([], args.workers),
        "warm (-c config/gunicorn.py)": start(["-c", "config/gunicorn.py"], args.workers),
    }
    print(f"{args.documents:,} documents, {args.workers} workers, {QUERY}; milliseconds")
    print(f"{'start':32} {'/healthz':>9} {'1st search':>11} {'1st, other workers':>19} {'later (median)':>15}")
    for label, run in runs.items():
        others = ", ".join(f"{ms:.0f}" for ms in run["other_workers"]) or "-"
        print(f"{label:32} {run['ready']:9.0f} {run['first']:11.0f} {others:>19} {run['later']:15.1f}")
    cold, warm = runs.values()
    print(f"first search, cold / warm: {cold['first'] / warm['first']:.1f}x; "
          f"warm first search / warm later median: {warm['first'] / warm['later']:.1f}x")


if __name__ == "__main__":
    main()
