"""The ranking index (`archive.search.ranking`) finds what the database finds.

A corpus of English prose drawn from a seeded generator (inflected words, names linked to
documents, drafts) is searched twice, through the database and through the index, and the
two must agree on the matching documents, the total and every facet; then the index must
follow writes through the change log (the names a document is found by included), give way
to the database when it cannot follow (a bulk load, a log pruned past it), and survive an
interrupted update."""

import io
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from archive.filters import parse_document_filters
from archive.models import Document, Person, Place, Role, RoleKind, Status, Topic
from archive.search import engine, ranking, ranking_build
from archive.search.engine import search_documents
from archive.search.index import deferred_indexing
from archive.search.models import DocumentChange
from archive.search.tokens import current_tokens

pytestmark = pytest.mark.django_db

# Inflected forms, so that stemming decides matches; "report" is in most documents.
VOCABULARY = """report reports reported reporting reporter minister ministers ministry prison prisoner prisoners
imprisoned imprisonment election elections elected electing vote votes voted voting letter letters wrote writing
written family families march marched marching protest protests protested protesting student students village
villages water supply supplies supplied health hospital hospitals doctor doctors trial trials tried court courts
judge judged judgement release released releasing arrest arrests arrested arresting border borders refugee refugees
meeting meetings met negotiate negotiated negotiation negotiations agreement agreements agreed agree peace peaceful
war wars military soldiers army camp camps winter summer newspaper newspapers journalist journalists published
statement statements declared declaration generous generously happily happiness connection connected connecting
""".split()
STOP = "the of and in to a with for on was by from that".split()
KINDS = ["letter", "report", "statement", "cable"]


def prose(rng: random.Random, words: int) -> str:
    out = []
    for n in range(words):
        out.append(rng.choice(STOP) if n % 3 == 1 else rng.choice(VOCABULARY))
    return " ".join(out).capitalize() + "."


@pytest.fixture
def corpus(make_document, make_person, make_organisation, make_place):
    rng = random.Random(11)
    people = [make_person(f"Farid Tahir {n}", aliases=[f"Abu Tahir {n}"], slug=f"tahir-{n}") for n in range(3)]
    front = make_organisation("Harmony Liberation Front", aliases=["HLF"], slug="hlf")
    camp = make_place("Camp Cedar", aliases=["Cedar Camp"], slug="camp-cedar")
    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]
    documents = []
    for n in range(95):
        body = prose(rng, 60) + " " + prose(rng, 40)
        if n % 7 == 0:
            body += " The HLF said so."
        if n % 11 == 0:
            body += " End of the war in the village."
        document = make_document(
            slug=f"doc-{n}", title=prose(rng, 5), summary=prose(rng, 12), body=body, kind=KINDS[n % 4],
            date_edtf=f"{1980 + n % 30}-0{1 + n % 9}", language="en" if n % 5 else "fr",
            status=Status.DRAFT if n % 13 == 0 else Status.PUBLISHED,
        )
        if n % 4 == 0:
            Role.objects.create(document=document, person=people[n % 3], role=RoleKind.AUTHOR)
        if n % 9 == 0:
            Role.objects.create(document=document, organisation=front, role=RoleKind.MENTIONED)
        if n % 10 == 0:
            Role.objects.create(document=document, place=camp, role=RoleKind.MENTIONED)
        document.topics.add(topics[n % 3])
        documents.append(document)
    return {"documents": documents, "people": people, "front": front}


@pytest.fixture
def ranked(settings, tmp_path):
    """Searches with a ranking index in a fresh directory, built by the command."""

    def build():
        settings.SEARCH_RANKING_INDEX = str(tmp_path / "ranking")
        call_command("build_ranking_index", stdout=open("/dev/null", "w"))
        return Path(settings.SEARCH_RANKING_INDEX)

    return build


QUERIES = [
    "report", "reported", "reporting", "prisoners", "imprisoned", "election OR vote", "negotiation -agreement",
    "generous", "generously", "happiness", "connect*", "neg*", "court judge", '"water supply"', '"release prisoners"',
    "tahir", "HLF", "abu tahir 1", "zzzz", "camp cedar", "village -war", "march* OR protest",
]
FILTERS = [{}, {"kind": "letter"}, {"language": "fr"}, {"topic": "topic-1"}, {"person": "tahir-0"},
           {"date_from": "1990", "date_to": "1999"}, {"sort": "-date"}, {"sort": "date", "kind": "report"}]


def search(**data):
    result = search_documents(parse_document_filters({**data, "page_size": "100"}))
    facets = {key: [(b.value, b.count) for b in buckets] for key, buckets in result.facets.items()}
    return result, sorted(hit.document.pk for hit in result.hits), facets


