"""The documented production setup: what it needs is installed and checked."""

import os
import sys

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from rest_framework.test import APIClient

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    yield caches["default"]


def test_the_redis_client_is_installed(redis_cache):
    # Building the client imports `redis`; without the package every throttled request was a 500.
    assert redis_cache._cache.get_client(write=False) is not None


@pytest.mark.django_db
def test_an_anonymous_api_request_on_the_redis_cache_is_answered(redis_cache, settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:  # pragma: no cover - only where no Redis runs
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"}}
    redis_cache.clear()
    client = APIClient(REMOTE_ADDR="198.51.100.9")
    assert [client.get("/api/topics/").status_code for _ in range(3)] == [200, 200, 429]
    redis_cache.clear()


def test_deploy_checks_refuse_a_cache_whose_client_is_missing(redis_cache, monkeypatch):
    assert not [m for m in run_checks(tags=["caches"]) if m.id == "archive.E001"]
    monkeypatch.setitem(sys.modules, "redis", None)  # as on an install without the package
    del caches["default"]
    assert [m.id for m in run_checks(tags=["caches"]) if m.id == "archive.E001"] == ["archive.E001"]
