"""PDFs and scans through the same intake as saved pages: text layer or OCR, pages of every
paragraph, language and direction, and every way such a file can be bad."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from archive.curation.importer import IMPORTED, SKIPPED, PageImporter
from archive.curation.models import ImportedPage, Suggestion
from archive.models import Document, Extraction, OriginalFile, Status, TextSource

from . import makers

pytestmark = pytest.mark.django_db

LETTER_PAGES = [
    [
        "A letter to the water board about the river survey",
        "Dear Members of the Board,",
        "We write again about the survey of the lower river, which was promised in the spring of 2019 "
        "and has not been delivered. The fishermen of the valley have waited two seasons for it.",
    ],
    [
        "The dam has changed the river since it opened, and the fish counts have fallen every year.",
        "Yours sincerely,\nTomas Ferreira",
    ],
]

ENGLISH = [
    "Hearing of the families",
    "The committee met on 4 May 2019 to hear the families of the missing workers.",
    "Their statements were recorded and sent to the ministry the same week.",
]
PERSIAN = [
    "گزارش دیدار",
    "خانواده‌ها هر روز کنار در اردوگاه منتظر ماندند و نامه‌ای به وزیر نوشتند.",
    "پاسخی از دفتر وزیر نرسید و گزارش به سازمان ملل فرستاده شد.",
]


@pytest.fixture
def import_file(django_capture_on_commit_callbacks):
    """Import one file as the upload form does, running its background reading as a worker would."""

    def run(data: bytes, filename: str):
        with django_capture_on_commit_callbacks(execute=True):
            outcome = PageImporter().import_bytes(data, filename)
        if outcome.document is not None:
            outcome.document.refresh_from_db()
        return outcome

    return run


def test_text_layer_pdf_becomes_a_draft_with_page_of_every_paragraph(import_file):
    data = makers.text_pdf(LETTER_PAGES)
    outcome = import_file(data, "survey-letter.pdf")
    assert outcome.status == IMPORTED
    document = outcome.document
    assert document.status == Status.DRAFT
    assert document.title == "A letter to the water board about the river survey"
    assert document.kind == "letter"
    paragraphs = dict(document.paragraphs_with_pages)
    assert paragraphs[next(p for p in paragraphs if p.startswith("We write again"))] == 1
    assert paragraphs[next(p for p in paragraphs if p.startswith("The dam has changed"))] == 2
    assert "promised in the spring of 2019 and has not been delivered" in document.body
    original = document.originals.get()
    assert original.media_type == "application/pdf"
    assert original.size == len(data)
    assert original.sha256 == hashlib.sha256(data).hexdigest()
    assert original.page_count == 2 and original.pages_done == 2
    assert original.extraction == Extraction.DONE
    assert original.text_source == TextSource.TEXT_LAYER
    with original.file.open("rb") as stream:
        assert stream.read() == data  # kept byte for byte
    # The same guesses as for a saved page, for the same review screen.
    assert Suggestion.objects.filter(document=document, field="kind", value="letter").exists()
    assert ImportedPage.objects.get(document=document).raw_text.startswith("A letter to the water board")


def test_two_column_page_reads_left_column_then_right():
    from archive.curation.paged import read_pages

    data = makers.text_pdf([[
        "Left column first paragraph about fishing quotas in the north.",
        "Left column second paragraph about the river board and its members.",
        "Right column first paragraph about the clinics that were closed.",
        "Right column second paragraph about the roads to the valley.",
    ]], columns=2)
    [page] = read_pages(data, "application/pdf")
    assert page.paragraphs == [
        "Left column first paragraph about fishing quotas in the north.",
        "Left column second paragraph about the river board and its members.",
        "Right column first paragraph about the clinics that were closed.",
        "Right column second paragraph about the roads to the valley.",
    ]


def test_image_only_pdf_is_read_by_ocr_with_page_numbers(import_file):
    data = makers.image_pdf([makers.scan(ENGLISH[:2]), makers.scan(ENGLISH[2:])])
    document = import_file(data, "hearing.pdf").document
    original = document.originals.get()
    assert original.text_source == TextSource.OCR
    assert original.extraction == Extraction.DONE
    pages = document.paragraphs_with_pages
    assert document.title == "Hearing of the families"
    assert [number for _, number in pages] == [1, 2]
    assert "families of the missing workers" in pages[0][0]
    assert "sent to the ministry the same week" in pages[1][0]
    assert document.language == "en" and document.direction == "ltr"


def test_persian_scan_is_read_right_to_left(import_file):
    image = makers.scan(PERSIAN, rtl=True, language="fa", font=makers.FONT)
    document = import_file(makers.png(image), "namah.png").document
    assert document.language == "fa"
    assert document.direction == "rtl"
    # Tesseract may write Arabic kaf or yeh for the Persian letters; the words are there.
    text = (document.title + document.body).replace("ك", "ک").replace("ي", "ی")
    for word in ("اردوگاه", "منتظر", "سازمان", "فرستاده"):
        assert word in text
    assert document.originals.get().page_count == 1


def test_image_pdf_with_english_and_persian_pages(import_file):
    data = makers.image_pdf([makers.scan(ENGLISH), makers.scan(PERSIAN, rtl=True, language="fa", font=makers.FONT)])
    document = import_file(data, "bilingual.pdf").document
    pages = document.paragraphs_with_pages
    assert {number for _, number in pages} == {1, 2}
    assert any("missing workers" in text for text, number in pages if number == 1)
    assert any("سازمان" in text for text, number in pages if number == 2)


def test_rotated_scan_is_turned_upright_and_read(import_file):
    image = makers.scan(ENGLISH).rotate(90, expand=True)
    document = import_file(makers.png(image), "rotated.png").document
    assert "families of the missing workers" in document.body
    assert "turned 90°" in document.originals.get().extraction_note


def test_image_with_no_text_is_imported_with_the_reason(import_file):
    blank = Image.new("L", (1200, 900), 255)
    outcome = import_file(makers.png(blank), "blank.png")
    assert outcome.status == IMPORTED
    original = outcome.document.originals.get()
    assert original.extraction == Extraction.DONE
    assert "No text found on any page" in original.extraction_note
    assert outcome.document.body == ""
    assert "no text was found" in outcome.document.curator_notes


# --- bad files ---------------------------------------------------------------------------

def _encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty (the
    check values are not those of the empty password, so no reader can open it without one)."""
    pdf = makers.text_pdf([["Secret."]])
    head, _, tail = pdf.rpartition(b"trailer\n<< ")
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >> /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] "
    )
    return head + b"trailer\n<< " + encrypt + tail


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (_encrypted_pdf(), "sealed.pdf", "an encrypted PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nthis is not a PDF body", "broken.pdf", "a damaged PDF"),
        (makers.png(Image.new("L", (50, 50), 255)), "letter.pdf", "named .pdf but its content is a PNG image"),
        (makers.text_pdf([["A page."]]), "scan.png", "named .png but its content is a PDF"),
        (b"<!doctype html><p>A page</p>", "release.pdf", "named .pdf but its content is an HTML page"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "torn.png", "a damaged image"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "program.txt", "not a PDF, image or text page"),
    ],
    ids=["encrypted", "corrupt", "png-named-pdf", "pdf-named-png", "html-named-pdf", "torn-png", "binary"],
)
def test_bad_files_are_refused_with_their_reason(import_file, data, filename, reason):
    outcome = import_file(data, filename)
    assert outcome.status == SKIPPED
    assert reason in outcome.reason
    assert not Document.objects.exists() and not OriginalFile.objects.exists()


