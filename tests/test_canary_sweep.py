"""The canary sweep: nothing a reader may not see appears at any public address.

Every record a reader must never see carries its own canary string: a draft (title, slug,
the slug it had before, summary, text, source address, curator notes), a private person
(name, slug, former slug, alias, description, the name a published document writes for
them, a membership), an event sourced only from the draft, a membership and a relation between organisations citing only the draft, a
relation from a published document to the draft and back, and the curator notes of a
published document. The private person's name also appears in a published document's own
text, the one place it may be shown.

An anonymous reader then crawls the site: the home page, the API root and an explicit list
of addresses (every page type, every API list and detail, every OAI-PMH verb, the feed, the
sitemap, search and name suggestions, every citation format, htmx fragments, addresses
built from the secret slugs), following every link it is given, so a new page or endpoint
linked from anywhere is swept too. The export bag is written and read whole. Every
response is checked for every canary. Then a curator checks that drafts appear where the
API promises them.

The crawl runs once for the module, inside a transaction that is rolled back.
"""

import html
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from archive import citations
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
    RoleKind,
    Status,
    Topic,
)
from archive.permissions import sync_curators_group

# The crawl runs in the module's own transaction; the mark makes the test database exist.
pytestmark = pytest.mark.django_db

CANARIES = {
    "draft title": "cnrydrafttitle",
    "draft slug": "cnrydraftslug",
    "draft summary": "cnrydraftsummary",
    "draft text": "cnrydrafttext",
    "draft source": "cnrydraftsource",
    "draft notes": "cnrydraftnotes",
    "draft's former slug": "cnrydraftold",
    "private name": "cnryprivname",
    "private slug": "cnryprivslug",
    "private alias": "cnryprivalias",
    "private description": "cnryprivdesc",
    "private as written": "cnryaswritten",
    "private former slug": "cnryprivold",
    "private membership": "cnryprivmember",
    "event title": "cnryeventtitle",
    "event slug": "cnryeventslug",
    "event description": "cnryeventdesc",
    "membership title": "cnrymembertitle",
    "membership note": "cnrymembernote",
    "organisation relation note": "cnryorgrelnote",
    "relation to draft note": "cnryrelout",
    "relation from draft note": "cnryrelin",
    "published notes": "cnrypubnotes",
}
# The only place a canary may appear: the published document's own text names the private
# person, and that text is shown as written.
OWN_TEXT = "The letter mentions Cnryprivname Quill in passing, near the gate."
OWN_TEXT_MARKERS = ("mentions", "in passing")

MAX_REQUESTS = 700
MAX_VARIANTS_PER_PATH = 12  # query-string variants of one path (facets, pages) worth crawling
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")

HREF = re.compile(r"""(?:href|hx-get|action)\s*=\s*["']([^"']+)["']""")
LOC = re.compile(r"<(?:loc|id|link)[^>]*>\s*(https?://testserver[^<\s]*)\s*<", re.I)
ATOM_LINK = re.compile(r"""<link[^>]*href=["']([^"']+)["']""")
ABSOLUTE = re.compile(r"""https?://testserver(/[^\s"'<>\\{}]*[^\s"'<>\\{}.,;:)\]])""")
TAG = re.compile(r"<[^>]+>")


class _Rollback(Exception):
    pass