def both(data):
    with override_settings(SEARCH_RANKING_INDEX=""):
        database = search(**data)
    indexed = search(**data)
    return database, indexed


def test_the_index_finds_the_same_documents_counts_and_facets_as_the_database(corpus, ranked, monkeypatch):
    ranked()
    used = []
    real = ranking.RankingIndex.matching_ids
    monkeypatch.setattr(ranking.RankingIndex, "matching_ids",
                        lambda *args, **kwargs: used.append(1) or real(*args, **kwargs))
    for q in QUERIES:
        for filters in FILTERS:
            data = {"q": q, **filters}
            (db_result, db_ids, db_facets), (ix_result, ix_ids, ix_facets) = both(data)
            if connection.vendor == "postgresql" and '"' in q:
                # PostgreSQL's vector joins the fields end to end, so its phrase also matches
                # the last word of a title followed by the first of the summary; the index
                # keeps the fields apart, as FTS5 does.
                assert set(ix_ids) <= set(db_ids), data
                continue
            assert ix_result.count == db_result.count, data
            assert ix_ids == db_ids, data
            assert ix_facets == db_facets, data
    assert used, "the index answered"


def test_a_phrase_keeps_the_places_of_its_stop_words(corpus, ranked):
    ranked()
    result, ids, _ = search(q='"end of the war"')
    assert ids == sorted(d.pk for d in corpus["documents"] if d.status == Status.PUBLISHED and "End of the war" in d.body)
    assert search(q='"end war"')[0].count == 0  # the words are not next to each other


def test_the_best_match_comes_first(corpus, ranked):
    ranked()
    special = Document.objects.create(slug="special", title="Zephyrine zephyrine", body="zephyrine once more",
                                      status=Status.PUBLISHED, published_at=corpus["documents"][0].published_at)
    Document.objects.create(slug="other", title="Other", body="zephyrine mentioned in passing " + "filler " * 50,
                            status=Status.PUBLISHED, published_at=special.published_at)
    result, _ids, _ = search(q="zephyrine")
    assert [hit.document.slug for hit in result.hits] == ["special", "other"]


def test_a_write_is_found_by_the_next_search(corpus, ranked, curator_client):
    root = ranked()
    document = corpus["documents"][1]
    document.body = "A wholly new word: quetzalcoatl."
    document.save()
    Document.objects.filter(pk=corpus["documents"][2].pk).delete()
    result, ids, _ = search(q="quetzalcoatl")
    assert ids == [document.pk]
    page = search(q="report")[0]
    assert len({hit.document.pk for hit in page.hits}) == len(page.hits)  # replaced, not added again
    assert search(q="report")[0].count == both({"q": "report"})[0][0].count
    applied = json.loads((ranking.current_directory(root) / ranking.APPLIED).read_text())
    assert applied["last_change"] == current_tokens().last_change
    # A new link to a person changes the names the document is found by.
    Role.objects.create(document=corpus["documents"][3], person=corpus["people"][1], role=RoleKind.MENTIONED)
    assert search(q="tahir", person="tahir-1")[1] == both({"q": "tahir", "person": "tahir-1"})[0][1]


def through_the_index(monkeypatch, data):
    """(database, index) results of the search `data`; the index must answer its own."""
    used = []
    real = ranking.RankingIndex.matching_ids
    with monkeypatch.context() as patched:
        patched.setattr(ranking.RankingIndex, "matching_ids",
                        lambda *args, **kwargs: used.append(1) or real(*args, **kwargs))
        database, indexed = both(data)
    assert used, "the database answered"
    return database, indexed


def published_linked(**record) -> list[int]:
    return sorted(set(Role.objects.filter(**record, document__status=Status.PUBLISHED)
                      .values_list("document_id", flat=True)))


def rename_person(corpus):
    Person.objects.filter(pk=corpus["people"][0].pk).update(name="Zanzibar Quill")
    return {"q": "zanzibar", "expand": "false"}, published_linked(person=corpus["people"][0])


def add_an_alias(corpus):
    corpus["people"][0].names.create(name="Quorn Tahiri")  # not in any document: found only through the link
    return {"q": "quorn", "expand": "false"}, published_linked(person=corpus["people"][0])


def make_a_person_private(corpus):
    person = corpus["people"][0]
    person.is_private = True
    person.save()
    others = sorted(set(published_linked(person=corpus["people"][1]) + published_linked(person=corpus["people"][2])))
    return {"q": "farid", "expand": "false"}, others


def rename_a_place(corpus):
    Place.objects.filter(slug="camp-cedar").update(name="Camp Juniper")
    return {"q": "juniper", "expand": "false"}, published_linked(place__slug="camp-cedar")


def rename_a_topic(corpus):
    Topic.objects.filter(slug="topic-1").update(name="Renamed topic")  # a facet's label, not an indexed word
    return {"q": "report", "topic": "topic-1"}, None


