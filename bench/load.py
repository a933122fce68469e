"""Throughput under concurrent load: a mixed workload against gunicorn, beside /healthz.

    .venv/bin/python bench/load.py                        # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_load .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --duration 30 --documents 100000

Uses (or generates) the deterministic corpus of `bench/search.py` (10,000 documents by
default, in its own database so the search bench's corpus is left alone), serves it with
gunicorn (2 workers, production settings: DEBUG off, persistent database connections) on
127.0.0.1, and drives it with wrk (Debian's package, `apt-get install wrk`): a C event loop
that keeps its own CPU share small and records every latency in an HDR histogram, so the
p99 is measured, not estimated from a sample. At each number of connections it runs the
mix (home, the search page with its facets, document pages, API lists, API search; the
paths are written to bench/out/load-paths.txt) and then `/healthz`, which touches no
database: the framework's floor on this machine, measured on the same server in the same
run. Prints requests/s, p50/p99, errors (any is a failure: exit status 1), the mix's
throughput as a share of /healthz's, and each worker's resident memory before and after.

wrk is a closed loop: each connection sends its next request when the last one is
answered, so at 64 connections the latency includes the wait in gunicorn's listen queue.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)

CONNECTIONS = (16, 64)
WARM_UP_SECONDS = 15


def mix() -> list[tuple[str, str]]:
    """(part of the mix, path) of every request in one round of the workload, on the corpus
    in the database. Each part has several variants so no single cached answer dominates."""
    from archive.models import Document, Organisation, Person

    published = list(Document.objects.published().order_by("pk").values_list("slug", flat=True))
    step = max(1, len(published) // 6)
    documents = published[step // 2::step][:6]
    acronym = Organisation.objects.get(slug="organisation-0").names.filter(kind="acronym").order_by("name").first().name
    surname = Person.objects.public().order_by("pk").first().name.split()[-1]
    words = [bench_search.COMMON_WORD, bench_search.RARE_WORD, acronym, surname]
    search = lambda **params: urllib.parse.urlencode(params)  # noqa: E731
    return [
        ("home", "/"),
        ("home", "/"),
        *(("search page", f"/documents/?{search(q=word)}") for word in words),
        ("search page", f"/documents/?{search(q=bench_search.COMMON_WORD, kind='letter', date_from='1980')}"),
        *(("document page", f"/documents/{slug}/") for slug in documents[:5]),
        ("API list", "/api/documents/"),
        ("API list", "/api/documents/?kind=letter&sort=-date"),
        ("API list", "/api/topics/"),
        ("API list", "/api/people/"),
        *(("API search", f"/api/search/?{search(q=word)}") for word in words),
    ]


def worker_memory(master: int) -> dict[int, float]:
    """Resident megabytes of each gunicorn worker (the master's children)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    memory = {}
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                memory[int(pid)] = int(line.split()[1]) / 1024
    return memory


def wrk(base: str, paths_file: Path, connections: int, seconds: int) -> dict:
    """One wrk run: its summary, with latencies in milliseconds and the errors summed."""
    command = [
        "wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{seconds}s",
        "--timeout", "30s", "--script", str(ROOT / "bench" / "load.lua"), base + "/", "--", str(paths_file),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # wrk stops sending, but gunicorn still answers every request already queued on its
    # socket: one more request, queued behind them, returns once they are done, so that
    # the next run starts on an idle server.
    urllib.request.urlopen(base + "/healthz", timeout=300).read()
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    for key in ("p50", "p90", "p99", "max"):
        result[f"{key}_ms"] = result.pop(f"{key}_us") / 1000
    result["errors"] = sum(result[key] for key in ("connect", "read", "write", "status", "timeout"))
    return result


def check_every_path(base: str, paths: list[tuple[str, str]]) -> None:
    """Each request of the mix answers 200 before any load: a wrong path would count as an
    error under load without saying which."""
    for part, path in paths:
        try:
            status = urllib.request.urlopen(base + path).status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            sys.exit(f"{part} {path} answers {status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=60, help="seconds of each measured run")
    parser.add_argument("--connections", type=int, nargs="+", default=list(CONNECTIONS))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / f'load-{args.documents}.sqlite3'}")
    # The anonymous API rate limit is per client address, and every request here comes from
    # one: raised so that the bench measures the archive, not the throttle.
    os.environ["API_ANON_RATE"] = "100000000/minute"
    bench_search.prepare(args.documents)
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", "--no-input", verbosity=0)
    paths = mix()
    connection.close()
    mix_file, floor_file = OUT / "load-paths.txt", OUT / "load-healthz.txt"
    mix_file.write_text("".join(path + "\n" for _, path in paths))
    floor_file.write_text("/healthz\n")

    server, base = bench_search.serve()
    rows = []
    try:
        check_every_path(base, paths)
        memory_before = worker_memory(server.pid)
        wrk(base, mix_file, CONNECTIONS[0], WARM_UP_SECONDS)  # every worker loads its caches
        memory_warm = worker_memory(server.pid)
        for connections in args.connections:
            for workload, paths_file in (("mix", mix_file), ("/healthz", floor_file)):
                result = wrk(base, paths_file, connections, args.duration)
                rows.append({"connections": connections, "workload": workload, **result})
                print(f"  {connections:3} connections, {workload:9} {result['rps']:8.1f} req/s  "
                      f"p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}",
                      flush=True)
        memory_after = worker_memory(server.pid)
    finally:
        bench_search.stop(server)

    print(f"\n{connection.vendor}, {args.documents} documents, gunicorn 2 workers, wrk 2 threads, "
          f"{args.duration} s per run")
    print(f"{'connections':>11} {'workload':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'errors':>6} {'of /healthz':>11}")
    for row in rows:
        floor = next(r for r in rows if r["connections"] == row["connections"] and r["workload"] == "/healthz")
        print(f"{row['connections']:11} {row['workload']:9} {row['rps']:8.1f} {row['p50_ms']:8.1f} "
              f"{row['p99_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:6d} {row['rps'] / floor['rps']:10.1%}")
    print("\nworker resident memory, MB: " + "; ".join(
        f"{label} {', '.join(f'{mb:.0f}' for mb in memory.values())}"
        for label, memory in (("after start", memory_before), ("after warm-up", memory_warm),
                              ("after the runs", memory_after))))
    print("the mix, one round: " + ", ".join(f"{part} ×{sum(p == part for p, _ in paths)}"
                                             for part in dict.fromkeys(p for p, _ in paths)))
    (OUT / f"load-{connection.vendor}.json").write_text(json.dumps(
        {"rows": rows, "memory_mb": {"start": memory_before, "warm": memory_warm, "after": memory_after},
         "paths": paths}, indent=2))
    if any(row["errors"] for row in rows):
        sys.exit("errors under load: see the errors column")


if __name__ == "__main__":
    main()
