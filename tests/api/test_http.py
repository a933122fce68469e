"""HTTP behaviour: conditional requests, malformed input, throttling, CORS and query counts."""

import pytest

from archive.models import RoleKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/documents/", "/api/documents/open-letter/", "/api/people/ann-author/", "/api/"])
def test_etag_and_last_modified_give_304(api, archive, path):
    first = api.get(path)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert api.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_an_edit_changes_the_etag(api, archive, token_client):
    etag = api.get("/api/documents/open-letter/")["ETag"]
    token_client.patch("/api/people/ann-author/", {"name": "Ann B. Author"}, format="json")
    response = api.get("/api/documents/open-letter/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Ann B. Author" in response.content.decode()


def test_last_modified_follows_the_latest_change_in_one_query(api, archive, django_assert_num_queries):
    import datetime

    from django.utils import timezone

    from archive.api.conditional import archive_last_changed
    from archive.models import Document, Person

    with django_assert_num_queries(1):
        before = archive_last_changed()
    later = timezone.now() + datetime.timedelta(days=3)
    # A raw update (as a fixture load or a bulk edit), which writes no history row.
    Person.objects.filter(slug="ann-author").update(updated_at=later)
    assert archive_last_changed() == later > before
    Document.objects.filter(slug="open-letter").update(updated_at=later + datetime.timedelta(hours=1))
    assert archive_last_changed() == later + datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("date_from=tomorrow", "date_from"),
        ("date_to=2011-02-30", "date_to"),
        ("date_from=2012&date_to=2011", "date_to"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=99", "page"),
        ("page_size=1000000000", "page_size"),
        ("page_size=0", "page_size"),
        ("kind=poem", "kind"),
        ("topic=not a slug", "topic"),
        ("language=xx_YY!", "language"),
        ("role=author", "role"),
        ("role=boss&person=ann-author", "role"),
        ("sort=body", "sort"),
        ("ordering=date", "ordering"),
        ("colour=red", "colour"),
        ("q=%FF%FE", "q"),
        ("q=a%00b", "q"),
        ("expand=maybe&q=x", "expand"),
    ],
)
def test_malformed_parameters_are_400_naming_the_parameter(api, archive, query, parameter):
    response = api.get(f"/api/documents/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


def test_unknown_parameter_on_a_detail_is_400(api, archive):
    response = api.get("/api/documents/open-letter/?page=2")
    assert response.status_code == 400 and "page" in response.json()


def test_page_size_is_honoured_up_to_its_cap(api, archive):
    body = api.get("/api/documents/?page_size=1").json()
    assert len(body["results"]) == 1 and body["next"].endswith("page=2&page_size=1")
    assert api.get("/api/documents/?page_size=100").status_code == 200


def test_anonymous_requests_are_throttled(api, archive, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    address = {"REMOTE_ADDR": "203.0.113.77"}
    statuses = [api.get("/api/topics/", **address).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api.get("/api/topics/", **address)["Retry-After"]


def test_cors_allows_reads_from_any_origin_but_no_writes(api, archive):
    response = api.get("/api/documents/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        "/api/documents/", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


@pytest.fixture
def grow(archive, make_document, make_person, make_organisation, make_place):
    """Add n published documents, each with nested roles, aliases, a place with a parent,
    a topic, a relation and an event, so every list has more rows and more nesting."""
    from archive.models import Event, Topic

    def add(n):
        for i in range(n):
            document = make_document(title=f"Grown {i}", date_edtf="2012")
            document.topics.add(archive["topic"], Topic.objects.create(name=f"Topic {document.slug}", slug=document.slug))
            document.roles.create(role=RoleKind.AUTHOR, person=make_person(aliases=["Alias A", "Alias B"]))
            document.roles.create(role=RoleKind.PUBLISHER, organisation=make_organisation(aliases=["ORG"]))
            place = make_place(aliases=["Old name"], parent=archive["paris"])
            document.roles.create(role=RoleKind.MENTIONED, place=place)
            document.roles.create(role=RoleKind.MENTIONED, person=archive["private"])
            document.relations_out.create(kind="quotes", target=archive["letter"])
            event = Event.objects.create(slug=f"event-{document.slug}", title="Event", date_edtf="2012")
            event.sources.add(document)
            event.people.add(archive["author"], archive["private"])
            event.places.add(place)

    return add


@pytest.mark.parametrize(
    "path",
    ["/api/documents/", "/api/people/", "/api/organisations/", "/api/places/", "/api/topics/", "/api/events/"],
)
def test_list_query_count_does_not_grow_with_page_size(api, grow, django_assert_max_num_queries, path):
    grow(2)
    # Warm: the search columns some lists count on are brought up to date once after writes.
    api.get(path)
    with django_assert_max_num_queries(8) as small:
        assert api.get(f"{path}?page_size=2").status_code == 200
    # Counted now: the captured queries are read from the connection's log, which the
    # writes below move on.
    small_count = len(small.captured_queries)
    grow(10)
    api.get(path)
    with django_assert_max_num_queries(small_count):
        assert len(api.get(f"{path}?page_size=12").json()["results"]) >= 6


def test_detail_query_count_does_not_grow_with_relations(api, grow, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as before:
        api.get("/api/documents/open-letter/")
    grow(8)
    with django_assert_max_num_queries(len(before.captured_queries)):
        body = api.get("/api/documents/open-letter/").json()
    assert len(body["relations"]) == 9
    for path in ("/api/people/ann-author/", "/api/places/paris/", "/api/organisations/example-org/"):
        with django_assert_max_num_queries(len(before.captured_queries)):
            assert api.get(path).status_code == 200
