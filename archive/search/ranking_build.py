"""Building the ranking index (`ranking.py`) from the database, into a fresh directory that
then replaces the current one: readers keep the build they opened until they see `CURRENT`
name the new one, and never open a half-built index."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import tantivy

from archive.models import Document
from archive.replicas import primary_reads

from .models import DocumentChange
from .ranking import (
    ANALYZER, MAX_CHANGES, analyzer, applied_state, current_directory, document_rows, follows, make_current,
    new_document, schema, write_applied,
)
from .tokens import current_tokens

BATCH = 2_000
# One indexing thread: the machine's other cores serve searches meanwhile. Tantivy writes a
# segment each time the heap fills; 200 MB per thread has been seen to fail.
HEAP = 50_000_000


@dataclass
class Built:
    directory: Path
    documents: int
    seconds: float
    bytes: int


def needs_rebuild(root: Path) -> bool:
    """The index under `root` is missing, or the change log cannot bring it up to date: a
    bulk load since it was built, rows after its position pruned, a log gone back behind
    it, or more rows waiting than a search applies (`MAX_CHANGES`). Names, topics and every other curator's write are
    followed through the log."""
    directory = current_directory(root)
    applied = applied_state(directory) if directory else None
    with primary_reads():
        state = current_tokens()
        if not follows(applied, state):
            return True
        waiting = DocumentChange.objects.filter(id__gt=applied["last_change"])[:MAX_CHANGES + 1].count()
    return waiting > MAX_CHANGES


def build_ranking_index(root: Path) -> Built:
    started = time.monotonic()
    root.mkdir(parents=True, exist_ok=True)
    directory = root / time.strftime(f"index-%Y%m%dT%H%M%S-{time.monotonic_ns() % 1_000_000:06d}")
    directory.mkdir()
    with primary_reads():
        # Read before the documents: a write committed meanwhile is applied again from the
        # change log on the first search, which changes nothing.
        state = current_tokens()
        index = tantivy.Index(schema(), path=str(directory))
        index.register_tokenizer(ANALYZER, analyzer())
        writer = index.writer(HEAP, 1)
        count, last = 0, 0
        while True:
            # Keyset batches: memory stays flat whatever the archive's size.
            rows = list(document_rows(Document.objects.filter(pk__gt=last).order_by("pk"))[:BATCH])
            if not rows:
                break
            for row in rows:
                writer.add_document(new_document(*row))
            count += len(rows)
            last = rows[-1][0]
        writer.commit()
        writer.wait_merging_threads()
    write_applied(directory, state, state.last_change)
    previous = current_directory(root)
    make_current(root, directory)
    for old in root.glob("index-*"):
        # The build before this one stays: a process may still be searching it.
        if old not in (directory, previous) and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    size = sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())
    return Built(directory, count, time.monotonic() - started, size)