def test_pdf_bomb_is_refused_by_the_page_limit(import_file, settings):
    settings.ORIGINAL_MAX_PAGES = 3
    outcome = import_file(makers.text_pdf([["One page of many."]] * 5), "bomb.pdf")
    assert outcome.status == SKIPPED
    assert outcome.reason == "5 pages (the limit is 3)"


def test_huge_image_is_refused_by_the_pixel_limit(import_file, settings):
    settings.ORIGINAL_MAX_PIXELS = 1_000_000
    outcome = import_file(makers.png(Image.new("L", (2000, 1000), 255)), "wall.png")
    assert outcome.status == SKIPPED
    assert "2,000×1,000 pixels (the limit is 1,000,000 pixels a page)" in outcome.reason


def test_huge_pdf_page_is_read_at_the_resolution_the_pixel_limit_allows(import_file, settings):
    settings.ORIGINAL_MAX_PIXELS = 1_000_000  # the scanned page has about 2.5 million at 300 dpi
    document = import_file(makers.image_pdf([makers.scan(ENGLISH)]), "big.pdf").document
    assert "read at" in document.originals.get().extraction_note
    assert "missing workers" in document.body


def test_file_over_the_size_limit_is_refused(import_file, settings):
    settings.ORIGINAL_MAX_BYTES = 100
    outcome = import_file(makers.text_pdf([["A page of text long enough."]]), "long.pdf")
    assert outcome.status == SKIPPED and outcome.reason.startswith("too large")


