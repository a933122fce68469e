"""Clean text in, clean text out: control characters are refused by the records, dropped by
the importer, and cannot break the feed; feed summaries are plain text."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from archive.curation.importer import PageImporter
from archive.models import Document

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROLS = ["\x0c", "\x0b", "\x01", "\x1b", "\x00", "\x85"]


@pytest.mark.parametrize("character", CONTROLS)
def test_model_validation_refuses_control_characters_naming_them(make_document, character):
    document = make_document(title="A title")
    document.summary = f"Before{character}after"
    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert f"U+{ord(character):04X}" in refused.value.message_dict["summary"][0]


def test_tabs_and_line_breaks_stay_allowed(make_document):
    make_document(title="A title", body="One\tcolumn\r\n\r\nTwo\n\nThree").full_clean()


def test_an_api_write_with_a_control_character_is_a_400_naming_the_field(curator, make_document):
    make_document(title="Letter", slug="letter")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    response = client.patch("/api/documents/letter/", {"title": "Bad\x1b[31m title"}, format="json")
    assert response.status_code == 400 and "title" in response.json()
    assert Document.objects.get(slug="letter").title == "Letter"


def test_the_importer_drops_control_characters_even_past_the_first_block(db):
    page = ("A page with stray characters\n\n" + "Words of the page. " * 600 + "\x0cNext\x00page\x1b.\n").encode()
    assert page.index(b"\x00") > 8192
    outcome = PageImporter().import_bytes(page, "stray.txt")
    assert outcome.document is not None, outcome
    document = Document.objects.get(pk=outcome.document.pk)
    assert "Nextpage." in document.body
    document.full_clean()


def test_the_feed_survives_control_characters_already_stored(client, make_document):
    # Stored before validation existed (a raw update writes what it is given).
    document = make_document(title="Clean title", summary="Clean summary")
    Document.objects.filter(pk=document.pk).update(title="Form\x0cfeed\x0b title", summary="Esc\x1b and \x01 start")
    response = client.get(reverse("document-feed"))
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Formfeed title"
    assert entry.find(f"{ATOM}summary").text == "Esc and  start"


def test_feed_summaries_are_plain_text_so_quoted_markup_stays_text(client, make_document):
    make_document(title="Quoting markup", summary='The post read <b>bold</b> and <script>alert(1)</script>.')
    response = client.get(reverse("document-feed"))
    summary = ET.fromstring(response.content).find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "The post read <b>bold</b> and <script>alert(1)</script>."
