"""Factories for the public site's tests: documents with roles, relations and topics."""

import itertools

import pytest

from archive.models import DocumentRelation, Event, Role, RoleKind, Status, Topic

_n = itertools.count(1)


@pytest.fixture
def corpus(make_document, make_person, make_organisation, make_place):
    """Build `size` published documents that all share one person, organisation, place and
    topic, each with roles, relations and events, plus one draft that must never show."""

    def build(size):
        n = next(_n)
        person = make_person(f"Public Person {n}", slug=f"public-person-{n}")
        private = make_person(f"Secret Individual {n}", slug=f"secret-individual-{n}", is_private=True)
        organisation = make_organisation(f"Organisation {n}", slug=f"org-{n}")
        place = make_place(f"Town {n}", slug=f"town-{n}")
        topic = Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}")
        documents = []
        for i in range(size):
            document = make_document(
                title=f"Letter {n}.{i}", slug=f"letter-{n}-{i}", date_edtf=f"{2000 + i % 20}-0{1 + i % 9}",
                place_written=place, kind="letter",
            )
            document.topics.add(topic)
            Role.objects.create(document=document, role=RoleKind.AUTHOR, person=person, name_as_written="P. Person")
            Role.objects.create(document=document, role=RoleKind.RECIPIENT, organisation=organisation)
            Role.objects.create(document=document, role=RoleKind.MENTIONED, person=private, name_as_written=private.name)
            Role.objects.create(document=document, role=RoleKind.MENTIONED, place=place)
            if documents:
                DocumentRelation.objects.create(source=document, kind="reports_on", target=documents[-1])
            event = Event.objects.create(title=f"Event {n}.{i}", slug=f"event-{n}-{i}", date_edtf=f"{2000 + i % 20}")
            event.people.add(person)
            event.organisations.add(organisation)
            event.places.add(place)
            event.sources.add(document)
            documents.append(document)
        draft = make_document(title=f"Unpublished draft {n}", slug=f"draft-{n}", status=Status.DRAFT, date_edtf="2005")
        draft.topics.add(topic)
        Role.objects.create(document=draft, role=RoleKind.AUTHOR, person=person)
        DocumentRelation.objects.create(source=draft, kind="reports_on", target=documents[0])
        return {
            "documents": documents, "person": person, "private": private, "organisation": organisation,
            "place": place, "topic": topic, "draft": draft,
        }

    return build
