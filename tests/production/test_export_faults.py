"""Exports that hold: one snapshot for every file, no half-made bag on a full disk, and CSV
cells a spreadsheet would execute neutralised."""

import csv
import json
import resource
import signal
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from archive.management.commands.export import snapshot
from archive.models import Document, Status


@pytest.mark.django_db
def test_csv_cells_a_spreadsheet_would_execute_are_neutralised(tmp_path, make_document, make_place):
    make_place("South", slug="south", latitude="-33.9", longitude="18.4")
    make_document(title="=HYPERLINK(\"http://example.org\",\"x\")", slug="formula", summary="+1+2", body="@SUM(A1)")
    make_document(title="-2+3", slug="minus", summary="\tTabbed", body="Plain text.")
    call_command("export", str(tmp_path / "bag"), verbosity=0)
    with open(tmp_path / "bag/data/documents.csv", encoding="utf-8") as table:
        rows = {row["slug"]: row for row in csv.DictReader(table)}
    assert rows["formula"]["title"] == "'=HYPERLINK(\"http://example.org\",\"x\")"
    assert rows["formula"]["summary"] == "'+1+2" and rows["formula"]["body"] == "'@SUM(A1)"
    assert rows["minus"]["title"] == "'-2+3" and rows["minus"]["summary"] == "'\tTabbed"
    assert rows["minus"]["body"] == "Plain text."
    with open(tmp_path / "bag/data/places.csv", encoding="utf-8") as table:
        assert next(csv.DictReader(table))["latitude"] == "-33.900000"
    # The JSON Lines files, which `import` reads, keep the text exactly.
    lines = [json.loads(line) for line in (tmp_path / "bag/data/documents.jsonl").read_text().splitlines()]
    assert {line["title"] for line in lines} == {"=HYPERLINK(\"http://example.org\",\"x\")", "-2+3"}


@pytest.fixture
def file_size_limit():
    """Writes past `limit` bytes per file fail with EFBIG, as on a nearly full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit(size):
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.django_db
def test_a_full_disk_leaves_no_half_made_bag_and_a_retry_works(tmp_path, make_document, file_size_limit):
    for n in range(40):
        make_document(title=f"Long document {n}", body="A paragraph of the text. " * 200)
    file_size_limit(50_000)
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("export", str(tmp_path / "bag"), verbosity=0)
    file_size_limit(resource.RLIM_INFINITY)
    assert list(tmp_path.iterdir()) == []  # no bag, no temporary folder
    call_command("export", str(tmp_path / "bag"), verbosity=0)
    assert (tmp_path / "bag/manifest-sha256.txt").exists() and (tmp_path / "bag/data/documents.jsonl").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a concurrent writer needs PostgreSQL")
def test_the_export_reads_one_snapshot_while_curators_write(make_document):
    make_document(title="First", slug="first")

    def publish_another():
        try:
            Document.objects.create(title="Second", slug="second", status=Status.PUBLISHED)
        finally:
            connections.close_all()

    with snapshot():
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone() == ("repeatable read",)
        before = list(Document.objects.published().values_list("slug", flat=True))
        writer = threading.Thread(target=publish_another)
        writer.start()
        writer.join()
        assert list(Document.objects.published().values_list("slug", flat=True)) == before == ["first"]
    assert Document.objects.published().count() == 2
