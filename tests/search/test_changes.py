"""The columns follow the change log: a write to a document, a role or a topic link is
applied to the columns of every process without reloading them, and gives the same
columns a full reload would."""

import random

import pytest

from archive.dates import parse_bounds
from archive.models import Document, Person, Role, RoleKind, Status, Topic
from archive.search import columns as columns_module
from archive.filters import parse_document_filters as parse_search_params
from archive.search.engine import search_documents
from archive.search.index import deferred_indexing
from archive.search.columns import DocumentColumns
from archive.search.models import DocumentChange, SearchState

from .test_columns import KINDS, archive  # noqa: F401  (the shared sixty-document fixture)

pytestmark = pytest.mark.django_db

PARAMS = [{}, {"kind": "cable"}, {"person": "p2"}, {"topic": "t1"}, {"place": "pl1"}, {"organisation": "o0"},
          {"date_from": "1990", "date_to": "1992"}, {"language": "fa", "topic": "t0"}, {"year": "1991"},
          {"year": "1992", "kind": "cable"}]


def cache():
    return columns_module._columns


def search(**data):
    return search_documents(parse_search_params({**data, "page_size": "100"}))


def assert_same_as_a_full_reload():
    """The columns the searches use now, against columns read afresh from the database."""
    current, fresh = cache()._columns, DocumentColumns()
    assert current.ids[current.live].tolist() == fresh.ids[fresh.live].tolist()
    # Where each document was written (record pages' "Written here"), by id.
    assert dict(zip(current.ids[current.exists].tolist(), current.place_written[current.exists].tolist(), strict=True)) == (
        dict(zip(fresh.ids.tolist(), fresh.place_written.tolist(), strict=True)))
    for data in PARAMS:
        params = parse_search_params(data)
        a, b = current.select(params), fresh.select(params)
        assert current.ids[a].tolist() == fresh.ids[b].tolist(), data
        assert current.facets(a) == fresh.facets(b), data
        for descending in (False, True):
            assert (current.ids[current.by_date(a, descending=descending, start=0, stop=100)].tolist()
                    == fresh.ids[fresh.by_date(b, descending=descending, start=0, stop=100)].tolist()), data


def test_document_role_and_topic_writes_are_applied_without_a_reload(archive, make_document):  # noqa: F811
    search()
    assert cache().full_reloads == 1
    rng = random.Random(3)
    documents = list(Document.objects.order_by("pk"))
    topics = list(Topic.objects.all())
    people, places = archive["people"], archive["places"]
    for step in range(30):
        document = rng.choice(documents)
        action = step % 8
        if action == 0:
            bounds = parse_bounds("1991-04")
            new = make_document(slug=f"new{step}", kind=rng.choice(KINDS), language="en", date_edtf="1991-04",
                                date_lower=bounds.lower, date_upper=bounds.upper, place_written=rng.choice(places))
            new.topics.add(rng.choice(topics))
            Role.objects.create(document=new, role=RoleKind.AUTHOR, person=rng.choice(people))
            documents.append(new)
        elif action == 1:
            # Approximate dates too: their year and place in date order are the stated ones,
            # not those of the widened bounds.
            date = rng.choice(["1990", "1992-02-03", "", "1991/1993", "1992-01~", "1991?"])
            bounds = parse_bounds(date)
            Document.objects.filter(pk=document.pk).update(
                kind=rng.choice(KINDS), date_edtf=date, date_lower=bounds.lower, date_upper=bounds.upper,
                date_stated=bounds.stated)
        elif action == 2:
            Document.objects.filter(pk=document.pk).update(status=Status.DRAFT)
        elif action == 3:
            Document.objects.filter(pk=document.pk).update(status=Status.PUBLISHED)
        elif action == 4:
            document.topics.set(rng.sample(topics, rng.randint(0, 2)))
        elif action == 5:
            Role.objects.filter(document=document).exclude(role=RoleKind.AUTHOR).delete()
            Role.objects.create(document=document, role=RoleKind.MENTIONED, place=rng.choice(places), order=5)
        elif action == 6:
            Role.objects.filter(document=document, role=RoleKind.AUTHOR).update(person=rng.choice(people))
        elif action == 7 and len(documents) > 40:
            documents.remove(document)
            document.delete()
        search(q="water")  # every search brings the columns up to date
        assert_same_as_a_full_reload()
    assert cache().full_reloads == 1
    assert cache().changes_applied >= 25


