"""The in-memory document columns against the database: the same documents, counts, facets
and order as SQL computes, and every kind of write seen by the next search."""

import random
from collections import Counter

import numpy as np
import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.dates import parse_bounds
from archive.models import Document, Person, Role, RoleKind, Status, Topic
from archive.filters import parse_document_filters as parse_search_params
from archive.models.visibility import PUBLIC
from archive.search import columns as columns_module
from archive.search import engine, reads
from archive.search.columns import DocumentColumns, EntityColumn
from archive.search.engine import apply_filters, filter_documents, search_documents

pytestmark = pytest.mark.django_db

KINDS = ["letter", "cable", "report", "statement"]
LANGUAGES = ["en", "fa", "ar"]
DATES = ["1990", "1990-05", "1990-05-17", "1991/1993", "1979/", "/1985", "", "1992-11?", "2001-01~"]
WORDS = ["water", "supply", "camp", "letter", "harvest", "convoy", "report"]


@pytest.fixture
def archive(make_document, make_person, make_organisation, make_place):
    """Sixty documents with every kind of date, drafts, private people, shared roles."""
    rng = random.Random(7)
    people = [make_person(slug=f"p{n}", is_private=n == 0) for n in range(5)]
    organisations = [make_organisation(slug=f"o{n}") for n in range(3)]
    places = [make_place(slug=f"pl{n}") for n in range(3)]
    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"t{n}") for n in range(3)]
    for n in range(60):
        date = rng.choice(DATES)
        bounds = parse_bounds(date)
        document = make_document(
            slug=f"d{n}", kind=rng.choice(KINDS), language=rng.choice(LANGUAGES), date_edtf=date,
            date_lower=bounds.lower, date_upper=bounds.upper,
            status=Status.DRAFT if n % 9 == 0 else Status.PUBLISHED,
            title=" ".join(rng.choices(WORDS, k=4)), body=" ".join(rng.choices(WORDS, k=40)),
            place_written=rng.choice([None, *places]),
        )
        author = rng.choice(people)
        Role.objects.create(document=document, role=RoleKind.AUTHOR, person=author)
        if rng.random() < 0.5:  # the same person twice in one document counts once
            Role.objects.create(document=document, role=RoleKind.MENTIONED, person=author, order=1)
        Role.objects.create(document=document, role=RoleKind.PUBLISHER, organisation=rng.choice(organisations))
        if rng.random() < 0.4:
            Role.objects.create(document=document, role=RoleKind.MENTIONED, place=rng.choice(places), order=2)
        document.topics.set(rng.sample(topics, rng.randint(0, 2)))
    return {"people": people, "topics": topics, "places": places}


def every_hit(data) -> list[str]:
    params = parse_search_params({**data, "page_size": "100"})
    return [hit.document.slug for hit in search_documents(params).hits]


def expected_facets(documents) -> dict[str, Counter]:
    """Facet counts computed the slow, obvious way from the ORM."""
    ids = [d.pk for d in documents]
    facets = {
        "kind": Counter(d.kind for d in documents),
        "language": Counter(d.language for d in documents),
        # By the year the date states: "1992-11?" is 1992 though its bounds reach 1991.
        "year": Counter(str(d.date_stated.year) for d in documents if d.date_stated),
        "topic": Counter(slug for d in documents for slug in d.topics.values_list("slug", flat=True)),
        "person": Counter(),
        "organisation": Counter(),
        "place": Counter(),
    }
    public = set(Person.objects.public().values_list("pk", flat=True))
    for document in Document.objects.filter(pk__in=ids).prefetch_related("roles__person", "roles__organisation", "roles__place"):
        roles = list(document.roles.all())
        facets["person"].update({r.person.slug for r in roles if r.person_id in public})
        facets["organisation"].update({r.organisation.slug for r in roles if r.organisation_id})
        places = {r.place.slug for r in roles if r.place_id}
        if document.place_written_id:
            places.add(document.place_written.slug)
        facets["place"].update(places)
    return facets


