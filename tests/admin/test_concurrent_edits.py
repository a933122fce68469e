"""Two curators editing one record: the second save over an older version is refused, with
who changed what, and the curator's entries kept in the form."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client

from archive.admin.common import ArchiveAdmin
from archive.models import Document

from .test_admin import admin_url, change_form_data

VERSIONED_MODELS = [
    model for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "archive" and isinstance(model_admin, ArchiveAdmin) and hasattr(model, "history")
]


def curator_named(name) -> Client:
    user = User.objects.create_user(name, f"{name}@example.org", "a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    client = Client()
    client.force_login(user)
    return client


def errors_of(response) -> str:
    return " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())


@pytest.fixture
def alice(db):
    return curator_named("alice")


@pytest.fixture
def bob(db):
    return curator_named("bob")


@pytest.mark.parametrize("with_history", [True, False], ids=["versioned", "loaded-from-fixtures"])
def test_the_second_save_over_an_older_version_is_refused_naming_who_changed_what(seed, alice, bob, with_history):
    document = Document.objects.get(kind="open_letter")
    if with_history:
        document.save()
    url = admin_url(Document, "change", document.pk)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))

    alices["title"] = "Title as Alice corrected it"
    assert alice.post(url, alices).status_code == 302

    bobs["summary"] = "Bob's new summary"
    response = bob.post(url, bobs)
    assert response.status_code == 200
    message = errors_of(response)
    assert "alice" in message and "Title" in message
    page = response.content.decode()
    assert "Bob&#x27;s new summary" in page or "Bob's new summary" in page
    stored = Document.objects.get(pk=document.pk)
    assert stored.title == "Title as Alice corrected it" and stored.summary != "Bob's new summary"

    # Having seen the message, Bob saves again: now knowingly over Alice's version.
    again = bob.post(url, change_form_data(response))
    assert again.status_code == 302
    assert Document.objects.get(pk=document.pk).summary == "Bob's new summary"


def test_the_message_names_only_the_fields_the_other_curator_changed(seed, alice, bob):
    document = Document.objects.get(kind="open_letter")
    document.save()
    url = admin_url(Document, "change", document.pk)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    alices["summary"] = "Alice's summary"
    assert alice.post(url, alices).status_code == 302
    bobs["title"] = "Bob's title"
    message = errors_of(bob.post(url, bobs))
    assert "Summary" in message and "Title" not in message


@pytest.mark.parametrize("model", VERSIONED_MODELS, ids=lambda m: m._meta.model_name)
def test_every_archive_change_form_saves_when_nobody_else_did_and_refuses_when_someone_did(seed, alice, bob, model):
    instance = model._default_manager.order_by("pk").first()
    assert instance is not None, f"the seed fixtures hold no {model._meta.verbose_name}"
    url = admin_url(model, "change", instance.pk)
    alices, bobs = change_form_data(alice.get(url)), change_form_data(bob.get(url))
    assert alices["record_version"] == bobs["record_version"]
    first = alice.post(url, alices)
    assert first.status_code == 302, first.context and first.context["adminform"].form.errors
    second = bob.post(url, bobs)
    assert second.status_code == 200 and "alice" in errors_of(second)


@pytest.mark.parametrize("token", ["", "abc", "-1", "1e3", "999999999999", "99999999999999999999999", "٣"])
def test_a_missing_or_tampered_version_is_a_form_error(seed, curator_client, token):
    document = Document.objects.get(kind="open_letter")
    url = admin_url(Document, "change", document.pk)
    data = change_form_data(curator_client.get(url))
    data["title"] = "Never saved"
    data["record_version"] = token
    response = curator_client.post(url, data)
    assert response.status_code == 200 and errors_of(response)
    assert Document.objects.get(pk=document.pk).title != "Never saved"


def test_a_version_of_another_record_is_refused(seed, curator_client):
    other, document = Document.objects.order_by("pk")[:2]
    other.save()
    url = admin_url(Document, "change", document.pk)
    data = change_form_data(curator_client.get(url))
    data["record_version"] = str(other.history.latest("history_id").history_id)
    data["title"] = "Never saved"
    response = curator_client.post(url, data)
    assert response.status_code == 200 and "never had" in errors_of(response)
    assert Document.objects.get(pk=document.pk).title != "Never saved"
