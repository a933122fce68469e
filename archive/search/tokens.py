"""What each process keeps in memory between searches, and how it knows it is still current.

`SearchState` holds two tokens that database triggers change (migrations 0002, 0004 and
0007): `token` when a public name changes, `documents_token` when the document columns must
read their records again (a topic, person, organisation or place written) or reload (a bulk
load, a pruned log). Writes
to documents, roles and topic links, and changes to the names a document is found by, add
rows to the change log (`DocumentChange`), which the columns and the ranking index apply
one document at a time. What the log does not hold, `changes_token` (a bulk load) and
`pruned_through` (rows dropped) say (migration 0008). One small query reads all of these and
the last change's id; a `TokenCache` keeps one value per process and loads it again when
its token differs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from django.db.models import Subquery

from archive.replicas import primary_reads

from .models import DocumentChange, SearchState

T = TypeVar("T")


class State(NamedTuple):
    names: str
    documents: str
    last_change: int  # the change log's last id, 0 when it is empty
    changes: str = ""  # changes with a bulk load, which the log does not hold
    pruned_through: int = 0  # the last id of the log dropped by its prune


def current_tokens() -> State:
    """The tokens and the change log's last id; empty tokens when the state row is missing."""
    last = DocumentChange.objects.order_by("-id").values("id")[:1]
    # From the primary, as what the tokens guard is loaded (archive/replicas.py).
    with primary_reads():
        row = (SearchState.objects.annotate(last=Subquery(last))
               .values_list("token", "documents_token", "last", "changes_token", "pruned_through").first())
    if row is None:
        return State("", "", 0)
    return State(row[0], row[1], row[2] or 0, row[3], row[4])


class TokenCache(Generic[T]):
    """One value per process, loaded again whenever the token it was loaded under changes.
    No token (the state row emptied by a `flush`) means no caching: nothing then says when
    the data changes."""

    def __init__(self, load: Callable[[], T]):
        self._load = load
        self._lock = threading.Lock()
        self._entry: tuple[str, T] | None = None

    def get(self, token: str) -> T:
        entry = self._entry
        if entry is not None and token and entry[0] == token:
            return entry[1]
        with self._lock:
            if self._entry is None or not token or self._entry[0] != token:
                with primary_reads():
                    self._entry = (token, self._load())
            return self._entry[1]
