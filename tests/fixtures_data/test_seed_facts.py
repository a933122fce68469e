"""The curated seed fixtures say what the five founding pages say, and nothing of the sites around them."""

import datetime as dt
import re

import pytest

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
    Status,
)

pytestmark = pytest.mark.usefixtures("seed")

FURNITURE = ["You may also like", "Leave a Comment", "Related posts", "Home »"]


def authored_by(slug, **filters):
    return Document.objects.get(roles__role="author", roles__person__slug=slug, **filters)


def role_entities(document, role):
    return [
        (r.entity.slug, r.name_as_written)
        for r in document.roles.filter(role=role).select_related("person", "organisation").order_by("order")
    ]


def test_every_document_is_published_and_free_of_site_furniture():
    assert Document.objects.count() >= 8
    for document in Document.objects.all():
        assert document.status == Status.PUBLISHED
        for phrase in FURNITURE:
            assert phrase not in document.body, (document.slug, phrase)
        assert document.title not in document.body.split("\n\n")[0], f"{document.slug} repeats its title"


def test_no_paragraph_is_repeated_within_or_across_a_seeds_documents():
    seen = {}
    for document in Document.objects.all():
        for paragraph in document.paragraphs:
            if len(paragraph) < 80:
                continue
            assert paragraph not in seen, f"{document.slug} repeats a paragraph of {seen[paragraph]}"
            assert not paragraph.startswith("..."), f"teaser excerpt kept in {document.slug}"
            seen[paragraph] = document.slug


def test_undated_letter_to_the_secretary_of_state_is_bounded_by_her_term():
    letter = authored_by("hamed-sarrafpour")
    assert letter.kind == "letter"
    assert letter.date_edtf == "2009-01-21/2013-02-01"
    assert (letter.date_lower, letter.date_upper) == (dt.date(2009, 1, 21), dt.date(2013, 2, 1))
    assert "Secretary of State" in letter.curator_notes or "term" in letter.curator_notes
    assert role_entities(letter, "recipient") == [("hillary-clinton", "Ms. Clinton")]
    assert letter.place_written.slug == "paris"
    assert list(letter.topics.values_list("slug", flat=True)) == ["usa"] or "usa" in letter.topics.values_list("slug", flat=True)


def test_the_two_private_individuals_are_private_and_only_mentioned():
    private = Person.objects.filter(is_private=True)
    assert set(private.values_list("slug", flat=True)) == {"maryam-babaii", "mr-babaii"}
    roles = Role.objects.filter(person__in=private)
    assert roles.exists()
    assert set(roles.values_list("role", flat=True)) == {"mentioned"}
    letter = authored_by("hamed-sarrafpour")
    assert "Maryam Babaii" in letter.body  # the text itself is untouched


def test_open_letter_has_its_signatories_and_three_recipients_in_order():
    letter = Document.objects.get(kind="open_letter")
    assert role_entities(letter, "recipient")[0][0] == "jalal-talabani"
    assert [slug for slug, _ in role_entities(letter, "recipient")] == [
        "jalal-talabani", "nouri-al-maliki", "hoshyar-zebari",
    ]
    assert ("nouri-al-maliki", "Prime Minister Nouri Al-Maliki") in role_entities(letter, "recipient")
    authors = role_entities(letter, "author")
    assert authors[0] == ("massoud-khodabandeh", "Massoud Khodabandeh")
    assert ("iran-interlink", "Iran Interlink") in authors
    assert letter.body.rstrip().endswith("U.K.")
    # Dated January 2010 as the text says, marked uncertain: its details point to 2011.
    assert letter.date_edtf == "2010-01?"
    assert letter.date_lower <= dt.date(2010, 1, 7) and letter.date_upper >= dt.date(2011, 1, 31)


def test_letter_to_the_mep_is_dated_as_signed():
    letter = authored_by("mohammad-karami")
    assert letter.date_edtf == "2014-10-16"
    assert letter.place_written.slug == "paris"
    assert [slug for slug, _ in role_entities(letter, "recipient")] == ["ryszard-czarnecki"]


def test_compilation_is_split_into_the_cable_and_the_reports_it_contains():
    compilation = Document.objects.get(kind="compilation")
    parts = Document.objects.filter(relations_in__source=compilation, relations_in__kind="contains")
    kinds = sorted(parts.values_list("kind", flat=True))
    assert kinds.count("cable") == 1
    assert kinds.count("report") >= 3

    cable = parts.get(kind="cable")
    assert cable.classification == "UNCLASSIFIED"
    assert cable.release_date_edtf == "2011-05"
    assert "Freedom of Information" in cable.release_channel
    assert cable.date_edtf == "2011-05"
    assert re.search(r"^1\. \(SBU\) NOTE:", cable.body, re.M)
    assert "9. (SBU) COMMENT:" in cable.body
    assert ("us-department-of-state", "author") in [
        (r.organisation.slug, r.role) for r in cable.roles.filter(organisation__isnull=False)
    ]


def test_cable_appendix_is_a_timeline_of_sourced_events():
    cable = Document.objects.get(kind="cable")
    events = Event.objects.filter(sources=cable)
    assert events.count() >= 15
    founding = events.get(date_edtf="1965")
    assert founding.organisations.filter(slug="mojahedin-e-khalq").exists()
    assert events.order_by("date_lower").first().date_lower == dt.date(1965, 1, 1)
    assert all(e.date_lower is not None for e in events)


def test_news_post_reports_on_the_open_letter():
    letter = Document.objects.get(kind="open_letter")
    post = Document.objects.get(title__startswith="Former MEK Members Back Iraqi Citizens")
    assert DocumentRelation.objects.filter(source=post, kind="reports_on", target=letter).exists()
    assert "Related posts" not in post.body
    assert "Nejat Society" not in post.body


def test_organisation_keeps_every_name_the_texts_use():
    mek = Organisation.objects.get(slug="mojahedin-e-khalq")
    names = set(mek.all_names())
    assert {"Mojahedin-e Khalq", "MKO", "MEK", "Mujahedin-e Khalq"} <= names
    assert Organisation.objects.matching_name("mko").get() == mek
    assert "National Council of Resistance of Iran" not in names  # a distinct organisation
    assert OrganisationRelation.objects.filter(target=mek, source__names__name="NCRI").exists()


def test_camp_keeps_its_later_and_variant_names():
    camp = Place.objects.get(slug="camp-ashraf")
    assert {"Ashraf Camp", "Camp New Iraq"} <= set(camp.all_names())
    assert Place.objects.matching_name("camp new iraq").get() == camp
    assert Place.objects.get(slug="camp-liberty") != camp


def test_name_as_written_is_kept_where_it_differs_from_the_preferred_name():
    roles = Role.objects.exclude(name_as_written="").select_related("person", "organisation", "place")
    assert any(r.name_as_written != r.entity.name for r in roles)
    saddam = Person.objects.get(slug="saddam-hussein")
    assert "Sadam Hossein" in saddam.all_names()


def test_memberships_and_organisation_relations_cite_their_documents():
    assert Membership.objects.filter(person__slug="massoud-rajavi", organisation__slug="mojahedin-e-khalq").exists()
    for membership in Membership.objects.all():
        assert membership.source_document_id is not None
    for relation in OrganisationRelation.objects.all():
        assert relation.source_document_id is not None
