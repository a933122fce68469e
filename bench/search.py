"""Search at 100,000 documents (or any number): generate a corpus, serve it with gunicorn,
time real requests.

    .venv/bin/python bench/search.py                       # SQLite file in bench/out/
    .venv/bin/python bench/search.py --documents 1000000   # make bench DOCUMENTS=1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/search.py

The corpus is deterministic (one seeded generator, `bench/corpus.py`) and written by the
bulk path (COPY on PostgreSQL, the full-text index built once at the end). It is kept
between runs; `--regenerate` builds it again. For each kind of query the script prints
p50 and p95 of HTTP requests to gunicorn on 127.0.0.1, the same SQL run directly on the
same database (the floor), and, for text queries, the bare ranked full-text query; then the
ratios between them. With `--ranking-index` it then builds the Tantivy ranking index
(`archive/search/ranking.py`) for the corpus, prints its build time and size, and times every
query again with gunicorn serving from it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from corpus import COMMON_WORD, RARE_WORD, generate  # noqa: E402  (bench/ is on the path)


# ---------------------------------------------------------------- timing


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url):
    """(milliseconds, parsed JSON) of one request."""
    t = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        body = response.read()
    return (time.perf_counter() - t) * 1000, json.loads(body)


def raw_connection():
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        import sqlite3

        raw = sqlite3.connect(settings["NAME"])
        return raw, lambda sql: sql.replace("%s", "?").replace("%%", "%")
    import psycopg

    raw = psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
                          password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True)
    return raw, lambda sql: sql


def run_raw(raw, statements):
    """Milliseconds to run (sql, params) statements in sequence, fetching every row."""
    t = time.perf_counter()
    cursor = raw.cursor()
    for sql, params in statements:
        cursor.execute(sql, params)
        cursor.fetchall()
    cursor.close()
    return (time.perf_counter() - t) * 1000


def floor_statements(params_dict, convert):
    """The SQL one search runs for these parameters (recorded from the search module itself,
    its caches warm), to run again without Django; and the bare ranked query for comparison."""
    from django.db import connection

    from archive.filters import parse_document_filters as parse_search_params
    from archive.search.engine import search_documents
    from archive.search.engine import BM25, compile_query

    params = parse_search_params(params_dict)
    search_documents(params)  # warm the name list and the document columns
    recorded = []

    def record(execute, sql, sql_params, many, context):
        recorded.append((convert(sql), [str(p) if isinstance(p, str) else p for p in (sql_params or ())]))
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(record):
        result = search_documents(params)
    ranked = None
    if params.q:
        expression = compile_query(params.q, expand=params.expand).render()
        if connection.vendor == "postgresql":
            ranked = [("SELECT document_id, ts_rank(vector, q) AS r FROM search_searchentry, "
                       "to_tsquery('archive_search', %s) q WHERE vector @@ q ORDER BY r DESC LIMIT 20", [expression])]
        else:
            ranked = [(f"SELECT rowid, {BM25} AS r FROM search_fts WHERE search_fts MATCH ? ORDER BY r LIMIT 20",
                       [expression])]
    return recorded, ranked, result.count


def time_reload(n=5):
    """Milliseconds to load the document columns, as the first search after an edit does."""
    from archive.search.columns import DocumentColumns

    times = []
    for _ in range(n):
        t = time.perf_counter()
        DocumentColumns()
        times.append((time.perf_counter() - t) * 1000)
    return times


def prepare(documents: int, *, regenerate: bool = False) -> None:
    """Production settings from the environment, Django set up, the database migrated and
    holding the corpus of `documents` documents (generated when it does not)."""
    OUT.mkdir(exist_ok=True)
    # One file per size, so that the 100,000 and 1,000,000 corpora are kept side by side.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / f'bench-{documents}.sqlite3'}")
    os.environ.update(DEBUG="false", SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
                      ALLOWED_HOSTS="127.0.0.1,testserver", SECURE_SSL_REDIRECT="false", LOG_LEVEL="ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Document

    if connection.vendor == "postgresql":
        _create_postgresql_database(connection.settings_dict)
    call_command("migrate", verbosity=0)
    if regenerate or Document.objects.count() != documents:
        if Document.objects.exists():
            sys.exit("The bench database holds another corpus; drop it first (or point DATABASE_URL elsewhere).")
        generate(documents)
    # Fresh planner statistics, also for indexes a migration has just added: without them
    # SQLite walked a new date index through every published row for a page of 100 records.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _create_postgresql_database(settings: dict) -> None:
    """The bench database named by DATABASE_URL, created when the server does not have it yet."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
                         password=settings["PASSWORD"] or None, dbname="postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))