@pytest.mark.parametrize("write", [rename_person, add_an_alias, make_a_person_private, rename_a_place, rename_a_topic])
def test_a_name_change_is_followed_by_the_index(corpus, ranked, monkeypatch, caplog, write):
    ranked()
    data, expected = write(corpus)
    (db_result, db_ids, db_facets), (ix_result, ix_ids, ix_facets) = through_the_index(monkeypatch, data)
    if expected is not None:
        assert expected
        assert ix_ids == expected
    assert (ix_ids, ix_result.count, ix_facets) == (db_ids, db_result.count, db_facets)
    labels = [[bucket.label for bucket in result.facets["topic"]] for result in (ix_result, db_result)]
    assert labels[0] == labels[1]
    assert "behind the database" not in caplog.text
    out = io.StringIO()
    call_command("build_ranking_index", "--if-stale", stdout=out)
    assert "not rebuilt" in out.getvalue()


def test_a_name_no_longer_linked_is_no_longer_found(corpus, ranked, monkeypatch):
    ranked()
    alias = {"q": '"abu tahir 0"', "expand": "false"}
    assert through_the_index(monkeypatch, alias)[1][1] == published_linked(person=corpus["people"][0])
    corpus["people"][0].names.all().delete()
    (_db, db_ids, _), (_ix, ix_ids, _) = through_the_index(monkeypatch, alias)
    assert ix_ids == db_ids == []


def test_a_bulk_load_leaves_the_search_to_the_database_until_a_rebuild(corpus, ranked, caplog, monkeypatch):
    ranked()
    with deferred_indexing():
        Document.objects.bulk_create(
            Document(slug=f"bulk-{n}", title=f"Quetzalcoatl {n}", body="Loaded.", status=Status.PUBLISHED)
            for n in range(3)
        )
    assert_the_database_answers_until_a_rebuild(monkeypatch, caplog, {"q": "quetzalcoatl"})


def test_a_log_pruned_past_the_index_leaves_the_search_to_the_database(corpus, ranked, caplog, monkeypatch):
    # Not because more changes wait than a search applies: because some of them are gone.
    monkeypatch.setattr(ranking, "MAX_CHANGES", 100_000)
    monkeypatch.setattr(ranking_build, "MAX_CHANGES", 100_000)
    root = ranked()
    directory = ranking.current_directory(root)
    for _ in range(120):  # 95 documents a statement, one row each
        Document.objects.filter(pk__in=[d.pk for d in corpus["documents"]]).update(summary="Pruned")
    Document.objects.filter(pk=corpus["documents"][4].pk).update(title="Quetzalcoatl")
    assert json.loads((directory / ranking.APPLIED).read_text())["last_change"] < current_tokens().pruned_through
    assert_the_database_answers_until_a_rebuild(monkeypatch, caplog, {"q": "quetzalcoatl"})


def test_an_index_that_follows_the_log_outlives_its_prune(corpus, ranked, monkeypatch):
    ranked()
    ids = [d.pk for d in corpus["documents"]]
    for step in range(13):
        for _ in range(10):  # 95 rows each
            Document.objects.filter(pk__in=ids).update(summary=f"Pruned {step}")
        (db_result, db_ids, _), (ix_result, ix_ids, _) = through_the_index(monkeypatch, {"q": "pruned"})
        assert (ix_ids, ix_result.count) == (db_ids, db_result.count)
    assert current_tokens().pruned_through > 0  # dropped rows the index had applied
    out = io.StringIO()
    call_command("build_ranking_index", "--if-stale", stdout=out)
    assert "not rebuilt" in out.getvalue()


def test_an_index_ahead_of_the_state_a_search_read_still_answers(corpus, ranked):
    ranked()
    before = current_tokens()
    Document.objects.filter(pk=corpus["documents"][4].pk).update(title="Quetzalcoatl")
    assert search(q="quetzalcoatl")[1] == [corpus["documents"][4].pk]  # applied by "another process"
    assert ranking.ranking_index(before) is not None  # read again, the state is behind no more


def test_a_log_gone_back_behind_the_index_leaves_the_search_to_the_database(corpus, ranked, caplog, monkeypatch):
    ranked()
    DocumentChange.objects.all().delete()  # as in a database restored from an older backup
    assert_the_database_answers_until_a_rebuild(monkeypatch, caplog, {"q": "report"})


