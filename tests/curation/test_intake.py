"""Importing saved HTML pages as drafts, and reviewing them: real imports through
`import_pages` and real requests to the review screen, on the labelled corpus."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.curation.importer import PageImporter, Summary, collect_paths
from archive.curation.models import Decision, ImportedPage, MentionSuggestion, Suggestion, TextReuseProposal
from archive.curation.reuse import propose_text_reuse
from archive.models import Document, Organisation, Person, Role, Status

CORPUS = Path(__file__).parent / "intake_corpus" / "pages"


def page_bytes(name):
    return (CORPUS / name).read_bytes()


def import_one(name, user=None):
    outcome = PageImporter(user).import_bytes(page_bytes(name), name)
    assert outcome.status == "imported", outcome.reason
    return outcome.document


@pytest.mark.django_db
def test_a_cable_page_becomes_a_draft_with_its_header_parsed():
    document = import_one("cable-viewer-jan10.html")
    assert document.kind == "cable" and document.status == Status.DRAFT
    assert document.title == "IRAQ: GOVERNMENT PLANS TO RELOCATE CAMP RESIDENTS"
    assert (document.date_edtf, document.date_as_written) == ("2010-01-11", "111502Z JAN 10")
    assert document.classification == "SECRET"
    assert "E.O. 12958: DECL: 01/11/2020" in document.provenance_note
    assert "2. (S/NF) The Ambassador urged" in document.body
    recipients = document.curation_suggestions.filter(field="recipient_organisation").order_by("order")
    assert [s.value for s in recipients] == ["SECSTATE WASHDC", "AMEMBASSY AMMAN"]


@pytest.mark.django_db
def test_a_persian_page_imports_right_to_left_with_its_language():
    document = import_one("open-letter-persian.html")
    assert document.language == "fa" and document.text_direction == "rtl" and document.direction == "rtl"


@pytest.mark.django_db
def test_an_organisation_author_is_proposed_as_an_organisation_and_accepting_creates_one(curator_client):
    document = import_one("letter-office-only.html")
    author = document.curation_suggestions.get(field="author_organisation")
    assert author.value == "Sahand Family Foundation" and "new organisation" in author.note
    assert not document.curation_suggestions.filter(field="author").exists()
    url = reverse("admin:archive_document_review", args=[document.pk])
    response = curator_client.post(url, {f"decision-{author.pk}": Decision.CONFIRMED})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Sahand Family Foundation").exists()
    assert not Person.objects.filter(name="Sahand Family Foundation").exists()
    assert Role.objects.get(document=document, role="author").organisation.name == "Sahand Family Foundation"


@pytest.mark.django_db
def test_a_name_known_by_an_alias_is_matched_and_an_ambiguous_one_is_said_to_be(make_person, make_organisation):
    make_person("Pieter de Vries")
    make_person("Pieter De Vries", slug="pieter-de-vries-2")
    make_organisation("Iran Interlink", aliases=["Iran Interlink Bulletin"])
    mep = import_one("letter-mep.html")
    recipient = mep.curation_suggestions.get(field="recipient")
    assert recipient.person is None and recipient.note.startswith("Ambiguous: several records")
    letter = import_one("letter-three-ministers.html")
    org = letter.curation_suggestions.get(field="author_organisation")
    assert org.organisation.name == "Iran Interlink"


@pytest.mark.django_db
def test_browser_helper_folders_are_skipped_with_the_reason(tmp_path):
    shutil.copy(CORPUS / "news-cms-raid.html", tmp_path / "raid.html")
    helpers = tmp_path / "raid_files"
    helpers.mkdir()
    (helpers / "share-widget.html").write_text("<html><body><p>Like 1.2K</p><p>Share this on your timeline now</p></body></html>")
    (helpers / "style.css").write_text("body{}")
    skipped = []
    files = collect_paths([tmp_path], skipped)
    importer = PageImporter()
    summary = Summary(outcomes=skipped + [importer.import_path(path) for path in files])
    assert [o.status for o in summary.outcomes].count("imported") == 1
    skipped = summary.of("skipped")
    assert len(skipped) == 1 and skipped[0].name.endswith("raid_files")
    assert "raid.html" in skipped[0].reason and "not a document" in skipped[0].reason
    assert Document.objects.count() == 1
    assert any("raid_files" in line for line in summary.lines())
    out = StringIO()
    call_command("import_pages", str(tmp_path), "--no-progress", stdout=out)
    assert "raid_files" in out.getvalue() and "not a document" in out.getvalue()


@pytest.mark.django_db
def test_bad_pages_leave_nothing_behind_and_say_why(tmp_path):
    files = {
        "furniture.html": b"<html><body><nav><a>Home</a> <a>News</a></nav><footer>(c) 2020</footer></body></html>",
        "empty.html": b"<html><body> </body></html>",
        "binary.html": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8,
        "huge.html": b"<html><body><p>" + b"word " * 600_000 + b"</p></body></html>",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = StringIO()
    call_command("import_pages", str(tmp_path), "--no-progress", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "Imported: 0" in text and "Skipped: 4" in text
    for reason in ("no main text", "empty", "binary", "too large"):
        assert reason in text
    assert Document.objects.count() == 0 and Suggestion.objects.count() == 0 and ImportedPage.objects.count() == 0


@pytest.mark.django_db
def test_a_lying_charset_is_imported_with_the_reason_and_a_second_import_creates_nothing():
    importer = PageImporter()
    first = importer.import_bytes(page_bytes("letter-static-1252.html"), "letter-static-1252.html")
    assert first.status == "imported" and "declared utf-8" in first.reason
    assert "camp’s officials" in first.document.body
    assert first.document.curation_suggestions.filter(field="encoding").exists()
    counts = (Document.objects.count(), Suggestion.objects.count(), MentionSuggestion.objects.count())
    again = importer.import_bytes(page_bytes("letter-static-1252.html"), "copy.html")
    assert again.status == "duplicate" and again.document == first.document
    assert (Document.objects.count(), Suggestion.objects.count(), MentionSuggestion.objects.count()) == counts


@pytest.mark.django_db
def test_reuse_never_links_two_cables_through_the_viewers_furniture():
    documents = [import_one("cable-viewer-sep09.html"), import_one("cable-viewer-jan10.html")]
    # Both saved pages share hundreds of words of the viewer's lists; their texts do not.
    assert "Browse latest releases" in ImportedPage.objects.get(document=documents[0]).raw_text
    propose_text_reuse(Document.objects.filter(pk__in=[d.pk for d in documents]))
    assert TextReuseProposal.objects.count() == 0


@pytest.mark.django_db
def test_a_removed_block_is_put_back_at_its_place_with_one_action(curator_client):
    document = import_one("news-cms-raid.html")
    inline = document.curation_suggestions.get(field="removed", source_text__contains="Read more")
    before = document.body.split("\n\n")
    url = reverse("admin:archive_document_review", args=[document.pk])
    page = curator_client.get(url).content.decode()
    assert "Read more" in page and f'name="restore" value="{inline.pk}"' in page
    response = curator_client.post(url, {"restore": str(inline.pk)})
    assert response.status_code == 302
    document.refresh_from_db()
    after = document.body.split("\n\n")
    at = int(inline.value) + 1
    assert after[at] == inline.source_text and after[:at] == before[:at] and after[at + 1 :] == before[at:]
    inline.refresh_from_db()
    assert inline.status == Decision.REJECTED


@pytest.mark.django_db
def test_rejecting_a_removal_in_the_form_also_puts_the_text_back(curator_client):
    document = import_one("cable-viewer-sep09.html")
    block = document.curation_suggestions.filter(field="removed").order_by("order").last()
    url = reverse("admin:archive_document_review", args=[document.pk])
    curator_client.post(url, {f"decision-{block.pk}": Decision.REJECTED})
    document.refresh_from_db()
    assert block.source_text in document.body


@pytest.mark.django_db
def test_the_slug_follows_the_corrected_title_until_first_publication(curator_client):
    document = import_one("news-cms-resettlement.html")
    title = document.curation_suggestions.get(field="title")
    url = reverse("admin:archive_document_review", args=[document.pk])
    curator_client.post(url, {f"decision-{title.pk}": Decision.CONFIRMED, f"value-{title.pk}": "Albania takes in residents",
                              "slug": document.slug})
    document.refresh_from_db()
    assert document.slug == "albania-takes-in-residents"
    curator_client.post(url, {"slug": "albania-residents-2013"})
    document.refresh_from_db()
    assert document.slug == "albania-residents-2013"
    # Published from the review screen, every other guess rejected.
    rest = {f"decision-{s.pk}": Decision.REJECTED for s in document.curation_suggestions.filter(status=Decision.SUGGESTED)}
    assert curator_client.post(url, {**rest, "publish": "1"}).status_code == 302
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED and document.slug == "albania-residents-2013"
    response = curator_client.post(url, {"slug": "another-address"})
    document.refresh_from_db()
    assert document.slug == "albania-residents-2013"
    assert "fixed" in curator_client.get(url).content.decode()
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_authors_and_recipients_are_added_and_removed_on_the_review_screen(curator_client, make_organisation):
    make_organisation("Globe Wire Agency", aliases=["Globe Wire"])
    document = import_one("news-cms-resettlement.html")
    url = reverse("admin:archive_document_review", args=[document.pk])
    curator_client.post(url, {"add-role-role": "author", "add-role-entity_type": "organisation", "add-role-name": "Globe Wire"})
    curator_client.post(url, {"add-role-role": "recipient", "add-role-entity_type": "person", "add-role-name": "Mira Kovač"})
    roles = {r.role: r for r in Role.objects.filter(document=document)}
    assert roles["author"].organisation.name == "Globe Wire Agency" and roles["author"].name_as_written == "Globe Wire"
    assert roles["recipient"].person.name == "Mira Kovač"
    page = curator_client.get(url).content.decode()
    assert "Mira Kovač" in page and "Saved page" in page and "More stories" in page
    curator_client.post(url, {"remove-role": [str(roles["recipient"].pk)]})
    assert list(Role.objects.filter(document=document).values_list("role", flat=True)) == ["author"]


@pytest.mark.django_db
def test_another_drafts_block_or_role_named_in_the_form_changes_nothing(curator_client, make_organisation):
    make_organisation("Globe Wire Agency", aliases=["Globe Wire"])
    other = import_one("news-cms-raid.html")
    theirs = other.curation_suggestions.filter(field="removed").first()
    document = import_one("news-cms-resettlement.html")
    other_url = reverse("admin:archive_document_review", args=[other.pk])
    curator_client.post(other_url, {"add-role-role": "author", "add-role-entity_type": "organisation",
                                    "add-role-name": "Globe Wire"})
    their_role = Role.objects.get(document=other, role="author")
    url = reverse("admin:archive_document_review", args=[document.pk])
    body, other_body = document.body, other.body
    response = curator_client.post(url, {"restore": str(theirs.pk)})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    response = curator_client.post(url, {"remove-role": [str(their_role.pk)]})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    response = curator_client.post(url, {"add-role-name": "Mira Kovač"})  # no role or kind chosen
    assert response.status_code == 200 and "Choose author or recipient" in response.content.decode()
    document.refresh_from_db()
    other.refresh_from_db()
    theirs.refresh_from_db()
    assert document.body == body and other.body == other_body and theirs.status == Decision.SUGGESTED
    assert Role.objects.filter(pk=their_role.pk).exists() and not Role.objects.filter(document=document).exists()


@pytest.mark.django_db
def test_a_taken_address_refuses_the_whole_save_and_the_page_shows_what_is_stored(curator_client):
    other = import_one("news-cms-raid.html")
    document = import_one("news-cms-resettlement.html")
    title = document.curation_suggestions.get(field="title")
    url = reverse("admin:archive_document_review", args=[document.pk])
    response = curator_client.post(url, {f"decision-{title.pk}": Decision.CONFIRMED, "slug": other.slug})
    page = response.content.decode()
    assert response.status_code == 200 and f"Another document has the address “{other.slug}”" in page
    # The accepted title was rolled back with the refused address: still open, on the page too.
    title.refresh_from_db()
    assert title.status == Decision.SUGGESTED and f'name="decision-{title.pk}" value="confirmed"' in page


@pytest.mark.django_db
def test_an_edited_body_drops_stale_mention_suggestions(make_person, make_place):
    make_person("Luca Bianchi")
    make_place("Tirana")
    document = import_one("news-cms-resettlement.html")
    mention = MentionSuggestion.objects.get(document=document, place__name="Tirana")
    assert document.body[mention.start : mention.end] == "Tirana"
    document.body = "A new first paragraph pushes every offset along.\n\n" + document.body.replace("Tirana", "the capital")
    document.save()
    assert not MentionSuggestion.objects.filter(document=document, place__name="Tirana").exists()
    for m in MentionSuggestion.objects.filter(document=document):
        assert document.body[m.start : m.end] == m.text


@pytest.mark.django_db
def test_a_confirmed_mention_follows_its_words_after_an_edit(make_place):
    place = make_place("Tirana")
    document = import_one("news-cms-resettlement.html")
    mention = MentionSuggestion.objects.get(document=document, place=place)
    mention.status = Decision.CONFIRMED
    mention.save()
    document.body = "Added above.\n\n" + document.body
    document.save()
    mention.refresh_from_db()
    assert document.body[mention.start : mention.end] == "Tirana" and mention.status == Decision.CONFIRMED
