"""A record's document sections, its chart and the timeline, listed and counted on the
search columns, page for page equal to their SQL definitions on random data: same-day
documents ordered by title, undated ones last, drafts and private people left out."""

import itertools
import random

import pytest

from archive.models import Document, Event, Role, RoleKind, Status, Topic
from archive.search import columns
from archive.views import listing, selectors

pytestmark = pytest.mark.django_db

TITLES = ["Appeal", "Briefing", "Cable", "appeal", "Zeal", "Élan", "Memo", "Note"]
DATES = ["", "", "1990", "1990-05", "1990-05-01", "1990-05-01", "1991", "1989/1992", "2001-02-03", "2001-02-03"]


@pytest.fixture
def archive_at_random(make_document, make_person, make_organisation, make_place):
    rng = random.Random(16)
    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(2)]
    people = [make_person(is_private=n == 0) for n in range(3)]
    organisations = [make_organisation() for _ in range(2)]
    places = [make_place() for _ in range(2)]
    for n in range(70):
        document = make_document(
            title=f"{rng.choice(TITLES)} {rng.randint(1, 3)}", date_edtf=rng.choice(DATES),
            place_written=rng.choice(places + [None]),
            status=Status.DRAFT if n % 6 == 0 else Status.PUBLISHED,
        )
        document.topics.add(*rng.sample(topics, rng.randint(0, 2)))
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice([RoleKind.AUTHOR, RoleKind.RECIPIENT, RoleKind.PUBLISHER, RoleKind.MENTIONED])
            record = rng.choice(people + organisations + places)
            field = record._meta.model_name
            kind = RoleKind.MENTIONED if field == "place" else kind  # a place is only ever mentioned
            Role.objects.get_or_create(document=document, role=kind, **{field: record})
    for n in range(12):
        event = Event.objects.create(title=rng.choice(TITLES), slug=f"event-{n}", date_edtf=rng.choice(DATES[2:]))
        event.people.add(rng.choice(people))
        event.organisations.add(rng.choice(organisations))
        event.places.add(rng.choice(places))
    return {"person": people, "organisation": organisations, "place": places, "topic": topics}


def pages(listed, size):
    """Every page of `listed` (or of a list `listed()` makes anew for each page, as each
    request does: a list keeps what it walked for the pages after)."""
    make = listed if callable(listed) else lambda: listed
    return [[getattr(row, "pk", row) for row in make()[start:start + size]] for start in range(0, len(make()) + 1, size)]


def sql_pages(queryset, size):
    rows = list(queryset)
    return [[getattr(row, "pk", row) for row in rows[start:start + size]] for start in range(0, len(rows) + 1, size)]


# A small `IN` list limit sends pages with many documents on their days (the undated)
# through the list's own SQL restricted to those days; a walk of one document at a time
# stops the date order at every page's end; records kept as large ones are read from what
# an earlier page kept.
SMALL_LIMITS = pytest.mark.parametrize(("window_ids", "walk_chunk", "large_record"),
                                       [(None, None, None), (2, None, None), (None, 1, None), (2, 1, 1)])


@pytest.fixture
def limits(monkeypatch, window_ids, walk_chunk, large_record):
    if window_ids:
        monkeypatch.setattr(listing, "MAX_WINDOW_IDS", window_ids)
    if walk_chunk:
        monkeypatch.setattr(columns, "WALK_FIRST", walk_chunk)
    if large_record:
        monkeypatch.setattr(selectors, "LARGE_RECORD", large_record)
        monkeypatch.setattr(selectors, "KEPT_RECORDS", 2)


@SMALL_LIMITS
def test_record_sections_and_chart_equal_sql(archive_at_random, limits):
    for entity_field, records in archive_at_random.items():
        if entity_field == "topic":
            continue
        for record in records:
            documents = selectors.RecordDocuments(entity_field, record)
            expected = {}
            if entity_field == "place":
                expected[selectors.WRITTEN] = selectors.documents_written_at(record)
            for role, _label in selectors.ROLE_SECTIONS:
                expected[role] = selectors.documents_in_role(entity_field, record, role)
            expected = {key: queryset for key, queryset in expected.items() if queryset.exists()}
            assert list(documents.sections) == list(expected)
            for key, queryset in expected.items():
                listed = documents.sections[key]
                assert listed.count() == queryset.count()
                def fresh(key=key):
                    return selectors.RecordDocuments(entity_field, record).sections[key]

                for size in (1, 3, 7):
                    assert pages(listed, size) == sql_pages(queryset, size), (entity_field, record, key, size)
                    assert pages(fresh, size) == sql_pages(queryset, size), (entity_field, record, key, size)
            assert documents.per_year == selectors.documents_per_year(selectors.documents_of(entity_field, record))


@SMALL_LIMITS
def test_timeline_equals_its_sql_union(archive_at_random, limits):
    choices = [{}] + [{field: record} for field, records in archive_at_random.items() for record in records
                      if field != "topic"]
    choices.append({"person": archive_at_random["person"][1], "place": archive_at_random["place"][0]})
    for chosen in choices:
        listed = selectors.timeline_items(**chosen)
        expected = selectors.timeline_in_sql(**chosen)
        assert listed.count() == expected.count()
        key = lambda row: (row["item"], row["slug"])  # noqa: E731
        rows = [key(row) for row in expected]
        for size, fresh in itertools.product((1, 4, 9), (False, True)):
            listing_ = (lambda chosen=chosen: selectors.timeline_items(**chosen)) if fresh else listed
            got = [[key(row) for row in page] for page in pages(listing_, size)]
            # Ties of date and title between an event and a document may come either way.
            want = [rows[start:start + size] for start in range(0, len(rows) + 1, size)]
            assert [sorted(page) for page in got] == [sorted(page) for page in want], (chosen, size, fresh)
            assert [r for page in got for r in page if r[0] == "document"] == [r for r in rows if r[0] == "document"]


@SMALL_LIMITS
def test_topic_lists_equal_sql(archive_at_random, limits):
    for topic in archive_at_random["topic"]:
        listed = selectors.topic_documents(topic)
        expected = selectors.documents_with_topic(topic)
        assert listed.count() == expected.count() > 0
        for size in (1, 3, 7):
            assert pages(listed, size) == sql_pages(expected, size), (topic, size)
            assert pages(lambda topic=topic: selectors.topic_documents(topic), size) == sql_pages(expected, size)


def test_a_large_record_kept_with_its_columns_follows_every_write(archive_at_random, monkeypatch):
    monkeypatch.setattr(selectors, "LARGE_RECORD", 1)
    record = archive_at_random["organisation"][0]

    def counts():
        documents = selectors.RecordDocuments("organisation", record)
        return {key: listed.count() for key, listed in documents.sections.items()}, documents.per_year

    def in_sql():
        expected = {role: selectors.documents_in_role("organisation", record, role).count()
                    for role, _label in selectors.ROLE_SECTIONS}
        years = selectors.documents_per_year(selectors.documents_of("organisation", record))
        return {key: n for key, n in expected.items() if n}, years

    assert counts() == counts() == in_sql()
    linked = Role.objects.filter(organisation=record, document__status=Status.PUBLISHED).first().document
    linked.status = Status.DRAFT
    linked.save()
    assert counts() == in_sql()
    Role.objects.create(document=Document.objects.filter(status=Status.PUBLISHED).exclude(roles__organisation=record).first(),
                        role=RoleKind.MENTIONED, organisation=record)
    assert counts() == in_sql()
