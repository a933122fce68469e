"""Reads from replicas, writes to the primary, read-your-writes for whoever just wrote."""

import os
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Document, Status
from archive.replicas import COOKIE, ReplicaRouter, primary_reads

# The routing needs a replica alias, which only settings can declare: these tests run when
# DATABASE_REPLICA_URLS is set (CI: `.ci/replica` makes a streaming replica and `.ci/run`
# runs them against it; locally the primary's own URL stands in for one).
pytestmark = pytest.mark.skipif(
    "replica1" not in settings.DATABASES, reason="needs DATABASE_REPLICA_URLS (see .ci/replica)"
)
DATABASES = ["default", "replica1"]


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["archive.replicas.ReplicaRouter"]
    return "replica1"


def reads(alias):
    return CaptureQueriesContext(connections[alias])


@pytest.mark.django_db(databases=DATABASES)
def test_anonymous_reads_go_to_a_replica(client, replica):
    client.get(reverse("document-list"))  # the search columns, loaded once per process from the primary
    with reads("default") as primary, reads("replica1") as replica_queries:
        assert client.get(reverse("topic-list")).status_code == 200
        assert client.get(reverse("document-list"), {"kind": "letter"}).status_code == 200
    assert any("archive_topic" in q["sql"] for q in replica_queries.captured_queries)
    # The primary answers only the search's state query (what each process keeps in memory).
    assert [q["sql"] for q in primary.captured_queries if "search_searchstate" not in q["sql"]] == []


@pytest.mark.django_db(databases=DATABASES)
def test_a_write_pins_the_writer_to_the_primary_for_a_few_seconds(curator_client, replica, settings):
    settings.READ_YOUR_WRITES_SECONDS = 5
    response = curator_client.post(reverse("admin:archive_topic_add"), {"name": "Harbours", "slug": "harbours"})
    assert response.status_code == 302
    assert float(response.cookies[COOKIE].value) > time.time()
    assert response.cookies[COOKIE]["max-age"] == 5
    with reads("replica1") as replica_queries:
        assert curator_client.get(reverse("topic-list")).status_code == 200
    assert replica_queries.captured_queries == []  # all from the primary, the cookie's doing


@pytest.mark.django_db(databases=DATABASES)
def test_a_read_only_request_sets_no_cookie(client, replica):
    response = client.get(reverse("topic-list"))
    assert COOKIE not in response.cookies


@pytest.mark.django_db(databases=DATABASES)
def test_router_sends_writes_and_migrations_to_the_primary(replica):
    router = ReplicaRouter()
    assert router.db_for_write(Document) == "default"
    assert router.allow_migrate("default", "archive") and not router.allow_migrate("replica1", "archive")
    assert router.db_for_read(Document) == "replica1"
    with primary_reads():
        assert router.db_for_read(Document) == "default"


def _replayed(document_slug, timeout=10.0):
    """Waits until the replica has the document (streaming replication's lag)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Document.objects.using("replica1").filter(slug=document_slug).exists():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_real_replica_serves_readers_and_the_writer_reads_its_write(curator_client, replica, make_document):
    if connections["replica1"].vendor != "postgresql":
        pytest.skip("streaming replicas are PostgreSQL's")
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        if not cursor.fetchone()[0]:
            pytest.skip("DATABASE_REPLICA_URLS names the primary itself, not a standby")
    client = Client()  # a reader, without the curator's cookie
    document = make_document(slug="fresh", title="Fresh from the primary", status=Status.DRAFT)
    assert _replayed("fresh")
    # Replay paused: the replica stays behind the primary while the curator publishes.
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        url = reverse("admin:archive_document_changelist")
        response = curator_client.post(url, {"action": "publish", "_selected_action": [document.pk]})
        assert response.status_code in (200, 302)
        assert Document.objects.using("default").get(pk=document.pk).status == Status.PUBLISHED
        # The curator, with the cookie, reads the primary and sees the document...
        assert curator_client.get(document.get_absolute_url()).status_code == 200
        # ... a reader on the replica does not see it yet,
        assert client.get(document.get_absolute_url()).status_code == 404
        # ... but the search columns (read from the primary) already count it, and never
        # go back to the replica's older state.
        result = client.get(reverse("api-search"), {"q": ""}).json()
        assert "fresh" in {hit["slug"] for hit in result["results"]}
    finally:
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    time.sleep(0.5)
    assert client.get(document.get_absolute_url()).status_code == 200
