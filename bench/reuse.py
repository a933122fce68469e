"""Importing one page into a large archive: request time, peak memory, and the wait for its
shared-text proposals.

    nice -n 10 .venv/bin/python bench/reuse.py                     # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/reuse.py

Builds (once, kept for later runs; `--regenerate` builds it again) an archive of
`--documents` texts of 150–450 words drawn from a Zipf-distributed vocabulary of 20,000 made-up
words, one in 20 of them quoting one of 2,000 passages of 30–60 words, loaded with
`bulk_create` and fingerprinted in bulk (`reuse.fingerprint_archive`). Then, with production
settings (DEBUG off, the database tasks backend, so a request only queues its check):

* **request**: the admin upload of one saved page quoting a passage, through Django's test
  client (the whole view: form, import, mention scan, queueing the check), timed; its peak
  Python memory by tracemalloc in a second upload, and the process's maximum resident size;
* **check**: the queued task run as `db_worker` runs it (`check_text_reuse`), timed, with the
  proposals it made;

and, in the same run, two baselines: the bare fingerprint lookup (the one query a check adds
per text), and reading every text of the archive and making its set of word 5-grams, the
first step of the MinHash method that recomputed the whole archive on every import (its
sketches and index cost more on top), timed on `--baseline-documents` and scaled.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

SEED = 20261202
SYLLABLES = "ka ri mo na ta shi ra de lo vi qu en as ol ur ba zi fe go hu ja ke lu ma ne po sa te vo ye".split()
QUOTING_SHARE = 20  # one document in 20 quotes a passage
PASSAGES = 2000


def vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    words = sorted(words)
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))
    return words, cumulative


def sentences(rng, words, cumulative, count: int) -> str:
    drawn = rng.choices(words, cum_weights=cumulative, k=count)
    out, start = [], 0
    while start < count:
        end = min(count, start + rng.randint(8, 25))
        sentence = " ".join(drawn[start:end])
        out.append(sentence[:1].upper() + sentence[1:] + ".")
        start = end
    paragraphs, start = [], 0
    while start < len(out):
        end = start + rng.randint(2, 6)
        paragraphs.append(" ".join(out[start:end]))
        start = end
    return "\n\n".join(paragraphs)


def corpus(documents: int):
    rng = random.Random(SEED)
    words, cumulative = vocabulary(rng)
    passages = [sentences(rng, words, cumulative, rng.randint(30, 60)) for _ in range(PASSAGES)]
    return rng, words, cumulative, passages


def generate(documents: int) -> None:
    from archive.curation import reuse
    from archive.models import Document, Status
    from archive.search.index import deferred_indexing

    rng, words, cumulative, passages = corpus(documents)
    started = time.perf_counter()
    batch = []
    with deferred_indexing():
        for n in range(documents):
            body = sentences(rng, words, cumulative, rng.randint(150, 450))
            if n % QUOTING_SHARE == 0:
                paragraphs = body.split("\n\n")
                paragraphs.insert(rng.randint(0, len(paragraphs)), f"“{passages[rng.randrange(PASSAGES)]}”")
                body = "\n\n".join(paragraphs)
            year = 1990 + n % 35
            batch.append(Document(
                title=f"Document {n} {words[n % len(words)]}", slug=f"reuse-bench-{n}", body=body,
                status=Status.PUBLISHED, date_edtf=f"{year}-{1 + n % 12:02d}",
            ))
            if len(batch) == 5000:
                Document.objects.bulk_create(batch)
                batch = []
                print(f"  {n + 1:,} documents", flush=True)
        Document.objects.bulk_create(batch)
    print(f"loaded {documents:,} documents in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    reuse.fingerprint_archive(chunk=2000)
    print(f"fingerprinted them in {time.perf_counter() - started:.0f} s", flush=True)


def quoted_passage(index: int) -> str:
    """The passage the index-th quoting document of the archive quotes: the page imported
    quotes it too, so the check has documents to find."""
    from archive.models import Document

    body = Document.objects.get(slug=f"reuse-bench-{index * QUOTING_SHARE}").body
    return next(p for p in body.split("\n\n") if p.startswith("“")).strip("“”")


def page(rng, words, cumulative, index: int) -> tuple[str, bytes]:
    """A saved page (plain text) quoting a passage, as a news post would."""
    passage = quoted_passage(index)
    text = (f"Letters from the valley {index}\n\n{sentences(rng, words, cumulative, 120)}\n\n"
            f"A reader wrote to us: “{passage}”\n\n{sentences(rng, words, cumulative, 150)}\n")
    return f"post-{index}-{rng.randrange(10**9)}.txt", text.encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--baseline-documents", type=int, default=10_000,
                        help="texts read, shingled and hashed for the recomputation baseline")
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'reuse.sqlite3'}")
    os.environ.update(DEBUG="false", SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnop",
                      ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false", LOG_LEVEL="ERROR",
                      TASKS_BACKEND="django_tasks_db.DatabaseBackend", MEDIA_ROOT=str(OUT / "reuse-media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    # Admin pages name static files; without `collectstatic` there is no manifest to read them from.
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from archive.curation import reuse
    from archive.curation.models import TextFingerprint, TextReuseProposal
    from archive.curation.tasks import check_text_reuse
    from archive.models import Document

    call_command("migrate", verbosity=0)
    if args.regenerate:
        Document.objects.filter(slug__startswith="reuse-bench-").delete()
        Document.objects.filter(title__startswith="Letters from the valley").delete()
    present = Document.objects.filter(slug__startswith="reuse-bench-").count()
    if present != args.documents:
        if present or Document.objects.exists():
            sys.exit("The bench database holds another archive; use --regenerate or point DATABASE_URL elsewhere.")
        generate(args.documents)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    _rng, words, cumulative, _passages = corpus(args.documents)
    rng = random.Random(time.time_ns())
    user, _ = get_user_model().objects.get_or_create(username="reuse-bench", defaults={"is_staff": True,
                                                                                       "is_superuser": True})
    client = Client()
    client.force_login(user)
    url = reverse("admin:curation_upload")
    rows = TextFingerprint.objects.count()
    print(f"\n{Document.objects.count():,} documents, {rows:,} fingerprints "
          f"({rows / Document.objects.count():.1f} per document), {connection.vendor}")

    def upload(index: int, traced: bool = False):
        name, data = page(rng, words, cumulative, index)
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        response = client.post(url, {"pages": [SimpleUploadedFile(name, data)]})
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        if traced:
            tracemalloc.stop()
        assert response.status_code == 200 and "checking for shared text" in response.content.decode(), response
        draft = Document.objects.filter(imported_page__filename=name).get()
        return elapsed, peak, draft

    # One upload to warm the process (imports, templates, the name matcher's first build).
    upload(0)
    timings, checks = [], []
    for index in (1, 2, 3):
        elapsed, _peak, draft = upload(index)
        timings.append(elapsed)
        started = time.perf_counter()
        made = check_text_reuse.call(draft.pk)
        checks.append((time.perf_counter() - started, made))
    _elapsed, request_peak, draft = upload(4, traced=True)
    tracemalloc.start()
    check_text_reuse.call(draft.pk)
    check_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Baselines, same run, same database.
    hashes = reuse.fingerprints(draft.body)
    lookups = []
    for _ in range(5):
        started = time.perf_counter()
        reuse.candidates(draft.pk, hashes)
        lookups.append(time.perf_counter() - started)
    sample = min(args.baseline_documents, args.documents)
    started = time.perf_counter()
    for _pk, body in Document.objects.order_by("pk").values_list("pk", "body")[:sample].iterator(chunk_size=2000):
        reuse.shingle(0, body).unique  # the word 5-grams of every text, as the old method began
    recompute = (time.perf_counter() - started) * args.documents / sample

    proposals = TextReuseProposal.objects.filter(source__title__startswith="Letters from the valley").count()
    print(f"request (upload of one page), 3 runs: {', '.join(f'{t * 1000:.0f}' for t in timings)} ms")
    print(f"  peak Python memory during the request (tracemalloc): {request_peak / 2**20:.1f} MB")
    print(f"check (the background task), 3 runs: "
          + ", ".join(f"{t * 1000:.0f} ms ({m} proposals)" for t, m in checks))
    print(f"  peak Python memory during the check (tracemalloc): {check_peak / 2**20:.1f} MB")
    print(f"process maximum resident size (whole run, generation excluded when reused): {maxrss:.0f} MB")
    print(f"baseline: bare fingerprint lookup ({len(hashes)} hashes): {min(lookups) * 1000:.1f} ms")
    print(f"baseline: reading every text and making its 5-grams ({sample:,} timed, scaled to "
          f"{args.documents:,}): {recompute:.1f} s per import if the archive were recomputed")
    print(f"ratio: recomputation / request = {recompute / min(timings):.0f}×; "
          f"proposals stored for the uploaded pages so far: {proposals}")
    Document.objects.filter(title__startswith="Letters from the valley").delete()


if __name__ == "__main__":
    main()
