"""Addresses that never die: renamed and merged records keep answering at their old slugs.

Every public address (page, citation download, API detail, OAI identifier) is tried with a
renamed record's old slug, a merged record's old slug, a draft's slug, a private person's
slug and malformed slugs: each answers 301 to the surviving record or 404 (OAI: a deleted
header or idDoesNotExist), never 403 or 500.
"""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.curation.merging import merge
from archive.models import Document, PastSlug, Role, RoleKind, Status, Topic

pytestmark = pytest.mark.django_db
NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}
OAI_PREFIX = "oai:testserver:"

PAGE_ROUTES = {
    "document": "document-detail", "person": "person-detail", "organisation": "organisation-detail",
    "place": "place-detail", "topic": "topic-detail",
}
API_ROUTES = {
    "document": "api:document-detail", "person": "api:person-detail", "organisation": "api:organisation-detail",
    "place": "api:place-detail", "topic": "api:topic-detail",
}
PATHS = {"document": "documents", "person": "people", "organisation": "organisations", "place": "places", "topic": "topics"}
MALFORMED = ["no-such-record", "x" * 300, "Zürich", "%20", "a.b", "..", "--", "0"]


def rename(record, slug):
    record.slug = slug
    record.save()
    return record


@pytest.fixture
def moved(make_document, make_person, make_organisation, make_place):
    """Records renamed (twice, for the document: a chain) and merged, and records never public."""
    document = make_document(title="A letter", slug="letter-first")
    rename(document, "letter-second")
    rename(document, "letter-third")
    person = rename(make_person("Public Person", slug="person-old"), "person-new")
    organisation = rename(make_organisation("Committee", slug="committee-old"), "committee-new")
    place = rename(make_place("Camp", slug="camp-old"), "camp-new")
    topic = rename(Topic.objects.create(name="Camps", slug="camps-old"), "camps-new")

    survivor = make_person("Survivor", slug="survivor")
    loser = rename(make_person("Duplicate", slug="duplicate-before"), "duplicate")
    merge(survivor, loser)
    org_survivor = make_organisation("Front", slug="front")
    merge(org_survivor, make_organisation("Front (copy)", slug="front-copy"))
    place_survivor = make_place("Ashraf", slug="ashraf")
    merge(place_survivor, make_place("Ashraf Camp", slug="ashraf-camp"))

    draft = rename(make_document(title="Draft", slug="draft-old", status=Status.DRAFT), "draft-new")
    private = rename(make_person("Private Person", slug="private-old", is_private=True), "private-new")
    # Public once, then renamed and withdrawn: its old address must not lead to the draft.
    withdrawn = rename(make_document(title="Withdrawn", slug="withdrawn-old"), "withdrawn-new")
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    # A public person merged into a private one: the survivor stays private.
    hidden_survivor = make_person("Hidden", slug="hidden-survivor", is_private=True)
    merge(hidden_survivor, make_person("Shown", slug="shown-duplicate"))
    Role.objects.create(document=document, role=RoleKind.AUTHOR, person=survivor)
    return {
        "redirect": [
            ("document", "letter-first", "letter-third"), ("document", "letter-second", "letter-third"),
            ("person", "person-old", "person-new"), ("organisation", "committee-old", "committee-new"),
            ("place", "camp-old", "camp-new"), ("topic", "camps-old", "camps-new"),
            ("person", "duplicate", "survivor"), ("person", "duplicate-before", "survivor"),
            ("organisation", "front-copy", "front"), ("place", "ashraf-camp", "ashraf"),
        ],
        "not_found": [
            ("document", "draft-new"), ("document", "draft-old"), ("person", "private-new"),
            ("person", "private-old"), ("document", "withdrawn-old"), ("document", "withdrawn-new"),
            ("person", "shown-duplicate"), ("person", "hidden-survivor"),
            *[(kind, slug) for kind in PAGE_ROUTES for slug in MALFORMED],
        ],
    }


def test_every_past_slug_answers_301_in_one_hop_to_the_current_page_and_api(client, moved):
    for kind, old, new in moved["redirect"]:
        for routes in (PAGE_ROUTES, API_ROUTES):
            response = client.get(reverse(routes[kind], args=[old]))
            assert response.status_code == 301, (kind, old)
            assert response["Location"] == reverse(routes[kind], args=[new]), (kind, old)
            assert client.get(response["Location"]).status_code == 200, (kind, new)


