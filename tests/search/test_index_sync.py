"""The index follows every write path: the admin, the ORM, bulk loads, loaddata, deletes."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive import publishing
from archive.models import Document, Organisation, OrganisationName, Role, RoleKind, Status
from archive.filters import parse_document_filters as parse_search_params
from archive.search.engine import search_documents
from archive.search.names import lookup_names
from archive.search.index import deferred_indexing, index_problems

pytestmark = pytest.mark.django_db


def found(q, **params):
    return {hit.document.slug for hit in search_documents(parse_search_params({"q": q, **params})).hits}


def test_edit_and_delete_through_the_orm_keep_the_index_right(make_document):
    document = make_document(slug="d", title="Quarterly harvest", body="Apples and pears.")
    assert found("apples") == {"d"}
    document.body = "Plums only."
    document.save()
    assert found("apples") == set() and found("plums") == {"d"}
    Document.objects.filter(pk=document.pk).update(title="Winter harvest")
    assert found("winter") == {"d"}
    assert index_problems() == []
    document.delete()
    assert found("plums") == set()
    assert index_problems() == []


def test_admin_edit_and_delete_keep_the_index_right(curator_client, make_document):
    document = make_document(slug="adm", title="Harbour records", body="Ships arrived.")
    url = reverse("admin:archive_document_change", args=[document.pk])
    page = curator_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if form[name].value() is not None}
    data.update({"title": "Harbour ledgers", "body": "Boats departed.", "topics": []})
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{inline.formset.prefix}-{name}"] = management[name].value()
        # No extra (blank) inline rows.
        data[f"{inline.formset.prefix}-TOTAL_FORMS"] = management["INITIAL_FORMS"].value()
    data = {k: v for k, v in data.items() if v is not None and v != []}
    response = curator_client.post(url, data)
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors] + [
            (i.formset.prefix, i.formset.errors, i.formset.non_form_errors()) for i in response.context["inline_admin_formsets"]
        ]
        pytest.fail(str(errors))
    assert found("boats") == {"adm"} and found("ships") == set()
    response = curator_client.post(reverse("admin:archive_document_delete", args=[document.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert found("boats") == set()
    assert index_problems() == []


def test_role_and_alias_changes_reindex_linked_documents(make_document, make_organisation):
    org = make_organisation("Lantern Society", slug="lantern")
    document = make_document(slug="r", title="Minutes", body="Nothing named.")
    role = Role.objects.create(document=document, role=RoleKind.MENTIONED, organisation=org)
    assert found("lantern", expand="0") == {"r"}
    alias = org.names.create(name="Torchbearers")
    assert found("torchbearers", expand="0") == {"r"}
    alias.name = "Lamplighters"
    alias.save()
    assert found("torchbearers", expand="0") == set() and found("lamplighters", expand="0") == {"r"}
    Organisation.objects.filter(pk=org.pk).update(name="Beacon Society")
    assert found("beacon", expand="0") == {"r"}
    role.delete()
    assert found("beacon", expand="0") == set()
    assert index_problems() == []


def test_alias_rename_reaches_name_lookup_at_once(make_organisation):
    org = make_organisation("Lantern Society", slug="lantern", aliases=["Torchbearers"])
    assert [m.slug for m in lookup_names("Torchbearers")] == ["lantern"]
    OrganisationName.objects.filter(organisation=org).update(name="Lamplighters")
    assert [m.matched_name for m in lookup_names("Lamplighters")] == ["Lamplighters"]


def test_loaddata_raw_saves_are_indexed(tmp_path):
    fixture = tmp_path / "records.json"
    fixture.write_text(json.dumps([
        {"model": "archive.organisation", "fields": {"slug": "quill", "name": "Quill Guild"}},
        {"model": "archive.organisationname", "fields": {"organisation": ["quill"], "name": "QG"}},
        {"model": "archive.document", "fields": {
            "slug": "ld", "title": "Guild charter", "status": "published", "body": "Founded by scribes.",
            "date_edtf": "1901"}},
        {"model": "archive.role", "fields": {"document": ["ld"], "role": "author", "organisation": ["quill"]}},
    ]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert found("scribes") == {"ld"}
    assert found("QG") == {"ld"}
    assert [m.slug for m in lookup_names("Quill Gild")] == ["quill"]
    call_command("loaddata", str(fixture), verbosity=0)  # loading again changes nothing
    assert found("scribes") == {"ld"}
    assert index_problems() == []


def test_bulk_load_path_indexes_everything_once(make_organisation):
    org = make_organisation("Compass Union", slug="compass", aliases=["CU"])
    with deferred_indexing():
        documents = Document.objects.bulk_create(
            Document(slug=f"bulk-{n}", title=f"Bulletin {n}", body=f"Routine bulletin number {n}.",
                     status=Status.PUBLISHED)
            for n in range(30)
        )
        Role.objects.bulk_create(
            Role(document=d, role=RoleKind.PUBLISHER, organisation=org) for d in documents[:10]
        )
    assert len(found("bulletin", page_size="100")) == 30
    assert len(found("CU", expand="0", page_size="100")) == 10
    assert index_problems() == []


def test_publishing_and_unpublishing_change_visibility_without_reindexing(make_document):
    document = make_document(slug="p", title="Ledger", status=Status.DRAFT)
    assert found("ledger") == set()
    publishing.publish(document=document)
    assert found("ledger") == {"p"}
    publishing.unpublish(document=document)
    assert found("ledger") == set()


def test_rebuild_command_restores_a_broken_index(make_document):
    from django.db import connection

    make_document(slug="x", title="Lighthouse log")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
    assert index_problems()
    with pytest.raises(Exception, match="out of step"):
        call_command("rebuild_search_index", "--check", verbosity=0)
    call_command("rebuild_search_index", verbosity=0)
    assert index_problems() == []
    assert found("lighthouse") == {"x"}
