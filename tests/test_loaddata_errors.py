"""Bad fixtures fail with a message naming the record, and load nothing of the file."""

import json

import pytest
from django.core.management import CommandError, call_command

from archive.models import Document, Topic


def write(tmp_path, objects):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return str(path)


GOOD_TOPIC = {"model": "archive.topic", "fields": {"slug": "good-topic", "name": "Good topic"}}


@pytest.mark.django_db(transaction=True)
def test_broken_reference_names_the_missing_record(tmp_path):
    path = write(tmp_path, [
        GOOD_TOPIC,
        {"model": "archive.document", "fields": {"slug": "doc", "title": "Doc", "place_written": ["no-such-place"]}},
    ])
    with pytest.raises(Exception) as excinfo:
        call_command("loaddata", path, verbosity=0)
    assert "no-such-place" in str(excinfo.value)
    assert not Topic.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_invalid_edtf_names_the_document(tmp_path):
    path = write(tmp_path, [
        GOOD_TOPIC,
        {"model": "archive.document", "fields": {"slug": "badly-dated", "title": "Doc", "date_edtf": "16 Oct 2014"}},
    ])
    with pytest.raises(ValueError) as excinfo:
        call_command("loaddata", path, verbosity=0)
    assert "badly-dated" in str(excinfo.value)
    assert "16 Oct 2014" in str(excinfo.value)
    assert not Topic.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_duplicate_slug_names_the_record(tmp_path):
    path = write(tmp_path, [
        GOOD_TOPIC,
        {"model": "archive.document", "fields": {"slug": "twice", "title": "First"}},
        {"model": "archive.document", "fields": {"slug": "twice", "title": "Second"}},
    ])
    with pytest.raises(CommandError) as excinfo:
        call_command("loaddata", path, verbosity=0)
    assert "twice" in str(excinfo.value)
    assert not Topic.objects.exists()
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_seed_command_loads_an_empty_archive_and_then_leaves_it_alone():
    call_command("seed", verbosity=0)
    letter = Document.objects.get(kind="open_letter")
    letter.title = "Edited by a curator"
    letter.save()
    call_command("seed", verbosity=0)
    letter.refresh_from_db()
    assert letter.title == "Edited by a curator"