def test_a_write_is_seen_by_the_next_search_without_a_reload(archive):  # noqa: F811
    draft = Document.objects.filter(status=Status.DRAFT).first()
    total = search().count
    Document.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    assert search().count == total + 1
    assert draft.slug in {hit.document.slug for hit in search(kind=draft.kind).hits}
    assert cache().full_reloads == 1


def test_record_writes_are_applied_without_a_reload(archive, make_person):  # noqa: F811
    search()
    Topic.objects.filter(slug="t0").update(name="Renamed")
    assert "Renamed" in {bucket.label for bucket in search().facets["topic"]}
    assert_same_as_a_full_reload()

    # Made private: out of every facet and filter, and back when public again.
    person = archive["people"][2]
    linked = search(person="p2").count
    assert linked
    Person.objects.filter(pk=person.pk).update(is_private=True)
    assert search(person="p2").count == 0
    assert "p2" not in {bucket.value for bucket in search().facets["person"]}
    assert_same_as_a_full_reload()
    Person.objects.filter(pk=person.pk).update(is_private=False, slug="p2-renamed")
    assert search(person="p2-renamed").count == linked
    assert_same_as_a_full_reload()

    # A new person linked in the same breath, and a person deleted with their roles.
    newcomer = make_person("Newly Added", slug="newcomer")
    document = Document.objects.published().order_by("pk").first()
    Role.objects.create(document=document, role=RoleKind.MENTIONED, person=newcomer, order=9)
    assert search(person="newcomer").count == 1
    archive["people"][3].delete()
    assert search(person="p3").count == 0
    assert_same_as_a_full_reload()
    assert cache().full_reloads == 1
    assert cache().records_read >= 4


def test_a_bulk_load_or_a_log_pruned_past_the_columns_reloads_in_full(archive):  # noqa: F811
    search()
    with deferred_indexing():
        Document.objects.filter(slug="d1").update(title="Loaded")
    search()
    assert cache().full_reloads == 2
    for _ in range(200):  # past the 10,000 rows the log keeps, with no search in between
        Document.objects.update(title="Again")
    search()
    assert cache().full_reloads == 3
    assert_same_as_a_full_reload()


def test_a_value_the_columns_do_not_know_reloads_in_full(archive):  # noqa: F811
    search()
    document = Document.objects.published().first()
    Document.objects.filter(pk=document.pk).update(kind="speech")  # no document was a speech
    assert {bucket.value: bucket.count for bucket in search().facets["kind"]}["speech"] == 1
    assert cache().full_reloads == 2


def test_a_search_checks_for_changes_in_its_one_state_query(archive, django_assert_num_queries):  # noqa: F811
    search()
    with django_assert_num_queries(2):  # the state (tokens and last change), the page's documents
        search(kind="cable")


def test_the_log_keeps_its_last_rows_and_then_asks_for_a_full_reload(archive):  # noqa: F811
    token = SearchState.objects.get().documents_token
    for _ in range(200):  # 60 documents a statement, one row each
        Document.objects.update(title="Again")
    assert DocumentChange.objects.count() <= 11_000
    assert SearchState.objects.get().documents_token != token
    search()
    assert_same_as_a_full_reload()