filters = st.fixed_dictionaries({}, optional={
    "kind": st.lists(st.sampled_from(KINDS), min_size=1, max_size=2).map(",".join),
    "language": st.sampled_from(LANGUAGES),
    "topic": st.sampled_from(["t0", "t1", "t2", "t-none"]),
    "person": st.sampled_from(["p0", "p1", "p2", "p3"]),  # p0 is private
    "organisation": st.sampled_from(["o0", "o1", "o2"]),
    "place": st.sampled_from(["pl0", "pl1", "pl2"]),
    "date_from": st.sampled_from(["1980", "1990-05", "1991", "1995"]),
    "date_to": st.sampled_from(["1985", "1990-05-16", "1992", "2005"]),
    "year": st.sampled_from(["1979", "1985", "1990", "1991", "1992", "2001", "1600"]),
    "q": st.sampled_from(["water", "camp OR convoy", "harvest -report", '"water supply"']),
    "sort": st.sampled_from(["date", "-date", "relevance"]),
    "role": st.sampled_from(["author", "mentioned", "publisher"]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=filters)
def test_same_documents_counts_and_facets_as_the_database(archive, data):
    if data.get("date_from", "0") > data.get("date_to", "9"):
        data.pop("date_to")
    if "role" in data and not ("person" in data or "organisation" in data):
        data.pop("role")
    params = parse_search_params(data)
    visible = Document.objects.visible_to(PUBLIC)
    expected = apply_filters(visible, params)
    if params.q:
        expected = filter_documents(visible, params)
    expected = list(expected)
    result = search_documents(parse_search_params({**data, "page_size": "100"}))
    assert result.count == len(expected)
    assert {hit.document.slug for hit in result.hits} == {d.slug for d in expected}
    if params.q and params.effective_sort == "relevance":
        # The SQL path ranks with the same formula: the same order, ties broken alike.
        assert [hit.document.slug for hit in result.hits] == [d.slug for d in expected]
    facets = expected_facets(expected)
    for name, counts in facets.items():
        got = {bucket.value: bucket.count for bucket in result.facets[name]}
        # At most 5 records of each kind here, so the top-15 cut never applies.
        assert got == dict(counts), name
    assert "p0" not in {bucket.value for bucket in result.facets["person"]}


@pytest.mark.parametrize("walk_first", [None, 1, 3])
def test_date_order_puts_undated_documents_last_both_ways(archive, monkeypatch, walk_first):
    if walk_first:  # the date order walked a few documents at a time
        monkeypatch.setattr(columns_module, "WALK_FIRST", walk_first)
    ascending, descending = every_hit({"sort": "date"}), every_hit({"sort": "-date"})
    documents = {d.slug: d for d in Document.objects.published()}
    dated = [d for d in documents.values() if d.date_stated]
    assert ascending[: len(dated)] == [d.slug for d in sorted(dated, key=lambda d: (d.date_stated, d.pk))]
    assert descending[: len(dated)] == [d.slug for d in sorted(dated, key=lambda d: (d.date_stated, d.pk), reverse=True)]
    undated = sorted((d for d in documents.values() if not d.date_stated), key=lambda d: d.pk)
    assert ascending[len(dated):] == [d.slug for d in undated]
    assert descending[len(dated):] == [d.slug for d in reversed(undated)]


@pytest.mark.parametrize("rank_only_selected", [0, 5_000])
def test_relevance_pages_are_right_whichever_way_they_are_ranked(archive, monkeypatch, rank_only_selected):
    """With a narrow filter, only its documents are ranked; with the threshold at 0, the best
    matches overall are ranked and too few pass the filter, so every match is ranked."""
    monkeypatch.setattr(engine, "RANK_ONLY_SELECTED", rank_only_selected)
    for data in ({"q": "water", "kind": "cable"}, {"q": "water"}, {"q": "water OR camp", "person": "p2"}):
        params = parse_search_params(data)
        expected = [d.slug for d in filter_documents(Document.objects.visible_to(PUBLIC), params)]
        pages = []
        for page in (1, 2, 3):
            pages += [hit.document.slug for hit in search_documents(parse_search_params({**data, "page_size": "4", "page": str(page)})).hits]
        assert pages == expected[:12]


def facet(name, **data):
    return {b.value: b.count for b in search_documents(parse_search_params(data)).facets[name]}


def test_every_kind_of_write_is_seen_by_the_next_search(archive):
    document = Document.objects.published().order_by("pk").first()
    total = search_documents(parse_search_params({})).count

    Document.objects.filter(pk=document.pk).update(status=Status.DRAFT)
    assert search_documents(parse_search_params({})).count == total - 1
    Document.objects.filter(pk=document.pk).update(status=Status.PUBLISHED, kind="speech")
    assert facet("kind").get("speech") == 1

    topic = Topic.objects.create(name="Fresh topic", slug="fresh")
    document.topics.add(topic)
    assert facet("topic")["fresh"] == 1
    Topic.objects.filter(pk=topic.pk).update(name="Renamed topic")
    assert [b.label for b in search_documents(parse_search_params({"topic": "fresh"})).facets["topic"]
            if b.value == "fresh"] == ["Renamed topic"]
    document.topics.remove(topic)
    assert "fresh" not in facet("topic")

    person = archive["people"][1]
    before = facet("person").get(person.slug, 0)
    Role.objects.create(document=Document.objects.published().exclude(roles__person=person).first(),
                        role=RoleKind.RECIPIENT, person=person)
    assert facet("person")[person.slug] == before + 1
    Person.objects.filter(pk=person.pk).update(is_private=True)
    assert person.slug not in facet("person")
    assert search_documents(parse_search_params({"person": person.slug})).count == 0

    document.delete()
    assert search_documents(parse_search_params({})).count == total - 1


def test_a_year_counts_and_lists_documents_by_the_date_they_state(archive):
    """The year facet's count for a year is what `?year=` lists, in memory and in SQL; an
    approximate or uncertain date counts under the year it names, not its widened bounds."""
    result = search_documents(parse_search_params({"page_size": "100"}))
    years = {bucket.value: bucket.count for bucket in result.facets["year"]}
    assert "1991" in years and "2001" in years
    for year, count in years.items():
        listed = search_documents(parse_search_params({"year": year, "page_size": "100"}))
        in_sql = apply_filters(Document.objects.visible_to(PUBLIC), parse_search_params({"year": year}))
        assert listed.count == in_sql.count() == count, year
    # "2001-01~" reaches back into 2000 by its bounds, but is counted under 2001 only.
    assert "2000" not in years
    assert all(d.date_stated.year == 2001 for d in apply_filters(Document.objects.visible_to(PUBLIC), parse_search_params({"year": "2001"})))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=filters, page_size=st.sampled_from([1, 7, 100]))
def test_document_api_list_pages_equal_the_sql_list(archive, client, monkeypatch, data, page_size):
    """A reader's `/api/documents/` without words is counted and paged on the columns: every
    page holds the documents, in the order, of the SQL list (`filter_documents`), the date
    order walked two documents at a time."""
    monkeypatch.setattr(columns_module, "WALK_FIRST", 2)
    cache.clear()  # each example below the API's rate limit, as each test is (conftest)
    data.pop("q", None)
    if data.get("sort") == "relevance":
        data.pop("sort")
    if data.get("date_from", "0") > data.get("date_to", "9"):
        data.pop("date_to")
    if "role" in data and not ("person" in data or "organisation" in data):
        data.pop("role")
    expected = [d.slug for d in filter_documents(Document.objects.visible_to(PUBLIC), parse_search_params(data))]
    got, page, count = [], 1, None
    while True:
        body = client.get("/api/documents/", {**data, "page_size": page_size, "page": page}).json()
        count = body["count"]
        got += [row["slug"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert count == len(expected)
    assert got == expected


@pytest.mark.parametrize("page_rows", [1, 7])
def test_columns_read_in_pages_are_the_columns_read_at_once(archive, monkeypatch, page_rows):
    """The columns are read a page of rows at a time: pages small enough that every kind,
    language and role is spread over several of them give the same columns as one page."""
    at_once = DocumentColumns()
    monkeypatch.setattr(reads, "PAGE_ROWS", page_rows)
    paged = DocumentColumns()
    assert_same_columns(paged, at_once)
    assert paged.stated_dates(paged.live).tolist() == [
        d.date_stated for d in Document.objects.visible_to(PUBLIC).order_by("pk")]


def assert_same_columns(a, b):
    assert vars(a).keys() == vars(b).keys()
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, EntityColumn):
            for field, array in vars(value).items():
                assert np.array_equal(array, getattr(other, field)) if isinstance(array, np.ndarray) else (
                    array == getattr(other, field)), (name, field)
        elif isinstance(value, np.ndarray):
            assert value.dtype == other.dtype and np.array_equal(value, other), name
        else:
            assert value == other, name
