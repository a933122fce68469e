"""Reads from PostgreSQL replicas, writes to the primary (`DATABASE_REPLICA_URLS`).

* Every write goes to the primary (`default`); reads go to one of the replicas, chosen at
  random per query.
* Read-your-writes: once a request has written, the rest of it reads from the primary,
  and its response carries a cookie (`primary_until`) that sends the same browser's
  reads to the primary for `READ_YOUR_WRITES_SECONDS` more (a curator saving a record and
  opening it again must see their change, whatever the replicas' lag). A request that
  can write (POST, PUT, PATCH, DELETE) reads from the primary from its start.
* What each process keeps in memory and checks with a token (the name list, the search
  columns and their change log) is read from the primary (`primary_reads()`): a token
  read from one server and data from a lagging other would keep stale data under a new
  token, and a process's columns would go back in time when a later request met a
  replica further behind.
* Migrations run on the primary only; the replicas follow it by streaming replication.

Without replicas configured the router is not installed and nothing here runs.
"""

from __future__ import annotations

import contextlib
import contextvars
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

COOKIE = "primary_until"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


@dataclass
class _Routing:
    primary: bool = False  # every read of this request (or block) goes to the primary
    wrote: bool = False


_routing: contextvars.ContextVar[_Routing | None] = contextvars.ContextVar("replica_routing", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in connections if alias != DEFAULT_DB_ALIAS]


@contextlib.contextmanager
def primary_reads():
    """Every read inside the block goes to the primary."""
    current = _routing.get()
    token = _routing.set(_Routing(primary=True, wrote=current.wrote if current else False))
    try:
        yield
    finally:
        wrote = _routing.get().wrote
        _routing.reset(token)
        if wrote and current is not None:
            current.wrote = current.primary = True


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        routing = _routing.get()
        replicas = replica_aliases()
        if not replicas or (routing is not None and routing.primary):
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        routing = _routing.get()
        if routing is not None:
            routing.wrote = routing.primary = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: any two objects may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _pinned_by_cookie(request) -> bool:
    try:
        return float(request.COOKIES.get(COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReadYourWritesMiddleware:
    """Routes the request's reads (see the module docstring). Placed before the session
    middleware, so that a curator's session is read from the primary right after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        routing = _Routing(primary=request.method not in SAFE_METHODS or _pinned_by_cookie(request))
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote and replica_aliases():
            seconds = settings.READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                COOKIE, f"{time.time() + seconds:.3f}", max_age=seconds, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
