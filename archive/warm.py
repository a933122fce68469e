"""Warming a server process before it takes requests.

Without it, the first request after a start loaded everything lazily: the URL resolver and
every view module, the templates, the citation styles, the search columns of every
published document and the name list that expands aliases, the translation catalogues and
the static files' manifest — seconds for the first reader, and again about a second on
every fresh worker. `warm_up()` loads them once, then serves one search page through the
whole stack (middleware, rendering), in gunicorn's master process (`config/gunicorn.py`,
with `preload_app`), so each worker forked from it starts with them in memory; the search
structures then only check their tokens on the first request (one small query) and reload
only if the archive changed since.

It ends by closing the master's database connections and cache clients: a connection
must never be shared by forked processes, so each worker opens its own.
"""

from __future__ import annotations

import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

from archive import citations

# The page served at warm-up: a search, whatever it finds.
WARM_PATH, WARM_QUERY = "/documents/", "q=archive"


@dataclass(frozen=True)
class Warmed:
    seconds: float
    templates: int
    documents: int
    names: int
    page_status: int

    def __str__(self):
        return (f"warmed in {self.seconds:.2f} s: {self.templates} templates, search columns of "
                f"{self.documents} documents, {self.names} names, {WARM_PATH}?{WARM_QUERY} answered "
                f"{self.page_status}")


def warm_up() -> Warmed:
    """Load what the first page and the first search need; close every connection after."""
    started = time.perf_counter()
    try:
        _urls()
        templates = _templates()
        citations.load_styles()
        documents, names = _search()
        page_status = _serve_one_page()
    finally:
        connections.close_all()
        caches.close_all()
    return Warmed(time.perf_counter() - started, templates, documents, names, page_status)


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
    from archive.search.columns import document_columns
    from archive.search.names import name_index
    from archive.search.tokens import current_tokens

    state = current_tokens()
    columns = document_columns(state)
    names = name_index(state.names)
    return int(columns.live.sum()), len(names.choices)


def _serve_one_page() -> int:
    """A search page through a WSGI handler like gunicorn's, as a reader on an allowed host
    would ask for it; its status code (the warm-up is done whatever it answers)."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": WARM_PATH, "QUERY_STRING": WARM_QUERY, "SCRIPT_NAME": "",
        "SERVER_NAME": _allowed_host(), "SERVER_PORT": "443", "HTTP_HOST": _allowed_host(),
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_ACCEPT_LANGUAGE": settings.LANGUAGE_CODE,
        "wsgi.version": (1, 0), "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in response:
            pass
    finally:
        response.close()
    return int(statuses[0].split()[0])


def _allowed_host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"