def test_drafts_private_people_and_malformed_slugs_answer_404_everywhere(client, moved):
    for kind, slug in moved["not_found"]:
        page = f"/{PATHS[kind]}/{slug}/"
        api = f"/api{page}"
        for url in (page, api):
            assert client.get(url).status_code == 404, url


def test_citation_downloads_follow_the_document(client, moved):
    response = client.get(reverse("document-citation", args=["letter-first", "ris"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("document-citation", args=["letter-third", "ris"])
    assert client.get(reverse("document-citation", args=["draft-old", "ris"])).status_code == 404
    assert client.get(reverse("document-citation", args=["withdrawn-old", "ris"])).status_code == 404


def test_redirect_keeps_the_query_string(client, moved):
    response = client.get(reverse("document-detail", args=["letter-first"]), {"q": "letter"})
    assert response["Location"] == reverse("document-detail", args=["letter-third"]) + "?q=letter"
    response = client.get(reverse("api:person-detail", args=["duplicate"]), {"format": "json"})
    assert response["Location"] == reverse("api:person-detail", args=["survivor"]) + "?format=json"


def test_curators_follow_past_slugs_to_what_they_may_see(curator_client, moved):
    response = curator_client.get(reverse("api:document-detail", args=["withdrawn-old"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("api:document-detail", args=["withdrawn-new"])
    response = curator_client.get(reverse("api:person-detail", args=["shown-duplicate"]))
    assert response["Location"] == reverse("api:person-detail", args=["hidden-survivor"])
    # The pages are the public's: no draft there, whoever asks.
    assert curator_client.get(reverse("document-detail", args=["withdrawn-old"])).status_code == 404


def test_a_live_slug_is_never_shadowed_by_a_past_one(client, make_document, make_person):
    rename(make_document(slug="shared"), "moved-on")
    assert client.get(reverse("document-detail", args=["shared"])).status_code == 301
    # A draft taking the slug hides it (404 like any draft), and sends no one to the old owner.
    newcomer = make_document(slug="shared", title="Newcomer", status=Status.DRAFT)
    assert client.get(reverse("document-detail", args=["shared"])).status_code == 404
    assert client.get(reverse("api:document-detail", args=["shared"])).status_code == 404
    # Once it is published, the address is its own, and no longer a past one.
    newcomer.status = Status.PUBLISHED
    newcomer.save()
    assert client.get(reverse("document-detail", args=["shared"])).status_code == 200
    assert not PastSlug.objects.of(Document).filter(slug="shared").exists()
    # A rename undone gives the record its address back.
    person = rename(rename(make_person(slug="p-one"), "p-two"), "p-one")
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get(reverse("person-detail", args=["p-two"]))["Location"] == person.get_absolute_url()
    assert list(PastSlug.objects.leading_to(person).values_list("slug", flat=True)) == ["p-two"]


def test_merge_moves_every_past_address_to_the_survivor(make_person):
    survivor, loser = make_person(slug="keep"), rename(make_person(slug="dup-a"), "dup-b")
    rename(loser, "dup-c")
    merge(survivor, loser)
    rows = PastSlug.objects.filter(slug__in=["dup-a", "dup-b", "dup-c"])
    assert sorted(rows.values_list("slug", "record_id")) == [(s, survivor.pk) for s in ("dup-a", "dup-b", "dup-c")]
    assert rows.get(slug="dup-c").because == "merged"


def test_the_merge_page_lists_the_addresses_that_will_redirect(make_person):
    from archive.curation.merging import plan_merge

    survivor, loser = make_person(slug="keep"), rename(make_person(slug="dup-a"), "dup-b")
    plan = plan_merge(survivor, loser)
    assert dict(plan.sections)["Addresses that will lead to the surviving record"] == ["dup-b", "dup-a"]


# --- OAI-PMH -------------------------------------------------------------------------------


def oai(client, **query):
    response = client.get("/oai/", query)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_identify_says_deleted_records_are_kept(client, moved):
    assert oai(client, verb="Identify").findtext("oai:Identify/oai:deletedRecord", namespaces=NS) == "persistent"


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("letter-third", "record"),
        ("letter-first", "deleted"), ("letter-second", "deleted"),  # renamed
        ("withdrawn-old", "deleted"), ("withdrawn-new", "deleted"),  # public once, then withdrawn
        ("draft-old", "idDoesNotExist"), ("draft-new", "idDoesNotExist"),  # never public
        ("person-old", "idDoesNotExist"), ("duplicate", "idDoesNotExist"),  # not OAI records
        *[(slug, "idDoesNotExist") for slug in MALFORMED],
    ],
)
def test_get_record_for_every_kind_of_identifier(client, moved, slug, expected):
    root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=OAI_PREFIX + slug)
    error = root.find("oai:error", NS)
    if expected == "idDoesNotExist":
        assert error is not None and error.get("code") == "idDoesNotExist"
        return
    assert error is None
    header = root.find("oai:GetRecord/oai:record/oai:header", NS)
    assert header.findtext("oai:identifier", namespaces=NS) == OAI_PREFIX + slug
    if expected == "deleted":
        assert header.get("status") == "deleted"
        assert root.find("oai:GetRecord/oai:record/oai:metadata", NS) is None
    else:
        assert header.get("status") is None


def test_a_deleted_document_stays_a_deleted_record(client, make_document):
    make_document(slug="kept")
    make_document(slug="gone").delete()
    make_document(slug="never-public", status=Status.DRAFT).delete()
    header = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=OAI_PREFIX + "gone").find(
        "oai:GetRecord/oai:record/oai:header", NS
    )
    assert header.get("status") == "deleted"
    assert client.get(reverse("document-detail", args=["gone"])).status_code == 404
    assert client.get(reverse("api:document-detail", args=["gone"])).status_code == 404
    assert not PastSlug.objects.filter(slug="never-public").exists()


def test_republishing_brings_the_identifier_back_to_life(client, make_document):
    document = make_document(slug="back")
    document.status = Status.DRAFT
    document.save()
    document.status = Status.PUBLISHED
    document.save()
    header = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=OAI_PREFIX + "back").find(
        "oai:GetRecord/oai:record/oai:header", NS
    )
    assert header.get("status") is None


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_lists_give_deleted_headers_after_the_live_records_across_tokens(client, settings, moved, verb):
    settings.OAI_PAGE_SIZE = 2
    seen, query = [], {"verb": verb, "metadataPrefix": "oai_dc"}
    while True:
        root = oai(client, **query)
        headers = root.findall(f"oai:{verb}//oai:header", NS)
        seen += [(h.findtext("oai:identifier", namespaces=NS), h.get("status")) for h in headers]
        token = root.find(f"oai:{verb}/oai:resumptionToken", NS)
        if token is None or not token.text:
            break
        assert token.get("completeListSize") == "5"
        query = {"verb": verb, "resumptionToken": token.text}
    assert seen == [
        (OAI_PREFIX + "letter-third", None),
        (OAI_PREFIX + "letter-first", "deleted"), (OAI_PREFIX + "letter-second", "deleted"),
        (OAI_PREFIX + "withdrawn-old", "deleted"), (OAI_PREFIX + "withdrawn-new", "deleted"),
    ]
    if verb == "ListRecords":
        assert len(root.findall("oai:ListRecords/oai:record/oai:metadata", NS)) == 0


def test_deleted_records_have_no_set(client, moved):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="kind")
    assert [h.get("status") for h in root.findall("oai:ListIdentifiers/oai:header", NS)] == [None]


def test_deleted_records_are_selected_by_the_date_of_removal(client, moved):
    PastSlug.objects.filter(slug="letter-first").update(retired_at="2001-01-01T00:00:00Z")
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2001-12-31")
    assert [h.findtext("oai:identifier", namespaces=NS) for h in root.findall("oai:ListIdentifiers/oai:header", NS)] == [
        OAI_PREFIX + "letter-first"
    ]


def test_a_redirect_costs_a_fixed_number_of_queries(client, moved, django_assert_num_queries):
    # The page's own lookup, then: is the slug live, where does it lead, may the reader see that.
    with django_assert_num_queries(4):
        assert client.get(reverse("document-detail", args=["letter-first"])).status_code == 301
    with django_assert_num_queries(4):
        assert client.get(reverse("api:person-detail", args=["duplicate-before"])).status_code == 301
    with django_assert_num_queries(3):
        assert client.get(reverse("document-detail", args=["no-such-letter"])).status_code == 404
