"""Shared test fixtures: the curated seed data, curators, and factories for synthetic records."""

import itertools

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from archive.models import Document, Organisation, Person, Place, PublicChange, Status

SEED_FIXTURES = ["fixtures/01_entities.json", "fixtures/02_documents.json", "fixtures/03_links.json"]


def _archive_tables():
    """Every table the seed fixtures fill: the archive's models and their m2m tables (not
    the logs that saves write: history, public changes)."""
    models = [
        m for m in apps.get_app_config("archive").get_models()
        if not m.__name__.startswith("Historical") and m is not PublicChange
    ]
    through = [f.remote_field.through for m in models for f in m._meta.local_many_to_many]
    return models + through


class _Rollback(Exception):
    pass


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """Load the fixtures once through `loaddata` (as `make run` does), keep the rows, undo."""
    rows = {}
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                call_command("loaddata", *SEED_FIXTURES, verbosity=0)
                for model in _archive_tables():
                    columns = [f.attname for f in model._meta.concrete_fields]
                    rows[model] = [dict(zip(columns, values)) for values in model.objects.values_list(*columns)]
                raise _Rollback
        except _Rollback:
            pass
    return rows


@pytest.fixture
def seed(db, seed_rows):
    """The five founding documents, curated.

    Loading the fixtures through `loaddata` takes seconds (every natural key is a query);
    the rows it produced are inserted again in bulk for each test instead. Database
    triggers (the search index) fire as for any insert; Python signals do not.
    """
    for model, model_rows in seed_rows.items():
        model.objects.bulk_create([model(**row) for row in model_rows])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(seed_rows)):
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def fresh_search_columns():
    # Each test's transaction is rolled back, and with it the change log's ids (SQLite), so
    # a process's columns from one test must not be carried into the next.
    from archive.search.columns import forget_columns

    forget_columns()


@pytest.fixture(autouse=True)
def no_ranking_index(settings):
    # The database ranks unless a test builds a ranking index (tests/search/test_ranking_index.py);
    # an index opened by one test is not carried into the next.
    from archive.search import ranking

    settings.SEARCH_RANKING_INDEX = ""
    ranking._opened = ranking._Opened()


@pytest.fixture(autouse=True)
def fresh_cache():
    # The API's rate limits count requests per client address in the cache, and every test
    # client is 127.0.0.1: without this, the suite's requests add up to a 429 in later tests.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Original files stored by a test go to its own folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
        # Records made as they would be loaded from a fixture: published ones were published once.
        if fields["status"] == Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now())
        fields.setdefault("body", f"Paragraph one of document {n}.\n\nParagraph two.")
        return Document.objects.create(**fields)

    return make


def _entity_factory(model, label):
    """make(name=None, aliases=(), **fields): a person, organisation or place with aliases."""

    def make(name=None, aliases=(), **fields):
        n = next(_counter)
        entity = model.objects.create(name=name or f"{label} {n}", slug=fields.pop("slug", f"{label.lower()}-{n}"), **fields)
        for alias in aliases:
            entity.names.create(name=alias)
        return entity

    return make


@pytest.fixture
def make_person(db):
    return _entity_factory(Person, "Person")


@pytest.fixture
def make_organisation(db):
    return _entity_factory(Organisation, "Organisation")


@pytest.fixture
def make_place(db):
    return _entity_factory(Place, "Place")
