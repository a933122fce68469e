"""OAI-PMH, harvested with a real client (pyoai) against a live server."""

import datetime

import pytest
from oaipmh import error
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader

from archive.models import Document, RoleKind, Status, Topic


@pytest.fixture
def oai_archive(settings, make_document, make_person, make_organisation, make_place):
    """Seven published documents (page size 3, so harvests take three pages), a draft, and a
    private person among the authors."""
    settings.OAI_PAGE_SIZE = 3
    settings.OAI_REPOSITORY_IDENTIFIER = "archive.example.org"
    topic = Topic.objects.create(name="Camps", slug="camps")
    author = make_person("Ann Author", slug="ann-author")
    private = make_person("Hidden Person", slug="hidden-person", is_private=True)
    publisher = make_organisation("Example Org", slug="example-org")
    paris = make_place("Paris", slug="paris")
    documents = []
    for n in range(7):
        document = make_document(
            title=f"Letter {n}", slug=f"letter-{n}", kind="letter" if n % 2 else "report",
            date_edtf=f"201{n}", summary=f"Summary {n}.", place_written=paris,
        )
        document.roles.create(role=RoleKind.AUTHOR, person=author)
        document.roles.create(role=RoleKind.CO_SIGNATORY, person=private)
        document.roles.create(role=RoleKind.PUBLISHER, organisation=publisher)
        if n < 2:
            document.topics.add(topic)
        documents.append(document)
    documents[1].relations_out.create(kind="reports_on", target=documents[0])
    draft = make_document(title="Draft", slug="draft", status=Status.DRAFT)
    draft.relations_out.create(kind="quotes", target=documents[0])
    return documents


@pytest.fixture
def harvester(live_server):
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    return Client(f"{live_server.url}/oai/", registry)


def test_identify(harvester, oai_archive):
    identify = harvester.identify()
    assert identify.protocolVersion() == "2.0"
    assert identify.granularity() == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.deletedRecord() == "persistent"


def test_list_records_harvests_every_published_record_through_resumption_tokens(harvester, oai_archive):
    records = list(harvester.listRecords(metadataPrefix="oai_dc"))
    identifiers = [header.identifier() for header, _metadata, _about in records]
    assert sorted(identifiers) == sorted(f"oai:archive.example.org:letter-{n}" for n in range(7))
    assert len(set(identifiers)) == 7


def test_list_identifiers_pages_through_tokens_too(harvester, oai_archive):
    headers = list(harvester.listIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) == 7 and "oai:archive.example.org:draft" not in [h.identifier() for h in headers]


def test_record_metadata_is_dublin_core_without_private_people(harvester, oai_archive):
    header, metadata, _about = harvester.getRecord(identifier="oai:archive.example.org:letter-1", metadataPrefix="oai_dc")
    assert metadata["title"] == ["Letter 1"]
    assert metadata["creator"] == ["Ann Author"]
    assert metadata["publisher"] == ["Example Org"]
    assert metadata["date"] == ["2011"]
    assert metadata["subject"] == ["Camps"]
    assert metadata["identifier"][0].endswith("/documents/letter-1/")
    assert [r.rsplit("/", 2)[-2] for r in metadata["relation"]] == ["letter-0"]
    assert sorted(header.setSpec()) == ["kind:letter", "topic:camps"]
    assert "Hidden Person" not in repr(metadata.getMap())


def test_relations_to_drafts_are_not_harvested(harvester, oai_archive):
    _header, metadata, _about = harvester.getRecord(identifier="oai:archive.example.org:letter-0", metadataPrefix="oai_dc")
    assert [r.rsplit("/", 2)[-2] for r in metadata["relation"]] == ["letter-1"]


def test_sets_by_kind_and_topic(harvester, oai_archive):
    specs = {spec for spec, _name, _description in harvester.listSets()}
    assert {"kind", "kind:letter", "kind:report", "topic", "topic:camps"} <= specs
    letters = list(harvester.listIdentifiers(metadataPrefix="oai_dc", set="kind:letter"))
    assert sorted(h.identifier()[-1] for h in letters) == ["1", "3", "5"]
    camps = list(harvester.listIdentifiers(metadataPrefix="oai_dc", set="topic:camps"))
    assert len(camps) == 2


def test_from_and_until_select_by_datestamp(harvester, oai_archive):
    old = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    Document.objects.filter(slug__in=["letter-0", "letter-1"]).update(updated_at=old)
    early = list(harvester.listIdentifiers(metadataPrefix="oai_dc", until=datetime.datetime(2001, 1, 2)))
    assert sorted(h.identifier()[-1] for h in early) == ["0", "1"]
    late = list(harvester.listIdentifiers(metadataPrefix="oai_dc", from_=datetime.datetime(2001, 1, 2)))
    assert len(late) == 5


def test_protocol_errors_reach_the_harvester(harvester, oai_archive):
    with pytest.raises(error.CannotDisseminateFormatError):
        list(harvester.listRecords(metadataPrefix="marc21"))
    with pytest.raises(error.IdDoesNotExistError):
        harvester.getRecord(identifier="oai:archive.example.org:draft", metadataPrefix="oai_dc")
    with pytest.raises(error.NoRecordsMatchError):
        list(harvester.listRecords(metadataPrefix="oai_dc", from_=datetime.datetime(2999, 1, 1)))
    with pytest.raises(error.BadArgumentError):
        list(harvester.listRecords(metadataPrefix="oai_dc", set="colour:red"))


def test_renamed_and_deleted_documents_reach_the_harvester_as_deleted_records(harvester, oai_archive):
    renamed, deleted = oai_archive[2], oai_archive[3]
    renamed.slug = "letter-2-renamed"
    renamed.save()
    deleted.delete()
    records = list(harvester.listRecords(metadataPrefix="oai_dc"))
    gone = sorted(header.identifier() for header, _metadata, _about in records if header.isDeleted())
    live = [header.identifier() for header, _metadata, _about in records if not header.isDeleted()]
    assert gone == ["oai:archive.example.org:letter-2", "oai:archive.example.org:letter-3"]
    assert len(live) == 6 and "oai:archive.example.org:letter-2-renamed" in live
    header, metadata, _about = harvester.getRecord(identifier="oai:archive.example.org:letter-2", metadataPrefix="oai_dc")
    assert header.isDeleted() and metadata is None