def build_records():
    """The published records a reader may see, and the secrets around them."""
    topic = Topic.objects.create(name="Sweep camps", slug="sweep-camps")
    person = Person.objects.create(name="Parveen Open", slug="sweep-open-person")
    committee = Organisation.objects.create(name="Sweep Committee", slug="sweep-committee")
    front = Organisation.objects.create(name="Sweep Front", slug="sweep-front")
    town = Place.objects.create(name="Sweep Town", slug="sweep-town")
    private = Person.objects.create(
        name="Cnryprivname Quill", slug="cnryprivold-quill", is_private=True, description="Known as cnryprivdesc."
    )
    private.slug = "cnryprivslug-quill"  # a slug no reader ever saw: no past address is kept
    private.save()
    private.names.create(name="Cnryprivalias Q.")

    letter = Document.objects.create(
        title="Sweep letter about the camp", slug="sweep-letter", status=Status.PUBLISHED, kind="letter",
        date_edtf="2011-05", summary="A letter about the camp gate.", place_written=town,
        body=f"First paragraph about the camp and baitword.\n\n{OWN_TEXT}\n\nLast paragraph.",
        curator_notes="Check the signature: cnrypubnotes.", source_url="https://example.org/sweep-letter",
    )
    answer = Document.objects.create(
        title="Sweep answer", slug="sweep-answer-first", status=Status.PUBLISHED, kind="letter", date_edtf="2011-06",
        summary="An answer.", body="An answer about the camp.",
    )
    draft = Document.objects.create(
        title="Cnrydrafttitle report", slug="cnrydraftold-report", status=Status.DRAFT, kind="report",
        date_edtf="2009", summary="Draft summary cnrydraftsummary.", place_written=town,
        body="Draft text cnrydrafttext about the camp and baitword.",
        source_url="https://example.org/cnrydraftsource", curator_notes="cnrydraftnotes: not checked yet.",
    )
    draft.slug = "cnrydraftslug-report"
    draft.save()
    answer.slug = "sweep-answer"  # renamed once published: the old address redirects
    answer.save()
    for document in (letter, answer, draft):
        document.topics.add(topic)
        Role.objects.create(document=document, role=RoleKind.AUTHOR, person=person)
        Role.objects.create(document=document, role=RoleKind.RECIPIENT, organisation=committee)
    Role.objects.create(document=letter, role=RoleKind.MENTIONED, person=private, name_as_written="Cnryaswritten Q.")
    Role.objects.create(document=letter, role=RoleKind.MENTIONED, place=town)
    Role.objects.create(document=draft, role=RoleKind.MENTIONED, organisation=front)

    DocumentRelation.objects.create(source=answer, kind="responds_to", target=letter)
    DocumentRelation.objects.create(source=letter, kind="quotes", target=draft, note="cnryrelout")
    DocumentRelation.objects.create(source=draft, kind="reports_on", target=letter, note="cnryrelin")

    event = Event.objects.create(
        title="Cnryeventtitle at the gate", slug="cnryeventslug-gate", date_edtf="2009-03",
        description="As the draft tells it: cnryeventdesc.",
    )
    event.sources.add(draft)
    event.people.add(person)
    event.organisations.add(committee)
    event.places.add(town)
    public_event = Event.objects.create(title="Meeting at the gate", slug="sweep-meeting", date_edtf="2011-04")
    public_event.sources.add(letter)
    public_event.people.add(person)

    Membership.objects.create(
        person=person, organisation=front, role_title="cnrymembertitle", note="cnrymembernote",
        source_document=draft, date_edtf="2009",
    )
    Membership.objects.create(person=person, organisation=committee, role_title="member", source_document=letter)
    Membership.objects.create(
        person=private, organisation=committee, role_title="cnryprivmember", source_document=letter,
    )
    OrganisationRelation.objects.create(
        source=front, kind="front_for", target=committee, source_document=draft, note="cnryorgrelnote",
    )
    return {
        "letter": letter, "answer": answer, "draft": draft, "person": person, "private": private,
        "committee": committee, "front": front, "town": town, "topic": topic, "event": event,
    }


FILTERS = {"people": "person", "organisations": "organisation", "places": "place"}


