"""The admin is the curators' workplace: every page renders for a curator who is not a superuser."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from archive.models import Document, Organisation, Person, Status

ARCHIVE_MODEL_ADMINS = [
    model for model in admin.site._registry if model._meta.app_label == "archive"
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_curators_group_exists_with_every_archive_permission(db):
    group = Group.objects.get(name="Curators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_document", "change_document", "delete_document", "view_document", "change_personname"} <= codenames
    assert not group.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", ARCHIVE_MODEL_ADMINS, ids=lambda m: m._meta.model_name)
def test_changelist_add_and_change_pages_render_for_a_curator(seed, curator_client, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 200
    assert curator_client.get(admin_url(model, "add")).status_code == 200
    instance = model._default_manager.first()
    assert instance is not None, f"the seed fixtures hold no {model._meta.verbose_name}"
    assert curator_client.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert curator_client.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_every_archive_model_is_in_the_admin():
    from django.apps import apps

    from archive.models import OriginalFile

    models = {m for m in apps.get_app_config("archive").get_models() if not m.__name__.startswith("Historical")}
    # An original file is only ever added (or deleted) under its document: never edited alone.
    inline_only = {OriginalFile}
    assert models - inline_only <= set(ARCHIVE_MODEL_ADMINS)
    document_inlines = {inline.model for inline in admin.site._registry[Document].inlines}
    assert inline_only <= document_inlines


def test_every_foreign_key_in_the_admin_uses_autocomplete(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "archive":
            continue
        for editor in [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]:
            for name in editor.get_fields(request):
                try:
                    field = editor.model._meta.get_field(name)
                except FieldDoesNotExist:  # a read-only display, not a model field
                    continue
                if field.many_to_one or field.many_to_many:
                    assert name in editor.autocomplete_fields, f"{type(editor).__name__}.{name}"


def test_staff_user_outside_curators_group_cannot_edit(client, django_user_model, seed):
    user = django_user_model.objects.create_user("visitor", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Document, "changelist")).status_code == 403


def test_document_search_matches_aliases_of_linked_organisations(seed, curator_client):
    mek = Organisation.objects.get(slug="mojahedin-e-khalq")
    linked = set(Document.objects.filter(roles__organisation=mek).values_list("title", flat=True))
    assert linked
    response = curator_client.get(admin_url(Document, "changelist"), {"q": "MKO"})
    shown = {d.title for d in response.context["cl"].result_list}
    assert linked <= shown


def test_person_search_matches_an_alias(seed, curator_client):
    response = curator_client.get(admin_url(Person, "changelist"), {"q": "Sadam Hossein"})
    assert [p.slug for p in response.context["cl"].result_list] == ["saddam-hussein"]


def test_list_filters_by_kind_status_language_and_year(seed, curator_client):
    url = admin_url(Document, "changelist")
    response = curator_client.get(url, {"kind": "cable", "status": "published", "language": "en", "year": "2011"})
    titles = [d.title for d in response.context["cl"].result_list]
    assert titles == ["Iranian popular attitudes towards the MEK"]


def test_unpublish_and_publish_actions_record_history_with_the_curator(seed, curator_client, curator):
    document = Document.objects.get(kind="cable")
    url = admin_url(Document, "changelist")
    response = curator_client.post(url, {"action": "unpublish", "_selected_action": [document.pk]}, follow=True)
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.status == Status.DRAFT
    assert document.history.latest().history_user == curator

    curator_client.post(url, {"action": "publish", "_selected_action": [document.pk]})
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED


def test_history_page_shows_the_difference_between_versions(seed, curator_client):
    person = Person.objects.get(slug="saddam-hussein")
    person.description = "A first description."
    person.save()
    person.description = "A second description."
    person.save()
    response = curator_client.get(admin_url(Person, "history", person.pk))
    content = response.content.decode()
    assert "A first description." in content and "A second description." in content


def test_view_on_site_leads_to_the_public_page(seed, curator_client):
    from django.contrib.contenttypes.models import ContentType

    document = Document.objects.published().first()
    shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Document).pk, document.pk])
    page = curator_client.get(admin_url(Document, "change", document.pk)).content.decode()
    assert shortcut in page
    response = curator_client.get(shortcut)
    assert response.status_code == 302
    assert response["Location"].endswith(document.get_absolute_url())
    assert curator_client.get(document.get_absolute_url()).status_code == 200


def test_invalid_edtf_in_the_admin_form_is_an_error_on_the_field(seed, curator_client):
    response = curator_client.get(admin_url(Document, "add"))
    assert response.status_code == 200
    data = {
        "title": "New", "slug": "new-document", "kind": "letter", "status": "draft", "language": "en",
        "date_edtf": "16 October 2014",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "relations_out-TOTAL_FORMS": "0", "relations_out-INITIAL_FORMS": "0",
        "relations_in-TOTAL_FORMS": "0", "relations_in-INITIAL_FORMS": "0",
    }
    response = curator_client.post(admin_url(Document, "add"), data)
    assert response.status_code == 200
    assert "date_edtf" in response.context["adminform"].form.errors
    assert not Document.objects.filter(slug="new-document").exists()
