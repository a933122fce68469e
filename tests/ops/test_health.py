"""The load balancer's probes: /healthz says the process is up, /readyz that it can serve."""

import pytest
from django.db.migrations.recorder import MigrationRecorder


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: any query would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(databases="__all__")  # /readyz asks every database, replicas too
def test_readyz_reports_database_cache_and_migrations(client, django_assert_num_queries):
    client.get("/readyz")  # the migration files are read once per process
    with django_assert_num_queries(2):  # SELECT 1, and the applied migrations
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["databases"]["default"] == "ok"
    assert body["migrations"] == "ok"
    assert body["cache"] == "ok"


@pytest.mark.django_db(databases="__all__")  # /readyz asks every database, replicas too
def test_readyz_is_unavailable_while_a_migration_is_not_applied(client):
    last = MigrationRecorder.Migration.objects.filter(app="search").order_by("-name").first()
    last.delete()  # as a database the new code runs against before `migrate`
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["migrations"] == f"not applied: search.{last.name}"


@pytest.mark.django_db(databases="__all__")  # /readyz asks every database, replicas too
def test_probes_ignore_host_and_https_redirect(client, settings):
    # A balancer probes the private address over plain HTTP.
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    # Everything else still gets the host check.
    assert client.get("/about/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db(databases="__all__")  # /readyz asks every database, replicas too
def test_readyz_is_unavailable_when_the_cache_server_is_down(client, settings):
    pytest.importorskip("redis")
    # A real client pointed at a port nothing listens on.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("unreachable")


@pytest.mark.django_db(databases="__all__")
def test_other_methods_go_on_to_the_site(client):
    assert client.post("/healthz").status_code == 404
