"""`export` and `import`: a verified BagIt bag, nothing unpublished or private in it, and a
round trip through an empty database that reproduces the export exactly."""

import json

import pytest
from django.core.management import CommandError, call_command

from archive.models import (
    Document,
    DocumentRelation,
    Event,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Place,
    Role,
    Topic,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning:bagit")]


def export(path):
    call_command("export", str(path), stdout=open("/dev/null", "w"))
    return path


def data_files(bag):
    return {p.name: p.read_bytes() for p in sorted((bag / "data").iterdir())}


def empty_the_archive():
    for model in (Event, Membership, OrganisationRelation, DocumentRelation, Role, Document, Person, Organisation):
        model.objects.all().delete()
    Place.objects.update(parent=None)
    Place.objects.all().delete()
    Topic.objects.all().delete()


def test_export_is_a_valid_bag_with_sha256_manifests(tmp_path, archive):
    import bagit

    bag = bagit.Bag(str(export(tmp_path / "bag")))
    bag.validate()
    assert (tmp_path / "bag" / "manifest-sha256.txt").exists()
    assert {p.name for p in (tmp_path / "bag" / "data").iterdir()} >= {"documents.jsonl", "documents.csv", "roles.csv"}


def test_export_leaves_out_drafts_and_private_people(tmp_path, archive):
    files = data_files(export(tmp_path / "bag"))
    everything = b"".join(files.values())
    assert b"draft-memo" not in everything and b"Draft memo" not in everything
    assert b"hidden" not in everything.lower()
    roles = [json.loads(line) for line in files["roles.jsonl"].splitlines()]
    assert {"document": "open-letter", "role": "mentioned"} not in [
        {k: r[k] for k in ("document", "role")} for r in roles if r["entity_type"] == "person"
    ]


def test_round_trip_through_an_empty_database_is_identical(tmp_path, seed):
    first = export(tmp_path / "first")
    empty_the_archive()
    assert Document.objects.count() == 0
    call_command("import", str(first), stdout=open("/dev/null", "w"))
    second = export(tmp_path / "second")
    assert data_files(first) == data_files(second)
    assert (first / "manifest-sha256.txt").read_text() == (second / "manifest-sha256.txt").read_text()
    assert len(data_files(first)["documents.jsonl"].splitlines()) == 11


def test_importing_twice_changes_nothing(tmp_path, archive, capsys):
    bag = export(tmp_path / "bag")
    call_command("import", str(bag))
    assert "0 created" in capsys.readouterr().out


def test_a_tampered_bag_is_refused_whole(tmp_path, archive):
    bag = export(tmp_path / "bag")
    (bag / "data" / "topics.jsonl").write_text('{"slug": "new", "name": "New", "description": ""}\n')
    with pytest.raises(CommandError, match="does not verify"):
        call_command("import", str(bag))
    assert not Topic.objects.filter(slug="new").exists()


def test_a_bad_file_is_rejected_whole_and_the_report_names_its_lines(tmp_path, archive, capsys):
    import bagit

    bag = export(tmp_path / "bag")
    empty_the_archive()
    lines = (bag / "data" / "people.jsonl").read_text().splitlines()
    broken = json.loads(lines[1]) | {"wikidata_id": "not-an-item"}
    lines[1] = json.dumps(broken)
    lines.append("{not json")
    (bag / "data" / "people.jsonl").write_text("\n".join(lines) + "\n")
    bagit.Bag(str(bag)).save(manifests=True)
    with pytest.raises(CommandError, match="people"):
        call_command("import", str(bag))
    report = capsys.readouterr().out
    assert "people.jsonl: FAILED" in report
    assert "line 2: wikidata_id" in report and f"line {len(lines)}:" in report
    assert Person.objects.count() == 0
    assert Topic.objects.filter(slug="camps").exists()
    assert "roles.jsonl: FAILED" in report and "no person has the slug" in report
