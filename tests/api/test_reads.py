"""Contract tests for the public reads: lists, details, nesting and visibility."""

import pytest


pytestmark = pytest.mark.django_db


def test_api_root_lists_every_endpoint_including_search(api):
    body = api.get("/api/").json()
    assert set(body) >= {"documents", "people", "organisations", "places", "topics", "events", "search", "schema", "docs"}
    assert body["search"].endswith("/api/search/")


@pytest.mark.parametrize("endpoint", ["documents", "people", "organisations", "places", "topics", "events"])
def test_every_list_is_paginated(api, archive, endpoint):
    body = api.get(f"/api/{endpoint}/").json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_document_detail_is_complete(api, archive):
    body = api.get("/api/documents/open-letter/").json()
    assert body["date"] == {"edtf": "2010-01-08", "lower": "2010-01-08", "upper": "2010-01-08", "stated": "2010-01-08", "meaning": "8 January 2010"}
    assert body["place_written"]["slug"] == "paris"
    assert body["place_written"]["api_url"].endswith("/api/places/paris/")
    assert [t["slug"] for t in body["topics"]] == ["camps"]
    assert body["provenance"].keys() >= {"source_url", "source_title", "retrieved_on", "classification"}
    assert "Paragraph one" in body["body"]
    author = next(r for r in body["roles"] if r["role"] == "author")
    assert author["entity"]["slug"] == "ann-author" and author["name_as_written"] == "Ann A."
    assert "curator_notes" not in body


def test_recipients_are_listed_in_their_order(api, archive):
    roles = api.get("/api/documents/open-letter/").json()["roles"]
    assert [r["entity"]["slug"] for r in roles if r["role"] == "recipient"] == ["recipient-1", "recipient-2", "recipient-3"]


def test_private_person_appears_in_roles_without_name_or_link(api, archive):
    response = api.get("/api/documents/open-letter/")
    mentioned = [r for r in response.json()["roles"] if r["role"] == "mentioned"]
    assert mentioned == [
        {"role": "mentioned", "order": 0, "entity_type": "person", "entity": None, "name_as_written": None,
         "note": None, "private": True}
    ]
    assert b"hidden" not in response.content.lower()


def test_private_person_never_in_lists_details_or_filters(api, archive):
    assert api.get("/api/people/hidden-person/").status_code == 404
    assert "hidden-person" not in api.get("/api/people/?page_size=100").content.decode()
    assert b"Hidden" not in api.get("/api/documents/?page_size=100").content
    # A private person's slug answers exactly as a slug nobody has: nothing matches.
    for slug in ("hidden-person", "nobody-at-all"):
        response = api.get(f"/api/documents/?person={slug}")
        assert response.status_code == 200 and response.json()["count"] == 0


def test_relations_are_shown_both_ways_without_drafts(api, archive):
    letter = api.get("/api/documents/open-letter/").json()["relations"]
    assert letter == [
        {"direction": "incoming", "kind": "reports_on", "label": "reported on by", "note": "",
         "document": {"slug": "news-post", "name": "News post", "kind": "article", "date_edtf": "2010-02",
                      "url": "http://testserver/documents/news-post/",
                      "api_url": "http://testserver/api/documents/news-post/"}}
    ]
    post = api.get("/api/documents/news-post/").json()["relations"]
    assert [(r["direction"], r["label"], r["document"]["slug"]) for r in post] == [("outgoing", "reports on", "open-letter")]


def test_drafts_are_invisible_to_readers(api, archive):
    assert api.get("/api/documents/draft-memo/").status_code == 404
    assert "draft-memo" not in api.get("/api/documents/").content.decode()
    counts = api.get("/api/people/ann-author/").json()["document_counts"]
    assert counts["author"] == 1


def test_curator_sees_drafts_and_filters_by_status(curator_client, archive):
    body = curator_client.get("/api/documents/?status=draft").json()
    assert [d["slug"] for d in body["results"]] == ["draft-memo"]
    assert curator_client.get("/api/people/ann-author/").json()["document_counts"]["author"] == 2


def test_status_filter_is_refused_to_readers(api, archive):
    response = api.get("/api/documents/?status=draft")
    assert response.status_code == 400
    assert response.json() == {"status": ["Only curators may filter by status."]}