def serve() -> tuple[subprocess.Popen, str]:
    """gunicorn (2 workers) on a free loopback port, once it answers: (process, base URL)."""
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz").read()
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def build_index(documents: int) -> Path:
    """The ranking index of the bench corpus (timed, sized), built unless one that the change
    log can bring up to date is already there (at 1,000,000 documents a build takes about 20
    minutes)."""
    from django.db import connection

    from archive.search.ranking_build import build_ranking_index, needs_rebuild

    root = OUT / f"ranking-{connection.vendor}-{documents}"
    if not needs_rebuild(root):
        print(f"ranking index: reusing {root}")
        return root
    built = build_ranking_index(root)
    print(f"ranking index: {built.documents} documents built in {built.seconds:.1f} s, "
          f"{built.bytes / 1e6:.1f} MB on disk")
    return root


def measure(kinds: dict, requests: int, ranking_root: Path | None) -> list[dict]:
    """Each kind of query timed over HTTP against a fresh gunicorn, beside its floor."""
    os.environ["SEARCH_RANKING_INDEX"] = str(ranking_root or "")
    server, root = serve()
    base = f"{root}/api/search/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "?q=warmup").read()
                break
            except OSError:
                time.sleep(0.2)
        raw, convert = raw_connection()
        rows = []
        for label, params in kinds.items():
            url = base + "?" + urllib.parse.urlencode(params, doseq=True)
            statements, ranked, count = floor_statements(params, convert)
            # Interleaved, one of each per round: on a shared machine whose speed drifts, the
            # ratios then compare like with like.
            http, floor, ranked_times = [], [], []
            for round_ in range(requests + 5):
                elapsed, body = http_get(url)
                floor_elapsed = run_raw(raw, statements)
                ranked_elapsed = run_raw(raw, ranked) if ranked else None
                if round_ >= 5:  # warm-up: both workers load their caches
                    http.append(elapsed)
                    floor.append(floor_elapsed)
                    ranked_times.append(ranked_elapsed)
            ranked_times = ranked_times if ranked else None
            rows.append({
                "kind": label, "params": params, "count": body["count"], "expansions": len(body["expansions"]),
                "http_p50": statistics.median(http), "http_p95": percentile(http, 95),
                "floor_p50": statistics.median(floor), "floor_p95": percentile(floor, 95),
                "ranked_p50": statistics.median(ranked_times) if ranked_times else None,
            })
            assert body["count"] == count  # the index and the database agree on the total
    finally:
        stop(server)
    return rows


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(f"{'query':30} {'count':>7} {'p50':>8} {'p95':>8} {'floor p50':>10} {'ratio':>6} {'ranked p50':>11} {'ratio':>6}")
    for row in rows:
        ranked = f"{row['ranked_p50']:11.1f} {row['http_p50'] / row['ranked_p50']:6.2f}" if row["ranked_p50"] else f"{'–':>11} {'–':>6}"
        print(f"{row['kind']:30} {row['count']:7d} {row['http_p50']:8.1f} {row['http_p95']:8.1f} "
              f"{row['floor_p50']:10.1f} {row['http_p50'] / row['floor_p50']:6.2f} {ranked}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per query kind")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--ranking-index", action="store_true",
                        help="also build the Tantivy ranking index and time every query again with it")
    args = parser.parse_args()
    prepare(args.documents, regenerate=args.regenerate)
    from django.db import connection

    from archive.models import Organisation

    org = Organisation.objects.get(slug="organisation-0")
    acronym = org.names.filter(kind="acronym").order_by("name").first().name
    kinds = {
        "rare-term search": {"q": RARE_WORD},
        "common-term search": {"q": COMMON_WORD},
        "alias-expanded search": {"q": acronym},
        "common term, one kind": {"q": COMMON_WORD, "kind": "letter"},
        "common term, narrow filter": {"q": COMMON_WORD, "kind": "letter", "date_from": "1990", "date_to": "1994"},
        "common term, date-sorted": {"q": COMMON_WORD, "sort": "-date"},
        "filtered list, date-sorted": {"kind": "letter", "date_from": "1990", "date_to": "1994", "sort": "-date"},
    }

    heading = f"{connection.vendor}, {args.documents} documents, {args.requests} requests per kind (ms)"
    rows = measure(kinds, args.requests, None)
    results = {"rows": rows}
    print_rows(heading + ", the database ranking", rows)
    if args.ranking_index:
        indexed = measure(kinds, args.requests, build_index(args.documents))
        results["ranking_index_rows"] = indexed
        print_rows(heading + ", the ranking index (floor: the database path's SQL)", indexed)
    reload = time_reload()
    print(f"reloading the document columns (the first search after a change): p50 {statistics.median(reload):.0f} ms")
    results["reload_p50"] = statistics.median(reload)
    (OUT / f"results-{connection.vendor}.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
