"""The founding documents as readers see them."""

import json
import re

import pytest
from django.conf import settings
from django.utils.html import escape
from django.urls import reverse

from archive.models import Document, Organisation, Person, Place, Topic

pytestmark = pytest.mark.django_db

OPEN_LETTER = "open-letter-khodabandeh-to-iraqi-leaders-on-camp-ashraf"
UNDATED_LETTER = "letter-sarrafpour-to-us-secretary-of-state"
CABLE = "cable-iranian-popular-attitudes-towards-the-mek"
COMPILATION = "us-state-department-claims-no-popular-support-for-mek"
MAX_PAGE_BYTES = 100_000


def _page(client, slug):
    response = client.get(reverse("document-detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_open_letter_links_its_three_recipients(client, seed):
    html = _page(client, OPEN_LETTER)
    recipients = html.split("<dt>Recipients</dt>")[1].split("</dd>")[0]
    for slug in ("jalal-talabani", "nouri-al-maliki", "hoshyar-zebari"):
        assert f'href="/people/{slug}/"' in recipients


def test_undated_letter_shows_its_interval(client, seed):
    html = _page(client, UNDATED_LETTER)
    assert "between 21 January 2009 and 1 February 2013" in html
    assert "<code>2009-01-21/2013-02-01</code>" in html


def test_undated_letter_hides_the_private_individuals_it_names(client, seed):
    html = _page(client, UNDATED_LETTER)
    mentions = html.split('id="mentions-heading"')[1].split("</section>")[0]
    assert "a private individual" in mentions
    assert "Babai" not in mentions
    for person in Person.objects.filter(is_private=True):
        assert f"/people/{person.slug}/" not in html


def test_cable_paragraphs_are_numbered_and_linkable(client, seed):
    html = _page(client, CABLE)
    sbu = re.findall(r'<p id="p(\d+)"><a class="pnum" href="#p\1"[^>]*>\1</a> \d+\. \(SBU\)', html)
    assert len(sbu) >= 2
    assert "UNCLASSIFIED" in html.split('id="provenance-heading"')[1]


def test_compilation_parts_say_part_of(client, seed):
    compilation = Document.objects.get(slug=COMPILATION)
    for part in Document.objects.filter(relations_in__source=compilation, relations_in__kind="contains"):
        html = _page(client, part.slug)
        part_of = html.split('class="part-of"')[1].split("</p>")[0]
        assert compilation.get_absolute_url() in part_of
    html = _page(client, COMPILATION)
    assert "<dt>Contains</dt>" in html


def test_relations_read_both_ways(client, seed):
    article = _page(client, "former-mek-members-back-iraqi-citizens-and-goi-demand-to-oust-mek")
    assert "<dt>Reports on</dt>" in article
    letter = _page(client, OPEN_LETTER)
    assert "<dt>Reported on by</dt>" in letter


def test_document_page_carries_json_ld_in_head(client, seed):
    html = _page(client, OPEN_LETTER)
    head = html.split("</head>")[0]
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Message"
    assert len(data["recipient"]) == 3
    assert data["url"].endswith(f"/documents/{OPEN_LETTER}/")


def test_every_seed_page_is_under_100_kb_with_its_stylesheet_and_script(client, seed):
    """HTML, the stylesheet and the site's script together (htmx, vendored, excluded)."""
    static = settings.BASE_DIR / "static" / "archive"
    assets = sum((static / name).stat().st_size for name in ("site.css", "site.js"))
    urls = [reverse(name) for name in ("home", "timeline", "topic-list", "about", "document-list")]
    urls += [d.get_absolute_url() for d in Document.objects.published()]
    urls += [p.get_absolute_url() for p in Person.objects.public()]
    urls += [o.get_absolute_url() for o in Organisation.objects.all()]
    urls += [p.get_absolute_url() for p in Place.objects.all()]
    urls += [t.get_absolute_url() for t in Topic.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) + assets < MAX_PAGE_BYTES, url


def test_only_scripts_are_files_of_the_site(client, seed):
    """No inline script: htmx, the site's own file, and JSON-LD data only."""
    for url in (reverse("home"), reverse("document-detail", args=[OPEN_LETTER])):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>", html)
        for attributes in scripts:
            assert (
                'type="application/ld+json"' in attributes
                or re.search(r"htmx-2\.min(\.[0-9a-f]{12})?\.js", attributes)
                or re.search(r"archive/site(\.[0-9a-f]{12})?\.js", attributes)
            )


def test_organisation_page_shows_variant_names_and_sourced_relations(client, seed):
    organisation = Organisation.objects.get(slug="mojahedin-e-khalq")
    html = client.get(organisation.get_absolute_url()).content.decode()
    for name in organisation.names.all():
        assert escape(name.name) in html or name.key == organisation.name_key
    assert "according to" in html


def test_signature_lines_keep_their_line_breaks(client, seed):
    html = _page(client, OPEN_LETTER)
    assert "Yours sincerely,<br>Massoud Khodabandeh<br>Iran Interlink<br>U.K." in html


def test_line_breaks_do_not_unescape_the_text(client, make_document):
    document = make_document(body="<b>bold</b>\nsecond line")
    html = _page(client, document.slug)
    assert "&lt;b&gt;bold&lt;/b&gt;<br>second line" in html
