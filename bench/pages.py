"""Every public page and API list at scale: the search benchmark's corpus, served by gunicorn.

    .venv/bin/python bench/pages.py                       # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/pages.py

Uses (or generates) the same deterministic corpus as `bench/search.py`, serves it with
gunicorn (2 workers, production settings) on 127.0.0.1 and times sequential requests to
each page: p50, p95, the response's size, and the SQL queries it ran (counted in this
process through Django's test client, on the same database). Records "linked to thousands
of documents" are the corpus's busiest: `organisation-0` (Pareto-distributed publishers),
the person and the place named in the most documents, the largest topic.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)


def pages() -> dict[str, str]:
    """Label → path of every page and list timed, on the corpus in the database."""
    from django.db.models import Count

    from archive.models import Document, Role

    documents = Document.objects.published()
    middle = documents.order_by("pk").values_list("slug", flat=True)[documents.count() // 2]
    busiest = {}
    for field in ("person", "organisation", "place"):
        row = (Role.objects.filter(**{f"{field}__isnull": False}).values(f"{field}__slug")
               .annotate(n=Count("pk")).order_by("-n").first())
        busiest[field] = row[f"{field}__slug"] if row else None
    if busiest["place"] is None:  # the corpus links places only as where a document was written
        row = documents.filter(place_written__isnull=False).values("place_written__slug").annotate(
            n=Count("pk")).order_by("-n").first()
        busiest["place"] = row["place_written__slug"]
    topic = Document.topics.through.objects.values("topic__slug").annotate(n=Count("pk")).order_by("-n").first()
    oai = "/oai/?verb={}&metadataPrefix=oai_dc"
    return {
        "home": "/",
        "document": f"/documents/{middle}/",
        "person (busiest)": f"/people/{busiest['person']}/",
        "organisation (busiest)": f"/organisations/{busiest['organisation']}/",
        "place (busiest)": f"/places/{busiest['place']}/",
        "topics": "/topics/",
        "topic (largest)": f"/topics/{topic['topic__slug']}/",
        "timeline": "/timeline/",
        "timeline, one organisation": f"/timeline/?organisation={busiest['organisation']}",
        "/api/documents/": "/api/documents/",
        "/api/documents/ filtered": "/api/documents/?kind=letter&date_from=1990&date_to=1994&sort=-date",
        "/api/topics/": "/api/topics/",
        "OAI ListRecords": oai.format("ListRecords"),
        "OAI ListIdentifiers": oai.format("ListIdentifiers"),
        "sitemap index": "/sitemap.xml",
        "sitemap file (cached)": "/sitemap-documents.xml?p=1",
        "feed": "/documents/feed/",
        "readyz": "/readyz",
    }


def query_counts(paths: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for label, path in paths.items():
        client.get(path)  # caches warm, as in the timed requests
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        assert status == 200, (label, status)
        counts[label] = len(queries)
    return counts


def write_then_search(base: str, rounds: int) -> dict[str, float]:
    """Milliseconds of a search right after a write committed by another process (this
    one) against the same search with nothing written, interleaved; and, in this process,
    applying one document's change to the columns against reloading them in full."""
    import urllib.parse

    from archive.models import Document, Status
    from archive.search.columns import DocumentColumns
    from archive.search.tokens import current_tokens

    document = Document.objects.filter(status=Status.PUBLISHED, kind="letter").order_by("pk").last()
    url = base + "/api/search/?" + urllib.parse.urlencode({"kind": "letter", "page_size": 1})
    after_write, quiet = [], []
    count = json.loads(urllib.request.urlopen(url).read())["count"]
    for round_ in range(rounds):
        status = Status.DRAFT if round_ % 2 == 0 else Status.PUBLISHED
        Document.objects.filter(pk=document.pk).update(status=status)
        t = time.perf_counter()
        body = json.loads(urllib.request.urlopen(url).read())
        after_write.append((time.perf_counter() - t) * 1000)
        expected = count - 1 if status == Status.DRAFT else count
        assert body["count"] == expected, (body["count"], expected)  # the write is seen at once
        # The other worker applies the change on its next search: give it one.
        urllib.request.urlopen(url).read()
        t = time.perf_counter()
        urllib.request.urlopen(url).read()
        quiet.append((time.perf_counter() - t) * 1000)
    Document.objects.filter(pk=document.pk).update(status=Status.PUBLISHED)
    columns = DocumentColumns()
    t = time.perf_counter()
    for _ in range(5):
        columns.changed([document.pk])
    apply_ms = (time.perf_counter() - t) * 1000 / 5
    t = time.perf_counter()
    for _ in range(3):
        DocumentColumns()
    reload_ms = (time.perf_counter() - t) * 1000 / 3
    current_tokens()
    return {"search after a write p50": statistics.median(after_write), "same search, nothing written p50":
            statistics.median(quiet), "apply one change (in process)": apply_ms, "full reload (in process)": reload_ms}


def fetch(url: str) -> tuple[float, int]:
    t = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        body = response.read()
    return (time.perf_counter() - t) * 1000, len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument("--only", help="time only pages whose label contains this text")
    args = parser.parse_args()

    bench_search.prepare(args.documents)
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", "--no-input", verbosity=0)

    paths = pages()
    if args.only:
        paths = {label: path for label, path in paths.items() if args.only in label}
    queries = query_counts(paths)
    connection.close()

    server, base = bench_search.serve()
    rows = []
    try:
        for label, path in paths.items():
            times, size = [], 0
            for round_ in range(args.requests + 4):
                elapsed, size = fetch(base + path)
                if round_ >= 4:  # warm-up: both workers' caches and connections
                    times.append(elapsed)
            rows.append({"page": label, "path": path, "p50": statistics.median(times),
                         "p95": bench_search.percentile(times, 95), "bytes": size, "queries": queries[label]})
            print(f"  {label:28} {rows[-1]['p50']:8.1f} ms", flush=True)
        latency = write_then_search(base, args.requests)
    finally:
        bench_search.stop(server)

    print(f"\n{connection.vendor}, {args.documents} documents, {args.requests} requests per page (ms)")
    print(f"{'page':28} {'p50':>8} {'p95':>8} {'KB':>8} {'queries':>8}  path")
    for row in rows:
        print(f"{row['page']:28} {row['p50']:8.1f} {row['p95']:8.1f} {row['bytes'] / 1024:8.1f} {row['queries']:8d}  {row['path']}")
    print("\nA write, then a search in another process (a gunicorn worker), ms:")
    for label, value in latency.items():
        print(f"  {label:34} {value:8.1f}")
    (OUT / f"pages-{connection.vendor}.json").write_text(json.dumps({"pages": rows, "write": latency}, indent=2))


if __name__ == "__main__":
    main()