def _arrays(columns: DocumentColumns) -> dict[str, list]:
    """Every array of `columns`, copied out as lists."""
    arrays = {name: value.tolist() for name, value in vars(columns).items() if hasattr(value, "tolist")}
    for name in ("person", "organisation", "place", "topic"):
        column = getattr(columns, name)
        arrays |= {f"{name}.{field}": getattr(column, field).tolist()
                   for field in ("pair_document", "pair_entity", "pair_start", "pair_roles")}
    return arrays


def test_applying_changes_leaves_the_columns_a_running_search_holds_as_they_were(archive, make_document):  # noqa: F811
    search()
    before = cache()._columns
    snapshot = _arrays(before)
    document = Document.objects.published().order_by("pk").first()
    bounds = parse_bounds("1993-05")
    Document.objects.filter(pk=document.pk).update(status=Status.DRAFT, date_edtf="1993-05", date_lower=bounds.lower,
                                                   date_upper=bounds.upper, date_stated=bounds.stated)
    Role.objects.filter(document=document).delete()
    document.topics.clear()
    make_document(slug="appended", kind="cable", language="en")
    search()
    assert cache()._columns is not before
    assert cache().full_reloads == 1
    assert _arrays(before) == snapshot
    assert_same_as_a_full_reload()


def test_publishing_a_document_copies_only_what_changed(archive):  # noqa: F811
    search()
    before = cache()._columns
    draft = Document.objects.filter(status=Status.DRAFT).order_by("pk").first()
    Document.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    search()
    after = cache()._columns
    assert after.live is not before.live
    shared = ("ids", "kind", "language", "stated", "year", "kind_language_year", "date_ascending", "descending_keys")
    assert all(getattr(after, name) is getattr(before, name) for name in shared)
    assert all(getattr(after, name) is getattr(before, name) for name in ("person", "organisation", "place", "topic"))
    assert_same_as_a_full_reload()

    # A new topic link copies the topic column's pairs, and only them.
    draft.topics.add(Topic.objects.exclude(pk__in=draft.topics.values("pk")).first())
    search()
    assert cache()._columns.topic is not after.topic and cache()._columns.person is after.person
    assert_same_as_a_full_reload()


def _logged_after(last: int) -> set[int]:
    return set(DocumentChange.objects.filter(id__gt=last).values_list("document_id", flat=True))


def _linked_to(**record) -> set[int]:
    return set(Role.objects.filter(**record).values_list("document_id", flat=True))


def test_a_change_to_the_names_a_document_is_found_by_is_logged_for_that_document(archive):  # noqa: F811
    person, place = archive["people"][1], archive["places"][0]
    people = Person.objects.filter(pk=person.pk)
    linked = _linked_to(person=person)
    written_at = set(Document.objects.filter(place_written=place).values_list("pk", flat=True))

    def logged(write) -> set[int]:
        last = DocumentChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        write()
        return _logged_after(last)

    assert logged(lambda: person.names.create(name="Quorn Tahiri")) == linked
    assert logged(lambda: person.names.filter(name="Quorn Tahiri").update(name="Quorn Tahir")) == linked
    assert logged(lambda: people.update(name="Renamed")) == linked
    assert logged(lambda: people.update(is_private=True)) == linked
    # A place's names are found in the documents it is linked to and those written there.
    assert logged(lambda: place.names.create(name="Juniper")) == _linked_to(place=place) | written_at
    assert logged(lambda: person.names.all().delete()) == set()  # private: its names were not indexed
    # Writes that leave every document's names as they were log nothing.
    assert logged(lambda: people.update(name="Renamed")) == set()
    assert logged(lambda: Topic.objects.filter(slug="t0").update(name="Renamed topic")) == set()


def test_the_prune_records_how_far_it_dropped_the_log(archive):  # noqa: F811
    assert SearchState.objects.get().pruned_through == 0
    for _ in range(200):
        Document.objects.update(title="Again")
    state = SearchState.objects.get()
    first = DocumentChange.objects.order_by("id").values_list("id", flat=True).first()
    assert 0 < state.pruned_through < first
    assert not DocumentChange.objects.filter(id__lte=state.pruned_through).exists()