def explicit_addresses(records) -> list[str]:
    """Addresses no link may lead to: every verb, format, list and filter worth asking."""
    published = [records["letter"], records["answer"]]
    entities = {
        "people": [records["person"]], "organisations": [records["committee"], records["front"]],
        "places": [records["town"]],
    }
    addresses = ["/", "/api/", "/about/", "/documents/", "/documents/feed/", "/sitemap.xml", "/robots.txt",
                 "/topics/", "/timeline/", f"/topics/{records['topic'].slug}/", "/api/schema/", "/api/docs/",
                 "/documents/sweep-answer-first/", "/api/documents/sweep-answer-first/",
                 "/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:sweep-answer-first"]
    for document in published:
        addresses.append(f"/documents/{document.slug}/")
        addresses += [f"/documents/{document.slug}/cite/{style}/" for style in citations.DOWNLOADS]
        addresses.append(f"/api/documents/{document.slug}/")
    for path, records_of_kind in entities.items():
        for record in records_of_kind:
            addresses += [f"/{path}/{record.slug}/", f"/api/{path}/{record.slug}/"]
            addresses += [f"/timeline/?{FILTERS[path]}={record.slug}", f"/documents/?{FILTERS[path]}={record.slug}",
                          f"/api/documents/?{FILTERS[path]}={record.slug}"]
    addresses += [f"/api/{name}/?page_size=100" for name in ("documents", "people", "organisations", "places", "topics", "events")]
    addresses += [f"/api/topics/{records['topic'].slug}/", "/api/events/sweep-meeting/"]
    for words in ("camp", "baitword", "Quill", "gate", "Sweep", "Parveen", "\"camp gate\"", "camp*", "Sweep -answer"):
        query = urlencode({"q": words})
        addresses += [f"/documents/?{query}", f"/api/search/?{query}", f"/api/documents/?{query}", f"/names/?{query}"]
    addresses += ["/documents/?sort=-date", "/documents/?date_from=2009&date_to=2011", "/api/search/?q=camp&sort=-date",
                  "/api/documents/?date_after=2009-01-01", f"/api/documents/?topic={records['topic'].slug}",
                  f"/api/search/?kind=letter&topic={records['topic'].slug}"]
    oai = "/oai/?verb="
    addresses += [oai + "Identify", oai + "ListMetadataFormats", oai + "ListSets",
                  oai + "ListIdentifiers&metadataPrefix=oai_dc", oai + "ListRecords&metadataPrefix=oai_dc",
                  oai + "ListRecords&metadataPrefix=oai_dc&set=kind:report",
                  oai + f"ListRecords&metadataPrefix=oai_dc&set=topic:{records['topic'].slug}",
                  oai + "ListRecords&metadataPrefix=oai_dc&set=topic"]
    addresses += [oai + f"GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:{d.slug}" for d in published]
    addresses += [oai + f"ListMetadataFormats&identifier=oai:testserver:{d.slug}" for d in published]
    return addresses


def probing_addresses(records) -> list[str]:
    """Addresses built from the secret slugs: each must answer as for an unknown slug."""
    draft, private, event = records["draft"].slug, records["private"].slug, records["event"].slug
    addresses = ["/documents/cnrydraftold-report/", "/api/documents/cnrydraftold-report/",
                 "/people/cnryprivold-quill/", "/api/people/cnryprivold-quill/",
                 "/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:cnrydraftold-report",
                 f"/documents/{draft}/", f"/api/documents/{draft}/", f"/people/{private}/", f"/api/people/{private}/",
                 f"/api/events/{event}/", f"/timeline/?person={private}", f"/documents/?person={private}",
                 f"/api/documents/?person={private}", f"/api/search/?person={private}",
                 f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:{draft}",
                 f"/oai/?verb=ListMetadataFormats&identifier=oai:testserver:{draft}"]
    addresses += [f"/documents/{draft}/cite/{style}/" for style in citations.DOWNLOADS]
    return addresses


FRAGMENT_ADDRESSES = ["/names/?q=Quill", "/names/?q=Parveen", "/documents/?q=camp", "/documents/?q=baitword",
                      "/timeline/", "/people/sweep-open-person/?section=author"]


def internal_links(body: str) -> list[str]:
    found = [html.unescape(link) for link in HREF.findall(body) + ATOM_LINK.findall(body)]
    found += [html.unescape(link) for link in LOC.findall(body)]
    found += ABSOLUTE.findall(body.replace("\\/", "/"))
    links = []
    for link in found:
        parts = urlsplit(link)
        if parts.netloc and parts.netloc != "testserver":
            continue
        if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def canaries_in(body: str, allowed_echo: str = "") -> set[str]:
    """The canaries in `body`, except those the request itself carried (an echo is no leak)
    and the private name inside the published document's own text."""
    text = body.lower()
    found = set()
    for label, canary in CANARIES.items():
        if canary in allowed_echo.lower():
            continue
        for match in re.finditer(canary, text):
            window = TAG.sub("", text[max(0, match.start() - 80): match.end() + 80])
            if label == "private name" and any(marker in window for marker in OWN_TEXT_MARKERS):
                continue
            found.add(label)
            break
    return found