def assert_the_database_answers_until_a_rebuild(monkeypatch, caplog, data):
    with monkeypatch.context() as patched:
        patched.setattr(ranking.RankingIndex, "matching_ids", lambda *args, **kwargs: pytest.fail("the index is stale"))
        result, ids, facets = search(**data)
    assert ids
    assert "behind the database" in caplog.text
    out = io.StringIO()
    call_command("build_ranking_index", "--if-stale", stdout=out)  # a periodic job brings it back
    assert "Ranking index built" in out.getvalue()
    (db_result, db_ids, db_facets), (ix_result, ix_ids, ix_facets) = through_the_index(monkeypatch, data)
    assert (ix_ids, ix_result.count, ix_facets) == (db_ids, db_result.count, db_facets) == (ids, result.count, facets)
    call_command("build_ranking_index", "--if-stale", stdout=out)
    assert "not rebuilt" in out.getvalue()


def test_an_update_interrupted_before_its_record_is_applied_again(corpus, ranked):
    root = ranked()
    directory = ranking.current_directory(root)
    before = json.loads((directory / ranking.APPLIED).read_text())
    document = corpus["documents"][5]
    document.title = "Quetzalcoatl"
    document.save()
    assert search(q="quetzalcoatl")[1] == [document.pk]  # committed to the index, then recorded
    (directory / ranking.APPLIED).write_text(json.dumps(before))  # as if the process died in between
    ranking._opened = ranking._Opened()  # a new process
    assert search(q="quetzalcoatl")[1] == [document.pk]
    assert search(q="report")[0].count == both({"q": "report"})[0][0].count


def test_documents_page_and_search_api_give_the_same_documents_with_the_index(corpus, ranked, client, monkeypatch):
    ranked()
    calls = []
    monkeypatch.setattr(ranking.RankingIndex, "best",
                        lambda self, *args, _real=ranking.RankingIndex.best: calls.append(1) or _real(self, *args))
    api = client.get(reverse("api-search"), {"q": "report prisoners", "page_size": 100}).json()
    page = client.get(reverse("document-list"), {"q": "report prisoners", "page_size": 100})
    assert page.status_code == 200
    assert calls
    page_result = page.context["result"]
    assert [hit["slug"] for hit in api["results"]] == [hit.document.slug for hit in page_result.hits]
    assert api["count"] == page_result.count
    with override_settings(SEARCH_RANKING_INDEX=""):
        database = client.get(reverse("api-search"), {"q": "report prisoners", "page_size": 100}).json()
    assert api["count"] == database["count"]
    assert sorted(hit["slug"] for hit in api["results"]) == sorted(hit["slug"] for hit in database["results"])



def test_a_kept_list_of_matches_follows_writes(corpus, ranked, monkeypatch):
    monkeypatch.setattr(ranking, "CACHE_MIN_IDS", 1)
    ranked()
    listed = []
    monkeypatch.setattr(ranking.RankingIndex, "_list",
                        staticmethod(lambda *args, _real=ranking.RankingIndex._list: listed.append(1) or _real(*args)))
    assert search(q="report")[0].count == both({"q": "report"})[0][0].count
    listed.clear()
    search(q="report")
    assert not listed  # the second search read the kept list
    without, with_it = corpus["documents"][1], corpus["documents"][2]
    without.title, without.summary, without.body = "Nothing", "Nothing", "Nothing at all."
    without.save()
    with_it.body = "A report."
    with_it.save()
    (db_result, db_ids, db_facets), (ix_result, ix_ids, ix_facets) = both({"q": "report"})
    assert (ix_result.count, ix_facets) == (db_result.count, db_facets)
    assert listed == [1]  # only the two changed documents were searched again


def test_a_phrase_ranked_by_its_words_lists_only_documents_holding_the_phrase(corpus, ranked, monkeypatch):
    monkeypatch.setattr(engine, "RANK_ONLY_SELECTED", 0)  # ranked over the whole index, as in a large archive
    # Twenty documents hold both words apart, in the title, where they weigh most; three hold
    # the phrase once, deep in the body: ranking by the words puts the twenty first.
    published_at = corpus["documents"][0].published_at
    for n in range(20):
        Document.objects.create(slug=f"apart-{n}", title="Quince, quince; zanzibar, zanzibar", body="Nothing else.",
                                status=Status.PUBLISHED, published_at=published_at)
    holding = [Document.objects.create(slug=f"phrase-{n}", title="Other", body="filler " * 40 + "zanzibar quince",
                                       status=Status.PUBLISHED, published_at=published_at) for n in range(3)]
    ranked()
    for page_size in (1, 2, 5):
        result = search_documents(parse_document_filters({"q": '"zanzibar quince"', "page_size": str(page_size)}))
        assert result.count == 3
        assert {hit.document.slug for hit in result.hits} <= {d.slug for d in holding}
        assert len(result.hits) == min(page_size, 3)
    with override_settings(SEARCH_RANKING_INDEX=""):
        database = search(q='"zanzibar quince" OR hlf')
    indexed = search(q='"zanzibar quince" OR hlf')
    assert (indexed[0].count, indexed[1]) == (database[0].count, database[1])
