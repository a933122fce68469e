"""Public metadata tells only public facts: a curator's work on drafts leaves the public
responses' `Last-Modified` and `ETag` as they were; public changes move them."""

import datetime

import pytest
from django.db.models import F

from archive import publishing
from archive.models import Document, Event, PublicChange, RoleKind

pytestmark = pytest.mark.django_db

PUBLIC_SURFACES = ["/api/documents/", "/api/topics/", "/documents/feed/", "/sitemap.xml", "/sitemap-documents.xml"]


def validators(client) -> dict:
    found = {}
    for path in PUBLIC_SURFACES:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = (response.get("ETag"), response["Last-Modified"])
    return found


@pytest.fixture
def settled(archive):
    """The archive's public content last changed an hour ago, so a change now shows in a
    Last-Modified counted in whole seconds."""
    PublicChange.objects.update(changed_at=F("changed_at") - datetime.timedelta(hours=1))
    return archive


def test_editing_a_draft_its_roles_and_events_leaves_public_validators_alone(api, settled, token_client):
    draft, author, topic = settled["draft"], settled["author"], settled["topic"]
    before = validators(api)

    assert token_client.patch("/api/documents/draft-memo/", {"title": "Draft memo, revised"}, format="json").status_code == 200
    draft.refresh_from_db()
    draft.body = "A new paragraph nobody may read yet."
    draft.save()
    role = draft.roles.create(role=RoleKind.RECIPIENT, person=author)
    role.note = "moved"
    role.save()
    draft.roles.filter(role=RoleKind.AUTHOR).delete()
    draft.topics.add(topic)
    topic.documents.remove(draft)
    event = Event.objects.create(title="A meeting in the draft", slug="meeting", date_edtf="2011-03")
    event.sources.add(draft)
    event.people.add(author)
    event.title = "A meeting, as the draft now says"
    event.save()
    event.delete()
    draft.delete()

    assert validators(api) == before


def _publish_draft(archive):
    publishing.publish(document=archive["draft"])


def _unpublish_letter(archive):
    publishing.unpublish(document=archive["letter"])


def _delete_a_published_document(archive):
    archive["report"].delete()


def _edit_a_published_document(archive):
    letter = archive["letter"]
    letter.title = "Open letter, corrected"
    letter.save()


@pytest.mark.parametrize(
    "change", [_publish_draft, _unpublish_letter, _delete_a_published_document, _edit_a_published_document],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_public_change_moves_every_public_last_modified(api, settled, change):
    before = validators(api)
    change(settled)
    after = validators(api)
    for path in PUBLIC_SURFACES:
        assert after[path][1] != before[path][1], path
    assert after["/api/documents/"][0] != before["/api/documents/"][0]


def test_editing_a_published_document_through_the_api_moves_last_modified(api, settled, token_client):
    before = api.get("/api/documents/")
    response = token_client.patch("/api/documents/open-letter/", {"title": "Open letter (2010)"}, format="json")
    assert response.status_code == 200
    after = api.get("/api/documents/")
    assert after["Last-Modified"] != before["Last-Modified"] and after["ETag"] != before["ETag"]


def test_curators_last_modified_still_follows_their_drafts(api, settled, token_client):
    # A draft edited later than any public change (a raw update, as a bulk edit would).
    Document.objects.filter(pk=settled["draft"].pk).update(updated_at=F("updated_at") + datetime.timedelta(days=2))
    assert token_client.get("/api/documents/")["Last-Modified"] != api.get("/api/documents/")["Last-Modified"]