def test_person_detail_has_names_memberships_and_counts(api, archive):
    body = api.get("/api/people/ann-author/").json()
    assert [n["name"] for n in body["names"]] == ["A. Author"]
    assert body["document_counts"] == {"author": 1, "co_signatory": 0, "recipient": 0, "publisher": 0, "mentioned": 0}
    assert body["memberships"] == []


def test_organisation_detail_counts_its_roles(api, archive):
    body = api.get("/api/organisations/example-org/").json()
    assert body["document_counts"]["publisher"] == 1
    assert [n["name"] for n in body["names"]] == ["EXO"]


def test_place_detail_has_parent_and_former_names(api, archive, make_place):
    france = make_place("France", slug="france", kind="country")
    camp = make_place("Camp New", slug="camp-new", parent=france)
    camp.names.create(name="Camp Old", kind="former")
    body = api.get("/api/places/camp-new/").json()
    assert body["parent"]["slug"] == "france"
    assert body["names"] == [{"name": "Camp Old", "kind": "former", "language": "", "note": ""}]
    assert api.get("/api/places/paris/").json()["documents_written_here"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=open_letter", ["open-letter"]),
        ("kind=article&kind=open_letter", ["news-post", "open-letter"]),
        ("topic=camps", ["open-letter"]),
        ("person=recipient-2", ["open-letter"]),
        ("person=ann-author&role=author", ["open-letter"]),
        ("person=ann-author&role=recipient", []),
        ("organisation=example-org&role=publisher", ["open-letter"]),
        ("place=paris", ["open-letter"]),
        ("language=en", ["news-post", "open-letter"]),
        ("date_from=2010-02-01", ["news-post"]),
        ("date_to=2010-01-31", ["open-letter"]),
        ("date_from=2010&date_to=2010", ["news-post", "open-letter"]),
        ("date_from=2010-02", ["news-post"]),
        ("sort=-date", ["news-post", "open-letter"]),
        ("sort=date", ["open-letter", "news-post"]),
    ],
)
def test_document_filters(api, archive, query, expected):
    response = api.get(f"/api/documents/?{query}")
    assert response.status_code == 200, response.json()
    assert [d["slug"] for d in response.json()["results"]] == expected


def test_event_shown_only_with_a_visible_source(api, archive):
    from archive.models import Event

    seen = Event.objects.create(slug="attack", title="Attack", date_edtf="2010-01-07")
    seen.sources.add(archive["letter"])
    seen.people.add(archive["private"], archive["author"])
    hidden = Event.objects.create(slug="memo-event", title="Memo event", date_edtf="2011")
    hidden.sources.add(archive["draft"])
    body = api.get("/api/events/").json()
    assert [e["slug"] for e in body["results"]] == ["attack"]
    assert [p["slug"] for p in body["results"][0]["people"]] == ["ann-author"]
    assert api.get("/api/events/memo-event/").status_code == 404
    assert api.get("/api/documents/open-letter/").json()["events"][0]["slug"] == "attack"


def test_topic_counts_only_published_documents(api, archive):
    archive["draft"].topics.add(archive["topic"])
    assert api.get("/api/topics/camps/").json()["document_count"] == 1


def test_topic_list_counts_equal_sql_for_readers_and_curators(api, token_client, make_document):
    """Readers' counts come from the search columns, curators' (drafts included) from SQL:
    both against the plain count of each topic's visible documents."""
    import random

    from archive.models import Document, Status, Topic

    rng = random.Random(16)
    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(5)]
    for n in range(25):
        document = make_document(status=Status.DRAFT if n % 4 == 0 else Status.PUBLISHED)
        document.topics.set(rng.sample(topics, rng.randint(0, 3)))
    for client, documents in ((api, Document.objects.published()), (token_client, Document.objects.all())):
        body = client.get("/api/topics/?page_size=3").json()
        assert body["count"] == len(topics)
        rows = body["results"]
        while body["next"]:
            body = client.get(body["next"]).json()
            rows += body["results"]
        assert [(row["slug"], row["document_count"]) for row in rows] == [
            (topic.slug, documents.filter(topics=topic).count()) for topic in sorted(topics, key=lambda t: t.name)
        ]
