"""The document page's related documents: those sharing the most public people,
organisations and topics (counted on the in-memory columns), the latest first among equals."""

import random

import pytest

from archive.models import Document, Person, Role, RoleKind, Status, Topic
from archive.views.selectors import related_documents

pytestmark = pytest.mark.django_db


def shared_counts(document):
    """The definition, counted the obvious way: how many public people, organisations and
    topics each other published document shares with `document`."""
    public = set(Person.objects.public().values_list("pk", flat=True))

    def records(d):
        roles = list(d.roles.all())
        return ({("p", r.person_id) for r in roles if r.person_id in public}
                | {("o", r.organisation_id) for r in roles if r.organisation_id}
                | {("t", t.pk) for t in d.topics.all()})

    own = records(document)
    counts = {}
    for other in Document.objects.published().exclude(pk=document.pk).prefetch_related("roles", "topics"):
        if n := len(own & records(other)):
            counts[other.pk] = n
    return counts


def test_related_documents_share_the_most_records(make_document, make_person, make_organisation):
    rng = random.Random(5)
    people = [make_person(is_private=n == 0) for n in range(4)]
    organisations = [make_organisation() for _ in range(3)]
    topics = [Topic.objects.create(name=f"T{n}", slug=f"t{n}") for n in range(3)]
    documents = []
    for n in range(40):
        year = rng.choice([None, 1990, 1991, 1992])
        document = make_document(date_edtf=str(year) if year else "",
                                 status=Status.DRAFT if n % 7 == 0 else Status.PUBLISHED)
        for person in rng.sample(people, 2):
            Role.objects.create(document=document, role=RoleKind.AUTHOR, person=person)
        Role.objects.create(document=document, role=RoleKind.PUBLISHER, organisation=rng.choice(organisations))
        document.topics.set(rng.sample(topics, rng.randint(0, 2)))
        documents.append(document)
    for document in Document.objects.published().prefetch_related("roles__person", "topics"):
        got = related_documents(document)
        counts = shared_counts(document)
        assert len(got) == min(6, len(counts))
        # No draft, not itself, and nobody sharing more left out.
        assert all(d.status == Status.PUBLISHED and d.pk != document.pk for d in got)
        shown = [counts[d.pk] for d in got]
        assert shown == sorted(shown, reverse=True)
        if got:
            assert max([c for pk, c in counts.items() if pk not in {d.pk for d in got}], default=0) <= shown[-1]
        # Among equal counts, the latest first.
        for a, b in zip(got, got[1:]):
            if counts[a.pk] == counts[b.pk] and a.date_lower and b.date_lower:
                assert a.date_lower >= b.date_lower


def test_archive_wide_counts_from_the_columns_match_sql(make_document):
    """The home page's and the topic list's counts, against the plain SQL definitions."""
    from django.db.models import Count, Max, Min, Q

    from archive.views import selectors

    topics = [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]
    rng = random.Random(9)
    for n in range(30):
        date = rng.choice(["", "1990", "1991-05", "1989/1992", "2001-02-03"])
        document = make_document(kind=rng.choice(["letter", "cable", "report"]), date_edtf=date,
                                 status=Status.DRAFT if n % 4 == 0 else Status.PUBLISHED)
        document.topics.set(rng.sample(topics, rng.randint(0, 2)))
    published = Document.objects.published()
    overview = selectors.overview()
    by_kind = {row["kind"]: row["n"] for row in published.values("kind").annotate(n=Count("pk"))}
    assert {kind: n for kind, _label, n in overview.by_kind} == by_kind
    assert overview.total == published.count()
    span = published.aggregate(earliest=Min("date_lower"), latest=Max("date_upper"))
    assert (overview.earliest, overview.latest) == (span["earliest"], span["latest"])
    assert selectors.published_per_year() == selectors.documents_per_year(published)
    expected = Topic.objects.annotate(n=Count("documents", filter=Q(documents__in=published))).order_by("name")
    assert [(t.slug, t.n) for t in selectors.topics_with_counts()] == [(t.slug, t.n) for t in expected]
