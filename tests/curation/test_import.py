"""`import_pages` and the upload form: drafts only, idempotent, bad files skipped with reasons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.curation.models import ImportedPage, Suggestion
from archive.curation.pages import MAX_PAGE_BYTES
from archive.models import Document, Status

from .conftest import LETTER


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_pages", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_folder_of_pages_becomes_drafts_with_progress_and_summary(pages):
    out, err = run(pages.folder)
    assert "Imported: 6" in out and "Duplicates: 0" in out and "Skipped: 0" in out
    assert "6/6" in err  # the progress bar
    assert Document.objects.count() == 6
    assert set(Document.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(Document.objects.values_list("kind", flat=True)) == {
        "letter", "open_letter", "cable", "article", "compilation", "statement",
    }


@pytest.mark.django_db
def test_importing_the_same_page_twice_creates_nothing_and_says_so(pages):
    run(pages.folder / "letter.txt")
    copy = pages("copy-of-letter.txt", LETTER)
    counts = (Document.objects.count(), Suggestion.objects.count(), ImportedPage.objects.count())
    out, _err = run(pages.folder / "letter.txt", copy)
    assert "Imported: 0" in out and "Duplicates: 2" in out
    assert "same content as letter.txt" in out
    assert (Document.objects.count(), Suggestion.objects.count(), ImportedPage.objects.count()) == counts


@pytest.mark.django_db
def test_bad_files_are_skipped_with_reasons_and_the_batch_goes_on(pages):
    bad = [
        pages("empty.txt", b""),
        pages("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        pages("latin1.txt", "Lettre de Fran\u00e7ois".encode("latin-1")),
        pages("huge.txt", b"word " * (MAX_PAGE_BYTES // 5 + 1)),
        pages("notes.pdf", b"%PDF-1.4"),
    ]
    out, _err = run(*bad, pages.folder / "article.txt")
    assert "Imported: 1" in out and "Skipped: 5" in out
    for name, reason in [("empty.txt", "empty"), ("image.txt", "named .txt but its content is a PNG image"),
                         ("latin1.txt", "not UTF-8"), ("huge.txt", "too large"), ("notes.pdf", "a damaged PDF")]:
        assert f"{name}: {reason}" in out
    assert Document.objects.count() == ImportedPage.objects.count() == 1


@pytest.mark.django_db
def test_every_guess_is_stored_with_the_text_it_came_from(pages):
    run(pages.folder / "letter.txt")
    document = Document.objects.get()
    suggestions = {s.field: s for s in document.curation_suggestions.all()}
    assert suggestions["author"].value == "Tomás Ferreira"
    assert "Yours sincerely" in suggestions["author"].source_text
    assert suggestions["recipient"].as_written == "Minister Ånna Kowalská"
    assert suggestions["recipient"].proposes_new_record
    assert document.date_edtf == "2019-03-03" and document.date_as_written == "3 March 2019"
    assert document.roles.count() == 0  # nothing linked until the curator accepts


@pytest.mark.django_db
def test_known_names_are_linked_by_any_alias(pages, make_person, make_place):
    person = make_person("Anna Kowalska", aliases=["Minister Kowalska"])
    lisbon = make_place("Lisboa", aliases=["Lisbon"])
    run(pages.folder / "letter.txt")
    document = Document.objects.get()
    recipient = document.curation_suggestions.get(field="recipient")
    assert recipient.person == person  # "Ånna Kowalská" folds to the same key
    assert document.place_written == lisbon and document.place_written_as == "Lisbon"


@pytest.mark.django_db
def test_upload_form_imports_drafts_and_reports_problems(curator_client):
    url = reverse("admin:curation_upload")
    assert curator_client.get(url).status_code == 200
    response = curator_client.post(url, {"pages": [
        SimpleUploadedFile("letter.txt", LETTER.encode()),
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("latin1.txt", "Fran\u00e7ois".encode("latin-1")),
    ]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "empty.txt: skipped — empty" in body and "not UTF-8" in body
    document = Document.objects.get()
    assert document.status == Status.DRAFT
    assert reverse("admin:archive_document_review", args=[document.pk]) in body


@pytest.mark.django_db
def test_upload_form_without_files_is_a_form_error_not_a_crash(curator_client):
    response = curator_client.post(reverse("admin:curation_upload"), {})
    assert response.status_code == 200
    assert "Choose at least one" in response.content.decode()


def test_upload_form_needs_a_curator(client, db):
    response = client.get(reverse("admin:curation_upload"))
    assert response.status_code == 302 and "/login/" in response["Location"]
