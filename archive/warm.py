"""Warming a server process before it takes requests.

Without it, the first request after a start loaded everything lazily: the URL resolver and
every view module, the templates, the citation styles, the search columns of every
published document and the name list that expands aliases — seconds for the first reader,
and again about a second on every fresh worker. `warm_up()` loads them once in gunicorn's
master process (`config/gunicorn.py`, with `preload_app`), so each worker forked from it
starts with them in memory; the search structures then only check their tokens on the
first request (one small query) and reload only if the archive changed since.

It ends by closing the master's database connections and cache clients: a connection
must never be shared by forked processes, so each worker opens its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

from archive import citations

# A word for the one search run at warm-up: what it finds does not matter.
WARM_QUERY = "archive"


@dataclass(frozen=True)
class Warmed:
    seconds: float
    templates: int
    documents: int
    names: int

    def __str__(self):
        return (f"warmed in {self.seconds:.2f} s: {self.templates} templates, search columns of "
                f"{self.documents} documents, {self.names} names")


def warm_up() -> Warmed:
    """Load what the first page and the first search need; close every connection after."""
    started = time.perf_counter()
    try:
        _urls()
        templates = _templates()
        citations.load_styles()
        documents, names = _search()
    finally:
        connections.close_all()
        caches.close_all()
    return Warmed(time.perf_counter() - started, templates, documents, names)


def _urls() -> None:
    # Builds the resolver's pattern tree and reverse lookup, importing every view module.
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018
    resolver.reverse_dict  # noqa: B018


def _templates() -> int:
    """Every template of the project compiled into the cached loader."""
    count = 0
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            get_template(path.relative_to(root).as_posix())
            count += 1
    return count


def _search() -> tuple[int, int]:
    from archive.filters import parse_document_filters
    from archive.search.columns import document_columns
    from archive.search.engine import search_documents
    from archive.search.names import name_index
    from archive.search.tokens import current_tokens

    state = current_tokens()
    columns = document_columns(state)
    names = name_index(state.names)
    # One real search: the query parser, the full-text statement, facets and snippets.
    search_documents(parse_document_filters({"q": WARM_QUERY}))
    return int(columns.live.sum()), len(names.choices)
