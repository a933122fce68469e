"""What each process keeps in memory between searches, and how it knows it is still current.

`SearchState` holds two tokens that database triggers change (migrations 0002 and 0004):
`token` when a public name changes, `documents_token` when anything the document columns
read changes. One small query reads both; a `TokenCache` keeps one value per process and
loads it again when its token differs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from .models import SearchState

T = TypeVar("T")


def current_tokens() -> tuple[str, str]:
    """(names token, documents token); empty strings when the state row is missing."""
    row = SearchState.objects.values_list("token", "documents_token").first()
    return row if row else ("", "")


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
                self._entry = (token, self._load())
            return self._entry[1]
