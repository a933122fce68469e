"""Search at 100,000 documents: generate a corpus, serve it with gunicorn, time real requests.

    .venv/bin/python bench/search.py                       # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/search.py

The corpus is deterministic (one seeded generator) and loaded through
`archive.search.index.deferred_indexing` with `bulk_create`, the archive's bulk path. It is
kept between runs; `--regenerate` builds it again. For each kind of query the script prints
p50 and p95 of HTTP requests to gunicorn on 127.0.0.1, the same SQL run directly on the
same database (the floor), and, for text queries, the bare ranked full-text query; then the
ratios between them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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

SEED = 20240917
KINDS = ["letter", "open_letter", "cable", "article", "report", "statement", "testimony", "speech"]
COMMON_WORD = "report"  # in half of the documents
RARE_WORD = "zephyrine"  # in 12 documents
SYLLABLES = "ka ri mo na ta shi ra de lo vi qu en as ol ur ba zi fe go hu ja ke lu ma ne po sa te vo ye".split()


def pseudo_word(rng: random.Random, low=1, high=4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high)))


def generate(documents: int) -> None:
    from archive.dates import parse_bounds
    from archive.models import (
        Document, Organisation, OrganisationName, Person, PersonName, Place, PlaceName, Role, RoleKind, Status,
        Topic,
    )
    from archive.search.index import deferred_indexing
    from archive.text import name_key

    rng = random.Random(SEED)
    vocabulary = sorted({pseudo_word(rng) for _ in range(30_000)} - {COMMON_WORD, RARE_WORD})[:20_000]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)

    def words(n):
        return rng.choices(vocabulary, cum_weights=cumulative, k=n)

    started = time.perf_counter()
    with deferred_indexing():
        topics = Topic.objects.bulk_create(Topic(name=f"Topic {pseudo_word(rng).title()} {n}", slug=f"topic-{n}")
                                           for n in range(30))
        people, person_names = [], []
        for n in range(5000):
            name = f"{pseudo_word(rng, 2, 3).title()} {pseudo_word(rng, 2, 4).title()}"
            people.append(Person(name=name, name_key=name_key(name), slug=f"person-{n}", is_private=n % 50 == 0))
        Person.objects.bulk_create(people, batch_size=2000)
        for person in people:
            surname = person.name.split()[1]
            for alias in {surname, person.name.replace("a", "e", 1)} - {person.name}:
                person_names.append(PersonName(person=person, name=alias, key=name_key(alias)))
        PersonName.objects.bulk_create(person_names, batch_size=5000, ignore_conflicts=True)

        orgs, org_names, acronyms = [], [], set()
        for n in range(500):
            parts = [pseudo_word(rng, 2, 3).title() for _ in range(3)]
            name = " ".join(parts) + " " + rng.choice(["Front", "Council", "Union", "Movement", "Ministry"])
            orgs.append(Organisation(name=name, name_key=name_key(name), slug=f"organisation-{n}"))
        Organisation.objects.bulk_create(orgs)
        for org in orgs:
            acronym = "".join(w[0] for w in org.name.split()).upper()
            if acronym in acronyms:
                acronym += str(len(acronyms))
            acronyms.add(acronym)
            for alias in (acronym, org.name.replace(" ", "-", 1), "The " + org.name):
                org_names.append(OrganisationName(organisation=org, name=alias, key=name_key(alias), kind="acronym"))
        OrganisationName.objects.bulk_create(org_names, batch_size=5000, ignore_conflicts=True)

        places = [Place(name=f"Camp {pseudo_word(rng, 2, 3).title()}", slug=f"place-{n}") for n in range(200)]
        for place in places:
            place.name_key = name_key(place.name)
        Place.objects.bulk_create(places)
        PlaceName.objects.bulk_create(
            [PlaceName(place=p, name=p.name.split()[1] + " Camp", key=name_key(p.name.split()[1] + " Camp")) for p in places]
        )

        rare = set(rng.sample(range(documents), 12))
        batch, roles, links = [], [], []
        for n in range(documents):
            org = orgs[min(int(rng.paretovariate(1.2)) - 1, len(orgs) - 1)]
            person = people[rng.randrange(len(people))]
            body = words(400)
            if rng.random() < 0.5:
                body[rng.randrange(400)] = COMMON_WORD
            if n in rare:
                body[rng.randrange(400)] = RARE_WORD
            if rng.random() < 0.2:
                body[rng.randrange(400)] = rng.choice([org.name, org.name.replace(" ", "-", 1)])
            if rng.random() < 0.2:
                body[rng.randrange(400)] = person.name
            paragraphs = [" ".join(body[i:i + 80]).capitalize() + "." for i in range(0, 400, 80)]
            year = rng.randint(1960, 2020)
            date = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                               f"{year}/{year + rng.randint(1, 4)}", ""])
            bounds = parse_bounds(date)
            batch.append(Document(
                slug=f"doc-{n}", title=" ".join(words(rng.randint(5, 12))).capitalize(),
                kind=rng.choice(KINDS), status=Status.DRAFT if n % 20 == 0 else Status.PUBLISHED,
                date_edtf=date, date_lower=bounds.lower, date_upper=bounds.upper,
                language=rng.choice(["en"] * 8 + ["fa", "ar", "fr"]),
                summary=" ".join(words(30)).capitalize() + ".", body="\n\n".join(paragraphs),
                place_written=places[rng.randrange(len(places))] if rng.random() < 0.3 else None,
            ))
            roles.append((n, "org", org))
            roles.append((n, "person", person))
            roles.append((n, "person2", people[rng.randrange(len(people))]))
            links.append((n, topics[rng.randrange(len(topics))]))
            if len(batch) == 5000:
                _flush(batch, roles, links, Document, Role, RoleKind)
                print(f"  {n + 1} documents", flush=True)
        _flush(batch, roles, links, Document, Role, RoleKind)
        print("  rebuilding the index…", flush=True)
    print(f"Generated {documents} documents in {time.perf_counter() - started:.0f} s.", flush=True)


def _flush(batch, roles, links, Document, Role, RoleKind):
    saved = Document.objects.bulk_create(batch)
    first_n = roles[0][0] if roles else 0
    by_n = {first_n + i: doc for i, doc in enumerate(saved)}
    Role.objects.bulk_create(
        [Role(document=by_n[n], role=RoleKind.PUBLISHER if what == "org" else
              RoleKind.AUTHOR if what == "person" else RoleKind.MENTIONED,
              **({"organisation": e} if what == "org" else {"person": e})) for n, what, e in roles],
        batch_size=5000, ignore_conflicts=True,
    )
    Document.topics.through.objects.bulk_create(
        [Document.topics.through(document_id=by_n[n].pk, topic_id=t.pk) for n, t in links], batch_size=5000
    )
    batch.clear(), roles.clear(), links.clear()


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per query kind")
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.update(DEBUG="false", SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
                      ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", LOG_LEVEL="ERROR")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Document

    call_command("migrate", verbosity=0)
    if args.regenerate or Document.objects.count() != args.documents:
        if Document.objects.exists():
            sys.exit("The bench database holds another corpus; drop it first (or point DATABASE_URL elsewhere).")
        generate(args.documents)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from archive.models import Organisation

    org = Organisation.objects.get(slug="organisation-0")
    acronym = org.names.filter(kind="acronym").order_by("name").first().name
    kinds = {
        "rare-term search": {"q": RARE_WORD},
        "common-term search": {"q": COMMON_WORD},
        "alias-expanded search": {"q": acronym},
        "filtered list, date-sorted": {"kind": "letter", "date_from": "1990", "date_to": "1994", "sort": "-date"},
    }

    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/api/search/"
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
            for round_ in range(args.requests + 5):
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
            assert body["count"] == count
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    print(f"\n{connection.vendor}, {args.documents} documents, {args.requests} requests per kind (ms)")
    print(f"{'query':30} {'count':>7} {'p50':>8} {'p95':>8} {'floor p50':>10} {'ratio':>6} {'ranked p50':>11} {'ratio':>6}")
    for row in rows:
        ranked = f"{row['ranked_p50']:11.1f} {row['http_p50'] / row['ranked_p50']:6.2f}" if row["ranked_p50"] else f"{'–':>11} {'–':>6}"
        print(f"{row['kind']:30} {row['count']:7d} {row['http_p50']:8.1f} {row['http_p95']:8.1f} "
              f"{row['floor_p50']:10.1f} {row['http_p50'] / row['floor_p50']:6.2f} {ranked}")
    reload = time_reload()
    print(f"reloading the document columns (the first search after a change): p50 {statistics.median(reload):.0f} ms")
    (OUT / f"results-{connection.vendor}.json").write_text(
        json.dumps({"rows": rows, "reload_p50": statistics.median(reload)}, indent=2, default=str)
    )


if __name__ == "__main__":
    main()
