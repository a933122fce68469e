"""Readers see a published document's originals, with the page each paragraph stands on; a
draft's files are never served; `check_fixity` proves the stored files are the ones received."""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archive.models import Extraction, OriginalFile, Status
from archive.originals import HTML, PDF, store_original

from . import makers

pytestmark = pytest.mark.django_db

PDF_BYTES = makers.text_pdf([["First page of the release.", "Its second paragraph."], ["The dam on the river."]])


@pytest.fixture
def published(make_document):
    document = make_document(
        title="A release", slug="a-release",
        body="First page of the release.\n\nIts second paragraph.\n\nThe dam on the river.",
        paragraph_pages=[1, 1, 2],
    )
    original = store_original(document=document, data=PDF_BYTES, filename="release 2011.pdf", media_type=PDF)
    OriginalFile.objects.filter(pk=original.pk).update(page_count=2, extraction=Extraction.DONE)
    original.refresh_from_db()
    return original


@pytest.fixture
def draft_original(make_document):
    document = make_document(title="An unpublished release", slug="unpublished-release", status=Status.DRAFT)
    return store_original(document=document, data=PDF_BYTES, filename="secret.pdf", media_type=PDF)


def test_published_original_is_served_unchanged_with_safe_headers(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "release 2011.pdf" in response["Content-Disposition"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["ETag"] == f'"{hashlib.sha256(PDF_BYTES).hexdigest()}"'


def test_download_asks_for_an_attachment(client, published):
    response = client.get(published.get_absolute_url() + "?download")
    assert response["Content-Disposition"].startswith("attachment;")


def test_saved_html_page_is_served_as_sandboxed_plain_text(client, make_document):
    document = make_document(slug="saved-page")
    html = b"<html><script>alert(1)</script><p>A page</p></html>"
    original = store_original(document=document, data=html, filename="page.html", media_type=HTML)
    response = client.get(original.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == html


def test_document_page_lists_originals_and_cites_the_page_of_each_paragraph(client, published):
    body = client.get(reverse("document-detail", args=["a-release"])).content.decode()
    url = published.get_absolute_url()
    assert f'href="{url}#page=1"' in body and f'href="{url}#page=2"' in body
    assert body.count(">p. 1</a>") == 2 and body.count(">p. 2</a>") == 1
    assert "release 2011.pdf" in body and published.sha256 in body
    assert f'{url}?download' in body


def test_wrong_file_name_or_document_is_404(client, published, make_document):
    other = make_document(slug="another")
    assert client.get(reverse("original-file", args=["a-release", published.pk, "other.pdf"])).status_code == 404
    assert client.get(reverse("original-file", args=[other.slug, published.pk, published.filename])).status_code == 404


def test_draft_original_is_404_at_every_public_address(client, draft_original):
    """The canary: a draft's file is served nowhere, and no public page names it."""
    for url in (
        draft_original.get_absolute_url(),
        draft_original.get_absolute_url() + "?download",
        reverse("original-file", args=["unpublished-release", draft_original.pk, "anything.pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert PDF_BYTES[:200] not in response.content
    for name in ("home", "document-list", "sitemap", "document-feed", "timeline"):
        content = client.get(reverse(name)).content
        assert b"secret.pdf" not in content and draft_original.sha256.encode() not in content


def test_draft_original_becomes_public_when_the_document_is_published(client, draft_original):
    from archive import publishing

    publishing.publish(document=draft_original.document)
    assert client.get(draft_original.get_absolute_url()).status_code == 200


def test_missing_file_is_a_404_not_a_500(client, published):
    published.file.storage.delete(published.file.name)
    assert client.get(published.get_absolute_url()).status_code == 404


def test_curator_adds_an_original_in_the_admin_and_its_checksum_is_derived(curator_client, make_document):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = make_document(slug="with-scan")
    url = reverse("admin:archive_document_change", args=[document.pk])
    page = curator_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["topics"] = []
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = management[name].value()
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = management["INITIAL_FORMS"].value()
    data["originals-TOTAL_FORMS"] = 1
    data["originals-0-file"] = SimpleUploadedFile("scan.pdf", PDF_BYTES)
    data["originals-0-order"] = 0
    response = curator_client.post(url, {k: v for k, v in data.items() if v != []})
    assert response.status_code == 302, response.context and [i.formset.errors for i in response.context["inline_admin_formsets"]]
    original = document.originals.get()
    assert original.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert original.media_type == PDF and original.size == len(PDF_BYTES) and original.filename == "scan.pdf"
    with original.file.open("rb") as stream:
        assert stream.read() == PDF_BYTES
    assert original.sha256 in curator_client.get(url).content.decode()


# --- fixity ------------------------------------------------------------------------------

def test_check_fixity_passes_when_every_file_is_unchanged(published, capsys):
    call_command("check_fixity", "--no-progress")
    assert "Checked 1 of 1 files; 0 problem(s)." in capsys.readouterr().out


def test_check_fixity_reports_a_changed_file_and_fails(published, capsys):
    path = published.file.path
    with open(path, "r+b") as stream:
        stream.seek(20)
        stream.write(b"X")
    with pytest.raises(CommandError, match="1 original file"):
        call_command("check_fixity", "--no-progress")
    out = capsys.readouterr().out
    assert f"changed: a-release/release 2011.pdf (#{published.pk}" in out
    assert f"recorded {published.sha256}" in out


def test_check_fixity_reports_a_missing_file(published, capsys):
    published.file.storage.delete(published.file.name)
    with pytest.raises(CommandError):
        call_command("check_fixity", "--no-progress")
    assert "missing: a-release/release 2011.pdf" in capsys.readouterr().out


# --- pages in search and citations -----------------------------------------------------

def test_search_snippet_says_on_which_page_the_match_stands(client, published):
    html = client.get("/documents/", {"q": "dam"}).content.decode()
    assert "a-release" in html
    assert "(p. 2)" in html and "(p. 1)" not in html
    html = client.get("/documents/", {"q": "paragraph"}).content.decode()
    assert "(p. 1)" in html and "(p. 2)" not in html


def test_reader_cites_one_page_in_every_style(client, published):
    html = client.get(reverse("document-detail", args=["a-release"]), {"page": "2"}).content.decode()
    assert 'id="cite-page"' in html and 'max="2"' in html
    # Bibliography entries cite the whole document; each style's own note or in-text
    # citation, made by the CSL processor with the page as its locator, cites the page.
    chicago = html.split('id="cite-chicago-page">', 1)[1].split("</span>", 1)[0]
    assert "n.d., 2, accessed" in chicago
    apa = html.split('id="cite-apa-page">', 1)[1].split("</span>", 1)[0]
    assert "p. 2)" in apa
    harvard = html.split('id="cite-harvard-page">', 1)[1].split("</span>", 1)[0]
    assert "p. 2)" in harvard
    assert reverse("document-citation", args=["a-release", "ris"]) + "?page=2" in html
    ris = client.get(reverse("document-citation", args=["a-release", "ris"]), {"page": "2"}).content.decode()
    assert "SP  - 2" in ris
    bibtex = client.get(reverse("document-citation", args=["a-release", "bibtex"]), {"page": "2"}).content.decode()
    assert "pages = {2}" in bibtex
    csl = client.get(reverse("document-citation", args=["a-release", "csl-json"]), {"page": "2"}).json()
    assert csl[0]["page"] == "2"


@pytest.mark.parametrize("value", ["0", "3", "two", "-1", "1.5"])
def test_a_page_the_original_does_not_have_is_a_400_saying_so(client, published, value):
    for url in (reverse("document-detail", args=["a-release"]), reverse("document-citation", args=["a-release", "ris"])):
        response = client.get(url, {"page": value})
        assert response.status_code == 400
        assert "page must be a number from 1 to 2." in response.content.decode()


def test_page_cannot_be_cited_on_a_document_without_a_paged_original(client, make_document):
    document = make_document(slug="typed-letter")
    response = client.get(document.get_absolute_url(), {"page": "1"})
    assert response.status_code == 400
    assert "no original file with pages" in response.content.decode()


def test_a_curators_edit_keeps_each_paragraphs_page(published):
    document = published.document
    OriginalFile.objects.filter(pk=published.pk).update(
        page_texts=["First page of the release.\n\nIts second paragraph.", "The dam on the river."]
    )
    document.body = "A note added by the curator.\n\n" + document.body.replace("Its second paragraph.\n\n", "")
    document.save()
    document.refresh_from_db()
    assert document.paragraph_pages == [0, 1, 2]
