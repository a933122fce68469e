"""The same document filters sent to the search page, `/api/search/` and `/api/documents/`:
the same documents in the same order, or the same parameters named as bad.

Each surface answers through its own view and template; only `archive.filters` reads the
parameters, and this test catches a surface that starts reading them in its own way.
"""

import re
from urllib.parse import urlencode

import pytest

from archive.models import Event, Role, RoleKind, Status

pytestmark = pytest.mark.django_db

GOOD = [
    {},
    {"q": "harvest"},
    {"q": "harvest", "sort": "date"},
    {"q": "harvest OR convoy", "sort": "-date"},
    {"kind": "letter"},
    {"kind": "letter,cable"},
    {"language": "FA"},
    {"topic": "camps"},
    {"person": "ann-writer"},
    {"person": "ann-writer", "role": "author"},
    {"person": "ann-writer", "role": "recipient"},
    {"organisation": "relief-board", "role": "publisher"},
    {"place": "paris"},
    {"date_from": "2011"},
    {"date_from": "2011-05"},
    {"date_from": "2011-05-17", "date_to": "2012-02"},
    {"date_to": "2010"},
    {"date_from": ""},
    {"sort": "date"},
    {"person": "nobody-has-this-slug"},
    {"person": "private-pat"},
    {"q": "Writer", "expand": "0"},
    {"page_size": "2", "page": "2"},
]

BAD = [
    ({"kind": "poem"}, {"kind"}),
    ({"language": "en-a"}, {"language"}),
    ({"date_from": "2011-5"}, {"date_from"}),
    ({"date_from": "2011-02-30"}, {"date_from"}),
    ({"date_from": "2012", "date_to": "2011"}, {"date_to"}),
    ({"sort": "title"}, {"sort"}),
    ({"role": "author"}, {"role"}),
    ({"role": "boss", "person": "ann-writer"}, {"role"}),
    ({"person": "not a slug"}, {"person"}),
    ({"page": "0"}, {"page"}),
    ({"page_size": "101"}, {"page_size"}),
    ({"expand": "maybe"}, {"expand"}),
    ({"q": "a\x00b"}, {"q"}),
    ({"status": "draft"}, {"status"}),
    ({"kind": "poem", "date_to": "soon"}, {"kind", "date_to"}),
]


@pytest.fixture
def archive(make_document, make_person, make_organisation, make_place, db):
    from archive.models import Topic

    writer = make_person("Ann Writer", slug="ann-writer", aliases=["A. Writer"])
    private = make_person("Pat Private", slug="private-pat", is_private=True)
    board = make_organisation("Relief Board", slug="relief-board")
    paris = make_place("Paris", slug="paris")
    camps = Topic.objects.create(name="Camps", slug="camps")
    specs = [
        ("letter", "en", "2011-05-17", "harvest letter"),
        ("cable", "en", "2011-06", "convoy cable"),
        ("letter", "fa", "2010-01~", "harvest note"),
        ("report", "en", "", "undated harvest report"),
        ("letter", "en", "2012-02-01", "convoy letter about the harvest"),
    ]
    documents = []
    for n, (kind, language, date, words) in enumerate(specs):
        document = make_document(
            title=f"{words.capitalize()} {n}", slug=f"doc-{n}", kind=kind, language=language, date_edtf=date,
            body=f"The {words}, by Ann Writer.", place_written=paris if n == 0 else None,
        )
        documents.append(document)
    Role.objects.create(document=documents[0], role=RoleKind.AUTHOR, person=writer)
    Role.objects.create(document=documents[1], role=RoleKind.RECIPIENT, person=writer)
    Role.objects.create(document=documents[2], role=RoleKind.AUTHOR, person=private)
    Role.objects.create(document=documents[3], role=RoleKind.PUBLISHER, organisation=board)
    documents[1].topics.add(camps)
    make_document(title="Draft harvest", slug="draft-harvest", status=Status.DRAFT, body="harvest by Ann Writer")
    return documents


def page_slugs(client, params) -> tuple[int, list[str] | set[str]]:
    response = client.get("/documents/?" + urlencode(params))
    html = response.content.decode()
    if response.status_code != 200:
        # The search form's list of errors, or the site's 400 page for what no view is shown
        # (a NUL byte is refused before any view reads the request).
        named = re.findall(r"<li><strong>([a-z_]+)</strong>:|parameter “([a-z_]+)”", html)
        return response.status_code, {name for pair in named for name in pair if name}
    # Every link to a document on the search page is a result (facets link to searches).
    linked = re.findall(r'href="/documents/([-\w]+)/(?:\?[^"]*)?"', html)
    return 200, [slug for slug in dict.fromkeys(linked) if slug != "feed"]


def search_api_slugs(client, params):
    response = client.get("/api/search/?" + urlencode(params))
    if response.status_code != 200:
        return response.status_code, set(response.json())
    return 200, [hit["slug"] for hit in response.json()["results"]]


def document_api_slugs(client, params):
    response = client.get("/api/documents/?" + urlencode(params))
    if response.status_code != 200:
        return response.status_code, set(response.json())
    return 200, [document["slug"] for document in response.json()["results"]]


SURFACES = [page_slugs, search_api_slugs, document_api_slugs]


@pytest.mark.parametrize("params", GOOD, ids=lambda p: urlencode(p) or "nothing")
def test_every_surface_lists_the_same_documents_in_the_same_order(client, archive, params):
    answers = [surface(client, params) for surface in SURFACES]
    assert answers[0][0] == 200, answers[0]
    assert answers[0] == answers[1] == answers[2]


@pytest.mark.parametrize(("params", "named"), BAD, ids=lambda p: urlencode(p) if isinstance(p, dict) else "")
def test_every_surface_names_the_same_bad_parameters(client, archive, params, named):
    for surface in SURFACES:
        assert surface(client, params) == (400, named), surface.__name__


def test_unknown_parameters_are_refused_by_the_apis_and_left_alone_by_the_page(client, archive):
    assert search_api_slugs(client, {"colour": "red"}) == (400, {"colour"})
    assert document_api_slugs(client, {"colour": "red"}) == (400, {"colour"})
    assert page_slugs(client, {"utm_source": "newsletter"}) == page_slugs(client, {})


def test_a_curator_searches_drafts_through_the_document_api(client, curator, archive):
    client.force_login(curator)
    status, slugs = document_api_slugs(client, {"status": "draft", "q": "harvest"})
    assert (status, slugs) == (200, ["draft-harvest"])
    # The public surfaces stay public for a curator too.
    assert "draft-harvest" not in search_api_slugs(client, {"q": "harvest"})[1]
    assert "draft-harvest" not in page_slugs(client, {"q": "harvest"})[1]


def test_an_event_sourced_only_by_a_draft_is_nowhere_public(client, archive, make_document):
    draft = make_document(title="Draft source", status=Status.DRAFT)
    event = Event.objects.create(title="Event only the draft tells", slug="draft-only-event", date_edtf="2011-03")
    event.sources.add(draft)
    event.people.add(archive[0].roles.get().person)
    for address in ("/timeline/", "/people/ann-writer/", "/timeline/?person=ann-writer", "/api/events/",
                    "/api/events/draft-only-event/"):
        response = client.get(address)
        assert b"Event only the draft tells" not in response.content, address
