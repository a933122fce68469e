"""The admin is the curators' workplace: every page renders for a curator who is not a superuser."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from archive.models import Document, Organisation, PastSlug, Person, Status

ARCHIVE_MODEL_ADMINS = [
    model for model in admin.site._registry if model._meta.app_label == "archive"
]

# Past slugs are written by renames and merges, never by hand (tested on their own below).
EDITABLE_MODEL_ADMINS = [model for model in ARCHIVE_MODEL_ADMINS if model is not PastSlug]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_curators_group_exists_with_every_archive_permission(db):
    group = Group.objects.get(name="Curators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_document", "change_document", "delete_document", "view_document", "change_personname"} <= codenames
    assert not group.permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", EDITABLE_MODEL_ADMINS, ids=lambda m: m._meta.model_name)
def test_changelist_add_and_change_pages_render_for_a_curator(seed, curator_client, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 200
    assert curator_client.get(admin_url(model, "add")).status_code == 200
    instance = model._default_manager.first()
    assert instance is not None, f"the seed fixtures hold no {model._meta.verbose_name}"
    assert curator_client.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert curator_client.get(admin_url(model, "history", instance.pk)).status_code == 200


def test_past_slugs_are_listed_for_curators_but_never_written_by_hand(seed, curator_client):
    person = Person.objects.first()
    old_slug = person.slug
    person.slug = "renamed-by-a-curator"
    person.save()
    response = curator_client.get(admin_url(PastSlug, "changelist"), {"q": old_slug})
    assert response.status_code == 200 and old_slug in response.content.decode()
    assert curator_client.get(admin_url(PastSlug, "add")).status_code == 403
    past = PastSlug.objects.get(slug=old_slug)
    assert curator_client.get(admin_url(PastSlug, "change", past.pk)).status_code == 200
    assert curator_client.post(admin_url(PastSlug, "change", past.pk), {"slug": "x"}).status_code == 403


def test_every_archive_model_is_in_the_admin():
    from django.apps import apps

    from archive.models import OriginalFile, PublicChange

    # Records, not the logs their saves write (history, the public change log).
    models = {
        m for m in apps.get_app_config("archive").get_models()
        if not m.__name__.startswith("Historical") and m is not PublicChange
    }
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


def change_form_data(response) -> dict:
    """The POST a browser would send for an admin change page as rendered: every field of
    the form and of each inline, with the inlines' management forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(value)
    return data


def test_a_body_saved_through_the_admin_keeps_lf_line_endings(seed, curator_client):
    document = Document.objects.get(kind="open_letter")
    document.save()  # a first version in the history, with the body as stored
    url = admin_url(Document, "change", document.pk)
    data = change_form_data(curator_client.get(url))
    # Browsers send a textarea's line breaks as CRLF.
    data["body"] = document.body.replace("\n", "\r\n")
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    stored = Document.objects.get(pk=document.pk)
    assert "\r" not in stored.body and stored.body == document.body
    # Saved unchanged, the body is no difference in the history.
    latest, previous = stored.history.all()[:2]
    assert "body" not in {change.field for change in latest.diff_against(previous).changes}


def test_a_single_line_break_in_a_paragraph_is_shown_as_a_break(client, make_document):
    document = make_document(slug="joined", body="To Prime Minister Nouri\r\nal-Maliki and the United\nNations.")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Nouri<br>al-Maliki" in page and "United<br>Nations" in page
    assert "Nourial-Maliki" not in page and "UnitedNations" not in page


def test_history_lists_the_names_added_and_removed_through_an_inline(seed, curator_client):
    person = Person.objects.get(slug="saddam-hussein")
    url = admin_url(Person, "change", person.pk)
    data = change_form_data(curator_client.get(url))
    prefix = next(key[: -len("-TOTAL_FORMS")] for key in data if key.endswith("-TOTAL_FORMS") and "names" in key)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data[f"{prefix}-{total}-name"] = "Saddam Husayn"
    data[f"{prefix}-{total}-kind"] = "transliteration"
    removed = person.names.get(name="Sadam Hossein")
    index = next(key.split("-")[-2] for key, value in data.items() if key.endswith("-id") and value == str(removed.pk))
    data[f"{prefix}-{index}-DELETE"] = "on"
    response = curator_client.post(url, data)
    assert response.status_code == 302
    history = curator_client.get(admin_url(Person, "history", person.pk)).content.decode()
    assert "Added name of a person “Saddam Husayn”" in history
    assert "Removed name of a person “Sadam Hossein”" in history


def test_history_of_an_id_that_cannot_exist_is_not_found(seed, curator_client):
    assert curator_client.get("/admin/archive/document/abc/history/").status_code == 404
    assert curator_client.get("/admin/archive/person/999999/history/").status_code == 404


def test_seeded_history_says_it_was_loaded_from_fixtures(db, curator_client):
    from django.core.management import call_command

    # Loaded as `make run` loads them: loaddata's links of topics and event sources are
    # versions saved by no curator.
    call_command("seed", verbosity=0)
    document = Document.objects.get(kind="open_letter")
    assert document.history.exists()
    assert set(document.history.values_list("history_change_reason", flat=True)) == {"loaded from fixtures"}
    page = curator_client.get(admin_url(Document, "history", document.pk)).content.decode()
    assert "loaded from fixtures" in page
    assert not re.search(r"<td>\s*None\s*</td>", page)
