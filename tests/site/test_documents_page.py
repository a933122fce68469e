"""The document page: text, direction, escaping, citations."""

import json

import pytest
from django.urls import reverse

from archive.models import Role

pytestmark = pytest.mark.django_db


def test_paragraphs_have_anchors(client, make_document):
    document = make_document(body="One.\n\nTwo.\n\nThree.\n\nFour.")
    html = client.get(document.get_absolute_url()).content.decode()
    assert '<p id="p4"><a class="pnum" href="#p4"' in html


def test_persian_document_reads_right_to_left(client, make_document):
    document = make_document(title="نامه", language="fa", body="متن نامه")
    html = client.get(document.get_absolute_url()).content.decode()
    assert '<div class="body" lang="fa" dir="rtl">' in html


def test_document_text_is_escaped(client, make_document):
    document = make_document(title="<script>alert(1)</script>", body="<b>bold</b> & <img src=x onerror=alert(1)>")
    html = client.get(document.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_json_ld_cannot_be_broken_out_of(client, make_document):
    document = make_document(title="</script><script>alert(1)</script>")
    html = client.get(document.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_csp_header_is_strict(client, make_document):
    response = client.get(make_document().get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_name_as_written_shown_when_it_differs(client, make_document, make_person):
    person = make_person("Nouri al-Maliki")
    document = make_document()
    Role.objects.create(document=document, role="recipient", person=person, name_as_written="Prime Minister Nouri Al-Maliki")
    Role.objects.create(document=document, role="author", person=make_person("Jane Doe"), name_as_written="jane DOE")
    html = client.get(document.get_absolute_url()).content.decode()
    assert "written as “Prime Minister Nouri Al-Maliki”" in html
    assert "jane DOE" not in html


@pytest.mark.parametrize(
    ("style", "content_type", "needle"),
    [
        ("bibtex", "application/x-bibtex", "author = {Author, Ann}"),
        ("ris", "application/x-research-info-systems", "AU  - Author, Ann"),
        ("csl-json", "application/vnd.citationstyles.csl+json", '"family": "Author"'),
    ],
)
def test_citation_downloads(client, make_document, make_person, style, content_type, needle):
    document = make_document(title="A letter about 100% & {braces}", slug="a-letter", date_edtf="2014-10-16")
    Role.objects.create(document=document, role="author", person=make_person("Ann Author"))
    response = client.get(reverse("document-citation", args=[document.slug, style]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith('attachment; filename="a-letter.')
    body = response.content.decode()
    assert needle in body
    assert "2014" in body


def test_bibtex_escapes_special_characters(client, make_document):
    document = make_document(title="100% & {braces}_x")
    body = client.get(reverse("document-citation", args=[document.slug, "bibtex"])).content.decode()
    assert r"100\% \& \{braces\}\_x" in body


def test_csl_json_is_valid_with_date_parts(client, make_document):
    document = make_document(date_edtf="2011-05")
    items = json.loads(client.get(reverse("document-citation", args=[document.slug, "csl-json"])).content)
    assert items[0]["issued"] == {"date-parts": [[2011, 5]]}


def test_unknown_citation_format_is_404(client, make_document):
    document = make_document()
    assert client.get(reverse("document-citation", args=[document.slug, "mla"])).status_code == 404


def test_every_style_on_page_family_name_first(client, make_document, make_person):
    document = make_document(title="Letter to the editor", date_edtf="2014-10-16", kind="letter")
    Role.objects.create(document=document, role="author", person=make_person("Ann Author"))
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Author, Ann. “Letter to the Editor.” Letter. October 16, 2014." in html
    assert "Author, A. (2014, October 16). <i>Letter to the editor</i> [Letter]." in html
    assert "Author, Ann. “Letter to the Editor.” Letter. 16 Oct. 2014," in html
    assert "Author, A. (2014) “Letter to the editor.”" in html