def test_saved_page_keeps_its_original_too(import_file):
    data = b"<html><body><p>Home \xc2\xbb A short notice</p><p>The office closes on 3 May 2020.</p></body></html>"
    document = import_file(data, "notice.html").document
    original = document.originals.get()
    assert original.media_type == "text/html" and original.sha256 == hashlib.sha256(data).hexdigest()
    assert original.page_count is None


# --- the ways in -------------------------------------------------------------------------

def test_import_pages_command_takes_pdfs_and_images(tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "letter.pdf").write_bytes(makers.text_pdf(LETTER_PAGES))
    (tmp_path / "scan.png").write_bytes(makers.png(makers.scan(ENGLISH)))
    (tmp_path / "renamed.pdf").write_bytes(makers.png(makers.scan(ENGLISH)))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_pages", str(tmp_path), "--no-progress", stdout=open("/dev/null", "w"))
    assert Document.objects.count() == 2
    assert set(OriginalFile.objects.values_list("filename", flat=True)) == {"letter.pdf", "scan.png"}
    assert all(o.extraction == Extraction.DONE for o in OriginalFile.objects.all())


def test_admin_upload_takes_a_pdf_and_shows_the_reading_progress(curator_client, django_capture_on_commit_callbacks):
    url = reverse("admin:curation_upload")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = curator_client.post(url, {"pages": [SimpleUploadedFile("letter.pdf", makers.text_pdf(LETTER_PAGES))]})
    assert response.status_code == 200
    document = Document.objects.get()
    # Before the worker runs: the draft, its file, and the curator told it is queued.
    change = curator_client.get(reverse("admin:archive_document_change", args=[document.pk])).content.decode()
    assert "letter.pdf" in change and "queued: 0 of 2 pages" in change
    for callback in callbacks:
        callback()
    change = curator_client.get(reverse("admin:archive_document_change", args=[document.pk])).content.decode()
    assert "PDF text layer" in change and ">done<" in change


def test_review_screen_shows_each_page_image_beside_its_text(curator_client, import_file):
    import io

    from django.test import Client

    document = import_file(makers.text_pdf(LETTER_PAGES), "survey-letter.pdf").document
    original = document.originals.get()
    html = curator_client.get(reverse("admin:archive_document_review", args=[document.pk])).content.decode()
    for number in (1, 2):
        assert reverse("admin:curation_page_image", args=[original.pk, number]) in html
    assert "The dam has changed the river" in html.split('id="page-2"', 1)[1]
    image = curator_client.get(reverse("admin:curation_page_image", args=[original.pk, 2]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).width == 900
    assert curator_client.get(reverse("admin:curation_page_image", args=[original.pk, 3])).status_code == 404
    # Readers never reach the admin's page images.
    assert Client().get(reverse("admin:curation_page_image", args=[original.pk, 1])).status_code == 302
