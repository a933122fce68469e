"""Shared test fixtures: the curated seed data, curators, and factories for synthetic records."""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from archive.models import Document, Organisation, Person, Place, Status

SEED_FIXTURES = ["fixtures/01_entities.json", "fixtures/02_documents.json", "fixtures/03_links.json"]


@pytest.fixture
def seed(db):
    """The five founding documents, curated, loaded exactly as `make run` loads them."""
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


@pytest.fixture
def curator(db):
    user = User.objects.create_user("curator", "curator@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


_counter = itertools.count(1)


@pytest.fixture
def make_document(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("title", f"Document {n}")
        fields.setdefault("slug", f"document-{n}")
        fields.setdefault("status", Status.PUBLISHED)
        fields.setdefault("body", f"Paragraph one of document {n}.\n\nParagraph two.")
        return Document.objects.create(**fields)

    return make


@pytest.fixture
def make_person(db):
    def make(name=None, aliases=(), **fields):
        n = next(_counter)
        person = Person.objects.create(name=name or f"Person {n}", slug=fields.pop("slug", f"person-{n}"), **fields)
        for alias in aliases:
            person.names.create(name=alias)
        return person

    return make


@pytest.fixture
def make_organisation(db):
    def make(name=None, aliases=(), **fields):
        n = next(_counter)
        org = Organisation.objects.create(name=name or f"Organisation {n}", slug=fields.pop("slug", f"organisation-{n}"), **fields)
        for alias in aliases:
            org.names.create(name=alias)
        return org

    return make


@pytest.fixture
def make_place(db):
    def make(name=None, aliases=(), **fields):
        n = next(_counter)
        place = Place.objects.create(name=name or f"Place {n}", slug=fields.pop("slug", f"place-{n}"), **fields)
        for alias in aliases:
            place.names.create(name=alias)
        return place

    return make
