"""The export bag carries the published documents' originals with their checksums, and
import verifies each one before storing it."""

import json

import bagit
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Document, OriginalFile, Status
from archive.originals import PDF, store_original

from . import makers

pytestmark = pytest.mark.django_db

PDF_BYTES = makers.text_pdf([["A page of the release."], ["Another page."]])


@pytest.fixture
def exported(tmp_path, make_document):
    document = make_document(slug="release", body="A page of the release.\n\nAnother page.", paragraph_pages=[1, 2])
    original = store_original(document=document, data=PDF_BYTES, filename="release.pdf", media_type=PDF)
    OriginalFile.objects.filter(pk=original.pk).update(page_count=2, page_texts=["A page of the release.", "Another page."])
    draft = make_document(slug="draft", status=Status.DRAFT)
    store_original(document=draft, data=b"%PDF-1.4 a draft's own file", filename="draft.pdf", media_type=PDF)
    bag = tmp_path / "bag"
    call_command("export", str(bag), stdout=open("/dev/null", "w"))
    return bag, original


def test_export_carries_published_originals_with_their_checksums(exported):
    bag, original = exported
    [row] = [json.loads(line) for line in (bag / "data" / "originals.jsonl").read_text().splitlines()]
    assert row["document"] == "release" and row["sha256"] == original.sha256 and row["page_count"] == 2
    assert (bag / "data" / row["path"]).read_bytes() == PDF_BYTES
    manifest = (bag / "manifest-sha256.txt").read_text()
    assert f"{original.sha256}  data/{row['path']}" in manifest
    # A draft's file never leaves the archive.
    assert not any(b"a draft's own file" in p.read_bytes() for p in (bag / "data").rglob("*") if p.is_file())


def test_import_restores_originals_byte_for_byte_and_twice_changes_nothing(exported):
    bag, original = exported
    Document.objects.all().delete()
    call_command("import", str(bag), stdout=open("/dev/null", "w"))
    restored = OriginalFile.objects.get()
    assert restored.document.slug == "release" and restored.document.paragraph_pages == [1, 2]
    assert restored.sha256 == original.sha256 and restored.page_count == 2 and restored.filename == "release.pdf"
    with restored.file.open("rb") as stream:
        assert stream.read() == PDF_BYTES
    call_command("import", str(bag), stdout=open("/dev/null", "w"))
    assert OriginalFile.objects.count() == 1
    call_command("check_fixity", "--no-progress", stdout=open("/dev/null", "w"))


def test_import_refuses_a_changed_file_in_the_bag(exported):
    bag, _ = exported
    path = next((bag / "data" / "originals").rglob("*.pdf"))
    path.write_bytes(PDF_BYTES.replace(b"Another", b"A other"))
    with pytest.raises(CommandError, match="does not verify"):
        call_command("import", str(bag), stdout=open("/dev/null", "w"))


def test_import_refuses_an_original_whose_recorded_checksum_differs(exported, capsys):
    """A bag re-manifested after its file changed still fails: the archive's own checksum is
    checked too."""
    bag, original = exported
    path = next((bag / "data" / "originals").rglob("*.pdf"))
    path.write_bytes(PDF_BYTES + b"\n% appended")
    bagit.Bag(str(bag)).save(manifests=True)
    Document.objects.all().delete()
    with pytest.raises(CommandError, match="originals"):
        call_command("import", str(bag))
    out = capsys.readouterr().out
    assert f"not the recorded {original.sha256}" in out
    assert not OriginalFile.objects.exists()


def test_import_refuses_a_path_outside_the_originals_folder(exported, capsys):
    bag, _ = exported
    jsonl = bag / "data" / "originals.jsonl"
    row = json.loads(jsonl.read_text())
    row["path"] = "../manifest-sha256.txt"
    jsonl.write_text(json.dumps(row) + "\n")
    bagit.Bag(str(bag)).save(manifests=True)
    with pytest.raises(CommandError):
        call_command("import", str(bag))
    assert "outside the bag's originals folder" in capsys.readouterr().out
