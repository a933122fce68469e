"""`/healthz` and `/readyz`, for load balancers and process supervisors.

* `/healthz`: the process is up and answering. No database, no cache: a balancer that
  restarts processes on this must not restart them all because the database is down.
* `/readyz`: this process can serve readers: every configured database (the primary and
  each replica) answers, the shared cache answers a write and a read, and the primary has
  applied every migration this code ships. A balancer takes a process out of rotation
  while it answers 503 (during a deploy, before `migrate` has run; when a replica is down).

Both are answered by a middleware placed first, before host validation, the HTTPS redirect,
sessions and CSRF: a probe comes from the balancer on the private address, over plain HTTP,
with whatever Host header it likes, every second, and must cost next to nothing. `/readyz`
costs one `SELECT` per database plus one per primary for the migrations, and one cache
round trip; the migration files are read once per process.
"""

from __future__ import annotations

import json
import threading
import uuid

from django.core.cache import cache
from django.db import DatabaseError, DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.http import HttpResponse

try:
    # The Redis client is only present where a Redis cache is configured.
    from redis.exceptions import RedisError as _CacheServerError
except ImportError:  # pragma: no cover - depends on the installed extras
    _CacheServerError = OSError

CACHE_ERRORS = (OSError, _CacheServerError)

_leaves: list[tuple[str, str]] | None = None
_leaves_lock = threading.Lock()


def _migration_leaves() -> list[tuple[str, str]]:
    """The last migration of each app, as shipped in this code (read from disk once)."""
    global _leaves
    if _leaves is None:
        with _leaves_lock:
            if _leaves is None:
                _leaves = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    return _leaves


def check_databases() -> dict[str, str]:
    """'ok' or the error, per configured database alias."""
    results = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            results[alias] = "ok"
        except DatabaseError as error:
            results[alias] = f"unreachable: {error.__class__.__name__}"
    return results


def check_migrations() -> str:
    """'ok' when the primary has applied the last migration of every app; else what is missing."""
    leaves = _migration_leaves()
    wanted = Q()
    for app, name in leaves:
        wanted |= Q(app=app, name=name)
    try:
        applied = set(
            MigrationRecorder.Migration.objects.using(DEFAULT_DB_ALIAS).filter(wanted).values_list("app", "name")
        )
    except DatabaseError as error:
        return f"unknown: {error.__class__.__name__}"
    missing = [f"{app}.{name}" for app, name in leaves if (app, name) not in applied]
    return "ok" if not missing else "not applied: " + ", ".join(missing)


def check_cache() -> str:
    """'ok' when the shared cache stores and returns a value."""
    key, value = "readyz-probe", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        if cache.get(key) != value:
            return "wrong value read back"
    except CACHE_ERRORS as error:
        return f"unreachable: {error.__class__.__name__}"
    return "ok"


def _json(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz() -> HttpResponse:
    return _json(200, {"status": "ok"})


def readyz() -> HttpResponse:
    databases = check_databases()
    checks = {
        "databases": databases,
        "migrations": check_migrations() if databases.get(DEFAULT_DB_ALIAS) == "ok" else "unknown",
        "cache": check_cache(),
    }
    ready = all(v == "ok" for v in databases.values()) and checks["migrations"] == "ok" and checks["cache"] == "ok"
    return _json(200 if ready else 503, {"status": "ok" if ready else "unavailable", **checks})


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answers the probes before any other middleware (see the module docstring); only GET
    and HEAD, anything else goes on to the site (and its 404/405)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe()
        return self.get_response(request)
