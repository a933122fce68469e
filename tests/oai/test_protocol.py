"""OAI-PMH error codes and argument rules, request by request."""

import xml.etree.ElementTree as ET

import pytest

from archive.models import Status

pytestmark = pytest.mark.django_db
NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}


def error_code(client, query):
    response = client.get(f"/oai/?{query}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    errors = ET.fromstring(response.content).findall("oai:error", NS)
    return errors[0].get("code") if errors else None


@pytest.fixture
def published(make_document):
    for n in range(3):
        make_document(slug=f"doc-{n}")
    make_document(slug="hidden", status=Status.DRAFT)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Dance", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&colour=red", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2011-01-01&until=2012-01-01T00:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2012-01-01&until=2011-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2011-02-30", "badArgument"),
        ("verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&resumptionToken=forged", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=forged", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=mods", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:hidden", "idDoesNotExist"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=nonsense", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:testserver:hidden", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=kind:poem", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&until=1999-01-01T00:00:00Z", "noRecordsMatch"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:doc-1", None),
        ("verb=ListMetadataFormats", None),
        ("verb=Identify&q=%FF", "badArgument"),
        # Characters XML cannot carry, in arguments the answer would echo or name.
        ("verb=ListRecords&metadataPrefix=oai_dc&set=kind:%01poem", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:%01doc-1%0B", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai%1F_dc", "cannotDisseminateFormat"),
    ],
)
def test_protocol_errors(client, published, query, code):
    assert error_code(client, query) == code


def test_token_for_one_verb_is_refused_by_another(client, published, settings):
    settings.OAI_PAGE_SIZE = 1
    root = ET.fromstring(client.get("/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc").content)
    token = root.find("oai:ListIdentifiers/oai:resumptionToken", NS)
    assert token.get("completeListSize") == "3" and token.get("cursor") == "0"
    assert error_code(client, f"verb=ListRecords&resumptionToken={token.text}") == "badResumptionToken"


def test_post_is_answered_like_get(client, published):
    response = client.post("/oai/", {"verb": "Identify"})
    assert b"<Identify>" in response.content or b":Identify>" in response.content


def test_list_query_count_does_not_grow_with_page_size(client, make_document, settings, django_assert_max_num_queries):
    for n in range(12):
        make_document(slug=f"doc-{n}")
    settings.OAI_PAGE_SIZE = 2
    # Warm: the search columns the list size is counted on are loaded once per process.
    client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    with django_assert_max_num_queries(10) as small:
        client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    settings.OAI_PAGE_SIZE = 12
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")


@pytest.mark.parametrize("arguments", ["", "&set=kind:letter", "&set=kind:", "&set=kind:report", "&set=topic:",
                                       "&from=2000-01-01", "&until=2999-01-01"])
def test_complete_list_size_counts_every_published_record(client, make_document, settings, arguments):
    """The size counted on the search columns (no dates, a kind set) or in SQL, against the
    published documents the list walks through."""
    from archive.models import Document, Topic

    settings.OAI_PAGE_SIZE = 2
    topic = Topic.objects.create(name="Camps", slug="camps")
    for n in range(7):
        document = make_document(slug=f"doc-{n}", kind="letter" if n % 3 else "report",
                                 status=Status.DRAFT if n == 4 else Status.PUBLISHED)
        if n % 2:
            document.topics.add(topic)
    for verb in ("ListIdentifiers", "ListRecords"):
        query, seen, sizes = f"/oai/?verb={verb}&metadataPrefix=oai_dc{arguments}", 0, set()
        while True:
            root = ET.fromstring(client.get(query).content)
            seen += len(root.findall(f"oai:{verb}/oai:{'header' if verb == 'ListIdentifiers' else 'record'}", NS))
            token = root.find(f"oai:{verb}/oai:resumptionToken", NS)
            if token is None:
                break
            sizes.add(token.get("completeListSize"))
            if not token.text:
                break
            query = f"/oai/?verb={verb}&resumptionToken={token.text}"
        published = Document.objects.published()
        expected = {"&set=kind:letter": published.filter(kind="letter").count(),
                    "&set=kind:report": published.filter(kind="report").count(),
                    "&set=topic:": published.filter(topics__isnull=False).count()}.get(arguments, published.count())
        assert seen == expected
        assert sizes == {str(expected)}


@pytest.mark.parametrize("verb", ["ListRecords", "GetRecord"])
def test_records_written_as_text_escape_what_looks_like_markup(client, make_document, verb):
    """Records are written as text and put in the answer where the tree marks them: a title
    or summary holding markup, or the marker itself, stays text."""
    title = "<!--archive:markup--> Q&A <b>bold</b> ]]> \"quoted\""
    # A control character (saved before they were refused) would make the answer malformed.
    make_document(slug="tricky", title=title, summary="<record><header/></record> &\x0b more")
    query = {"ListRecords": "verb=ListRecords&metadataPrefix=oai_dc",
             "GetRecord": "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:tricky"}[verb]
    root = ET.fromstring(client.get(f"/oai/?{query}").content)
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    records = root.findall(f"oai:{verb}/oai:record", NS)
    assert len(records) == 1
    assert records[0].find("oai:header/oai:identifier", NS).text == "oai:testserver:tricky"
    assert records[0].find(".//dc:title", dc).text == title
    assert records[0].find(".//dc:description", dc).text == "<record><header/></record> & more"
