"""API test fixtures: clients for each kind of caller, and a small archive built from factories."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from archive.models import RoleKind, Status, Topic


@pytest.fixture(autouse=True)
def api_test_settings(settings):
    # Tests make many anonymous requests from one address; the throttle test sets its own rate.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_client(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


@pytest.fixture
def archive(make_document, make_person, make_organisation, make_place):
    """A published letter with three recipients, a private person mentioned, and a draft."""
    paris = make_place("Paris", slug="paris", kind="city")
    author = make_person("Ann Author", slug="ann-author", aliases=["A. Author"])
    recipients = [make_person(f"Recipient {n}", slug=f"recipient-{n}") for n in (1, 2, 3)]
    private = make_person("Hidden Person", slug="hidden-person", is_private=True)
    org = make_organisation("Example Org", slug="example-org", aliases=["EXO"], kind="ngo")
    topic = Topic.objects.create(name="Camps", slug="camps")
    letter = make_document(
        title="Open letter", slug="open-letter", kind="open_letter", date_edtf="2010-01-08",
        place_written=paris, summary="A letter.",
    )
    letter.topics.add(topic)
    letter.roles.create(role=RoleKind.AUTHOR, person=author, name_as_written="Ann A.")
    for order, person in enumerate(reversed(recipients)):
        # Created in reverse so that the order field, not insertion, decides the listing.
        letter.roles.create(role=RoleKind.RECIPIENT, person=person, order=2 - order)
    letter.roles.create(role=RoleKind.MENTIONED, person=private, name_as_written="Hidden P.", note="named in para 2")
    letter.roles.create(role=RoleKind.PUBLISHER, organisation=org)
    report = make_document(title="News post", slug="news-post", kind="article", date_edtf="2010-02")
    report.relations_out.create(kind="reports_on", target=letter)
    draft = make_document(title="Draft memo", slug="draft-memo", status=Status.DRAFT, date_edtf="2011")
    draft.relations_out.create(kind="quotes", target=letter)
    draft.roles.create(role=RoleKind.AUTHOR, person=author)
    return {
        "letter": letter, "report": report, "draft": draft, "author": author, "recipients": recipients,
        "private": private, "org": org, "topic": topic, "paris": paris,
    }
