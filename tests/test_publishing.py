"""Publishing is one service: every surface that can publish refuses the same undecided
draft with the same reason, and stamps the same fields when it publishes."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from archive import publishing, versions
from archive.curation.models import Decision, Suggestion
from archive.models import Document, Status

REASON = "1 import suggestion is still undecided"


@pytest.fixture
def api_client(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


@dataclass
class Callers:
    admin: object  # the test client, logged in as the curator
    api: APIClient
    tmp_path: Path


@pytest.fixture
def callers(curator_client, api_client, tmp_path):
    return Callers(curator_client, api_client, tmp_path)


def with_undecided_suggestion(document):
    Suggestion.objects.create(document=document, field="title", value="A guessed title")
    return document


def _change_form_data(document, status):
    return {
        # The version of the document the form was opened on, as the page carries it.
        "record_version": str(versions.latest_version(document)),
        "title": document.title, "slug": document.slug, "kind": document.kind, "status": status,
        "language": document.language, "body": document.body,
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "relations_out-TOTAL_FORMS": "0", "relations_out-INITIAL_FORMS": "0",
        "relations_in-TOTAL_FORMS": "0", "relations_in-INITIAL_FORMS": "0",
        "originals-TOTAL_FORMS": "0", "originals-INITIAL_FORMS": "0",
    }


# Each surface asks to publish `document` as the curator and returns what it answered,
# as text, for the reason to be looked for in.
def admin_action(callers, document):
    response = callers.admin.post(reverse("admin:archive_document_changelist"),
                           {"action": "publish", "_selected_action": [document.pk]}, follow=True)
    return " ".join(str(m) for m in response.context["messages"])


def admin_change_form(callers, document):
    response = callers.admin.post(reverse("admin:archive_document_change", args=[document.pk]),
                           _change_form_data(document, "published"))
    if response.status_code == 200:
        return " ".join(response.context["adminform"].form.errors.get("status", []))
    return ""


def review_screen(callers, document):
    response = callers.admin.post(reverse("admin:archive_document_review", args=[document.pk]), {"publish": "1"})
    return response.content.decode()


def api_patch(callers, document):
    response = callers.api.patch(f"/api/documents/{document.slug}/", {"status": "published"}, format="json")
    assert response.status_code in (200, 400)
    return "" if response.status_code == 200 else " ".join(response.json()["status"])


def api_put(callers, document):
    body = {"slug": document.slug, "title": document.title, "body": document.body, "status": "published"}
    response = callers.api.put(f"/api/documents/{document.slug}/", body, format="json")
    assert response.status_code in (200, 400)
    return "" if response.status_code == 200 else " ".join(response.json()["status"])


def bag_import(callers, document):
    """`manage.py import` of a bag that holds the document as published."""
    status, at = document.status, document.published_at
    Document.objects.filter(pk=document.pk).update(status=Status.PUBLISHED, published_at=None)
    bag = callers.tmp_path / "bag"
    call_command("export", str(bag), stdout=StringIO())
    Document.objects.filter(pk=document.pk).update(status=status, published_at=at)
    out = StringIO()
    try:
        call_command("import", str(bag), stdout=out)
    except CommandError:
        pass
    return out.getvalue()


SURFACES = [admin_action, admin_change_form, review_screen, api_patch, api_put, bag_import]


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=lambda f: f.__name__)
def test_every_surface_refuses_a_draft_with_undecided_suggestions_for_the_same_reason(
    surface, callers, make_document
):
    draft = with_undecided_suggestion(make_document(title="Imported letter", slug="imported", status=Status.DRAFT))
    assert publishing.refusal(draft).startswith(REASON)
    answer = surface(callers, draft)
    assert REASON in answer
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.published_at is None
    assert not draft.history.filter(history_change_reason=publishing.PUBLISHED_REASON).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES, ids=lambda f: f.__name__)
def test_every_surface_publishes_through_the_service_and_stamps_the_same_fields(
    surface, callers, curator, make_document
):
    draft = make_document(title="Ready letter", slug="ready", status=Status.DRAFT)
    Suggestion.objects.create(document=draft, field="title", value="Ready letter", status=Decision.CONFIRMED)
    surface(callers, draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    record = draft.history.filter(history_change_reason=publishing.PUBLISHED_REASON).get()
    # The bag import is the system itself: no user.
    assert record.history_user == (None if surface is bag_import else curator)
    assert record.status == Status.PUBLISHED


@pytest.mark.django_db
def test_published_at_is_the_first_publication_and_unpublishing_is_never_refused(curator, make_document):
    document = make_document(status=Status.DRAFT)
    assert publishing.publish(document=document, user=curator) is True
    first = document.published_at
    assert publishing.publish(document=document, user=curator) is False  # already published
    with_undecided_suggestion(document)
    assert publishing.unpublish(document=document, user=curator) is True
    document.refresh_from_db()
    assert document.status == Status.DRAFT and document.published_at == first
    reasons = list(document.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == [publishing.PUBLISHED_REASON, publishing.UNPUBLISHED_REASON]
    with pytest.raises(publishing.PublishRefused) as refused:
        publishing.publish(document=document, user=curator)
    assert refused.value.message_dict == {"status": [publishing.refusal(document)]}


@pytest.mark.django_db
def test_a_user_without_the_right_to_change_documents_cannot_publish(django_user_model, make_document):
    from django.core.exceptions import PermissionDenied

    visitor = django_user_model.objects.create_user("visitor", password="a-long-test-password")
    document = make_document(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        publishing.publish(document=document, user=visitor)
    document.refresh_from_db()
    assert document.status == Status.DRAFT


@pytest.mark.django_db
def test_a_document_created_through_the_api_as_published_is_published_by_the_service(api_client, curator):
    response = api_client.post("/api/documents/", {"slug": "new", "title": "New", "status": "published"}, format="json")
    assert response.status_code == 201, response.json()
    document = Document.objects.get(slug="new")
    assert document.status == Status.PUBLISHED and document.published_at is not None
    assert document.history.filter(history_change_reason=publishing.PUBLISHED_REASON, history_user=curator).exists()


@pytest.mark.django_db
def test_loading_a_fixture_keeps_its_publication_time_or_stamps_the_load(tmp_path):
    fixture = tmp_path / "documents.json"
    fixture.write_text(
        '[{"model": "archive.document", "fields": {"slug": "kept", "title": "Kept", "status": "published",'
        ' "published_at": "2020-01-02T00:00:00Z"}},'
        ' {"model": "archive.document", "fields": {"slug": "stamped", "title": "Stamped", "status": "published"}},'
        ' {"model": "archive.document", "fields": {"slug": "draft", "title": "Draft", "status": "draft"}}]'
    )
    call_command("loaddata", str(fixture), verbosity=0)
    stamps = dict(Document.objects.values_list("slug", "published_at"))
    assert stamps["kept"].year == 2020 and stamps["stamped"] is not None and stamps["draft"] is None