def crawl(client, seeds, *, headers=None, follow=True) -> dict[str, tuple[int, str]]:
    responses, queue, variants = {}, deque(seeds), Counter()
    while queue and len(responses) < MAX_REQUESTS:
        address = queue.popleft()
        if address in responses:
            continue
        path, _sep, query = address.partition("?")
        if query and address not in seeds:
            variants[path] += 1
            if variants[path] > MAX_VARIANTS_PER_PATH:
                continue
        if len(responses) % 100 == 0:
            cache.clear()  # the anonymous rate limit is not what is tested here
        response = client.get(address, **(headers or {}))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        responses[address] = (response.status_code, text)
        if not follow:
            continue
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        queue.extend(link for link in internal_links(text) if link not in responses)
    return responses


def read_export(tmp_dir: Path) -> dict[str, str]:
    call_command("export", str(tmp_dir), verbosity=0)
    return {str(path.relative_to(tmp_dir)): path.read_text("utf-8", errors="replace")
            for path in sorted(tmp_dir.rglob("*")) if path.is_file()}


def curator_views(records) -> dict[str, tuple[int, object]]:
    sync_curators_group(Group, Permission)
    user = User.objects.create_user("sweep-curator", "sweep@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    client = Client()
    client.force_login(user)
    addresses = [
        "/api/documents/?status=draft", "/api/documents/?status=draft&q=baitword", "/api/documents/?q=baitword",
        f"/api/documents/{records['draft'].slug}/", f"/api/people/{records['private'].slug}/",
        f"/api/events/{records['event'].slug}/", "/api/events/?page_size=100",
    ]
    answers = {}
    for address in addresses:
        response = client.get(address)
        answers[address] = (response.status_code, response.json() if response.status_code == 200 else None)
    return answers


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    result = {}
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    with django_db_blocker.unblock(), override_settings(REST_FRAMEWORK=rates):
        try:
            with transaction.atomic():
                records = build_records()
                anonymous = Client()
                seeds = explicit_addresses(records)
                result["pages"] = crawl(anonymous, seeds)
                result["probes"] = crawl(Client(), probing_addresses(records), follow=False)
                result["fragments"] = crawl(
                    Client(), FRAGMENT_ADDRESSES, headers={"HTTP_HX_REQUEST": "true"}, follow=False
                )
                result["export"] = read_export(tmp_path_factory.mktemp("bag"))
                result["curator"] = curator_views(records)
                result["slugs"] = {name: getattr(record, "slug", "") for name, record in records.items()}
                result["person_pages"] = {
                    f"/people/{records['person'].slug}/", f"/organisations/{records['committee'].slug}/",
                    f"/places/{records['town'].slug}/",
                }
                raise _Rollback
        except _Rollback:
            pass
    cache.clear()
    return result


def leaks(responses, *, echo=False) -> dict[str, set[str]]:
    found = {}
    for address, (_status, body) in responses.items():
        labels = canaries_in(body, allowed_echo=address if echo else "")
        if labels:
            found[address] = labels
    return found


# --- The crawl reached every surface --------------------------------------------------------


def test_the_crawl_reaches_every_kind_of_public_address(sweep):
    addresses = set(sweep["pages"])
    expected = [
        "/", "/about/", "/documents/", "/documents/feed/", "/sitemap.xml", "/topics/", "/timeline/", "/names/",
        "/documents/sweep-letter/", "/documents/sweep-letter/cite/bibtex/", "/documents/sweep-letter/cite/ris/",
        "/documents/sweep-letter/cite/csl-json/", "/people/sweep-open-person/", "/organisations/sweep-front/",
        "/places/sweep-town/", "/topics/sweep-camps/", "/api/", "/api/documents/", "/api/people/",
        "/api/organisations/", "/api/places/", "/api/topics/", "/api/events/", "/api/search/",
        "/api/documents/sweep-letter/", "/api/people/sweep-open-person/", "/api/events/sweep-meeting/", "/oai/",
    ]
    paths = {address.partition("?")[0] for address in addresses}
    assert [path for path in expected if path not in paths] == []
    assert sweep["pages"]["/documents/sweep-answer-first/"][0] == 301
    assert 'status="deleted"' in sweep["pages"]["/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc"][1]
    verbs = {re.search(r"verb=(\w+)", a).group(1) for a in addresses if a.startswith("/oai/?verb=")}
    assert verbs == {"Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords", "GetRecord"}
    assert any(name.endswith(".jsonl") for name in sweep["export"])
    # Links were followed, not only the explicit list: facet and paging links of the search page.
    assert any(a.startswith("/documents/?") and "kind=" in a for a in addresses)


def test_the_published_text_is_shown_where_it_should_be(sweep):
    """The one allowed appearance is really there: the check would see a leak if it were one."""
    status, body = sweep["pages"]["/documents/sweep-letter/"]
    assert status == 200 and "Cnryprivname Quill in passing" in body
    assert canaries_in(body.replace("in passing", "").replace("mentions", "")) == {"private name"}


# --- Anonymous readers ----------------------------------------------------------------------


def test_no_public_address_answers_403_or_500(sweep):
    statuses = {address: status for group in ("pages", "probes")
                for address, (status, _body) in sweep[group].items()}
    statuses |= {address: status for address, (status, _body) in sweep["fragments"].items()}
    assert {a: s for a, s in statuses.items() if s == 403 or s >= 500} == {}


def test_no_canary_on_any_public_address(sweep):
    found = {f"{address} ({group})": sorted(labels)
             for group in ("pages", "fragments") for address, labels in leaks(sweep[group]).items()}
    assert found == {}


def test_secret_slugs_answer_like_unknown_ones(sweep):
    statuses = {address: status for address, (status, _body) in sweep["probes"].items()}
    assert {a: s for a, s in statuses.items() if s not in (200, 400, 404)} == {}
    for address in ("/documents/cnrydraftslug-report/", "/api/documents/cnrydraftslug-report/",
                    "/documents/cnrydraftold-report/", "/api/documents/cnrydraftold-report/",
                    "/people/cnryprivold-quill/", "/api/people/cnryprivold-quill/",
                    "/people/cnryprivslug-quill/", "/api/people/cnryprivslug-quill/", "/api/events/cnryeventslug-gate/"):
        assert statuses[address] == 404, address
    for slug in ("cnrydraftslug-report", "cnrydraftold-report"):
        _status, body = sweep["probes"][f"/oai/?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:{slug}"]
        assert 'code="idDoesNotExist"' in body
    # Whatever a probe echoes back, it reveals no other secret.
    assert {a: sorted(labels) for a, labels in leaks(sweep["probes"], echo=True).items()} == {}


def test_the_export_bag_holds_no_canary(sweep):
    found = {name: sorted(canaries_in(text)) for name, text in sweep["export"].items() if canaries_in(text)}
    assert found == {}


def test_an_event_sourced_only_by_a_draft_is_not_on_the_timeline(sweep):
    assert {"/timeline/", "/timeline/?person=sweep-open-person"} <= set(sweep["pages"])
    found = {a: labels for group in ("pages", "fragments") for a, labels in leaks(sweep[group]).items()
             if a.partition("?")[0] == "/timeline/"}
    assert found == {}


def test_an_event_sourced_only_by_a_draft_is_not_on_the_pages_of_what_it_names(sweep):
    assert sweep["person_pages"] <= set(sweep["pages"])
    found = {a: labels for a, labels in leaks(sweep["pages"]).items() if a.partition("?")[0] in sweep["person_pages"]}
    assert found == {}


# --- Curators -------------------------------------------------------------------------------


def _slugs(answer) -> list[str]:
    return [row["slug"] for row in answer[1]["results"]]


def test_curators_see_drafts_and_private_people_where_the_api_promises(sweep):
    answers = sweep["curator"]
    assert _slugs(answers["/api/documents/?status=draft"]) == ["cnrydraftslug-report"]
    assert answers["/api/documents/cnrydraftslug-report/"][0] == 200
    assert answers["/api/people/cnryprivslug-quill/"][0] == 200
    assert answers["/api/events/cnryeventslug-gate/"][0] == 200
    assert "cnryeventslug-gate" in _slugs(answers["/api/events/?page_size=100"])


def test_curators_find_drafts_by_their_words(sweep):
    answers = sweep["curator"]
    assert _slugs(answers["/api/documents/?status=draft&q=baitword"]) == ["cnrydraftslug-report"]
    assert "cnrydraftslug-report" in _slugs(answers["/api/documents/?q=baitword"])
