"""The one-screen review of a draft: accept or correct each guess, confirm mentions, publish."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.curation.models import Decision, TextReuseProposal
from archive.models import Document, DocumentRelation, Person, Role, Status

from .conftest import LETTER


@pytest.fixture
def draft(pages, make_person):
    make_person("Tomás Ferreira")
    call_command("import_pages", str(pages.folder / "letter.txt"), "--no-progress", stdout=open("/dev/null", "w"))
    return Document.objects.get()


@pytest.mark.django_db
def test_review_screen_shows_each_guess_beside_its_source(curator_client, draft, django_assert_max_num_queries):
    url = reverse("admin:archive_document_review", args=[draft.pk])
    with django_assert_max_num_queries(25):
        response = curator_client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Tomás Ferreira" in text and "Yours sincerely," in text and "new record" in text


@pytest.mark.django_db
def test_accepting_and_correcting_links_records_then_publishes(curator_client, draft):
    suggestions = {s.field: s for s in draft.curation_suggestions.all()}
    url = reverse("admin:archive_document_review", args=[draft.pk])
    data = {f"decision-{s.pk}": Decision.CONFIRMED for s in suggestions.values()}
    data[f"value-{suggestions['recipient'].pk}"] = "Anna Kowalska"  # corrected spelling
    data[f"decision-{suggestions['topic'].pk}"] = Decision.REJECTED
    data["publish"] = "1"
    response = curator_client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    author = Role.objects.get(document=draft, role="author")
    assert author.person.name == "Tomás Ferreira" and Person.objects.filter(name="Tomás Ferreira").count() == 1
    recipient = Role.objects.get(document=draft, role="recipient")
    assert recipient.person.name == "Anna Kowalska" and recipient.name_as_written == "Anna Kowalska"
    assert draft.place_written.name == "Lisbon" and draft.topics.count() == 0


@pytest.mark.django_db
def test_an_invalid_correction_changes_nothing_and_says_why(curator_client, draft):
    date = draft.curation_suggestions.get(field="date")
    title = draft.curation_suggestions.get(field="title")
    url = reverse("admin:archive_document_review", args=[draft.pk])
    response = curator_client.post(url, {
        f"decision-{date.pk}": Decision.CONFIRMED, f"value-{date.pk}": "the spring of 2019",
        f"decision-{title.pk}": Decision.CONFIRMED, f"value-{title.pk}": "Another title",
    })
    assert response.status_code == 200
    assert "not a valid EDTF date" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "Another title" and draft.curation_suggestions.open().count() > 0


@pytest.mark.django_db
def test_publishing_waits_until_every_suggestion_is_decided(curator_client, draft):
    title = draft.curation_suggestions.get(field="title")
    response = curator_client.post(reverse("admin:archive_document_review", args=[draft.pk]),
                                   {f"decision-{title.pk}": Decision.CONFIRMED, "publish": "1"})
    assert response.status_code == 200 and "still undecided" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_text_reuse_side_by_side_and_acceptance(curator_client, pages):
    letter = LETTER.split("Dear", 1)[1]
    pages("post.txt", "News from the valley\n\nA fisherman wrote to the minister: “" + letter.split("Yours")[0].strip()
          + "” The ministry has not replied.\n")
    call_command("import_pages", str(pages.folder / "letter.txt"), str(pages.folder / "post.txt"), "--no-progress",
                 stdout=open("/dev/null", "w"))
    proposal = TextReuseProposal.objects.get()
    assert proposal.source.title == "News from the valley" and proposal.kind == "quotes"
    url = reverse("admin:curation_compare", args=[proposal.pk])
    page = curator_client.get(url).content.decode()
    assert page.count("<mark>") == 2 * len(proposal.passages)
    assert curator_client.post(url, {"decision": Decision.CONFIRMED, "kind": "quotes"}).status_code == 302
    assert DocumentRelation.objects.filter(source=proposal.source, target=proposal.target, kind="quotes").exists()


@pytest.mark.django_db
def test_bulk_publish_leaves_drafts_with_undecided_suggestions_as_drafts(curator_client, draft, make_document):
    ready = make_document(status=Status.DRAFT)
    response = curator_client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, ready.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Not published" in m and draft.title in m and "still undecided" in m for m in messages)
    draft.refresh_from_db()
    ready.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert ready.status == Status.PUBLISHED


@pytest.mark.django_db
def test_a_decision_the_form_does_not_offer_is_an_error_on_that_suggestion(curator_client, draft, make_document):
    title = draft.curation_suggestions.get(field="title")
    other = make_document(status=Status.DRAFT)
    foreign = other.curation_suggestions.create(field="title", value="Elsewhere")
    url = reverse("admin:archive_document_review", args=[draft.pk])
    response = curator_client.post(url, {f"decision-{title.pk}": "maybe", f"decision-{foreign.pk}": Decision.CONFIRMED})
    assert response.status_code == 200
    assert f'id="suggestion-{title.pk}"' in response.content.decode()
    assert "maybe is not one of the available choices" in response.content.decode()
    assert response.context["errors"] == {str(title.pk): [
        "Select a valid choice. maybe is not one of the available choices."
    ]}
    foreign.refresh_from_db()
    assert foreign.status == Decision.SUGGESTED and draft.curation_suggestions.open().count() > 1


@pytest.mark.django_db
def test_the_review_screen_lives_under_the_document_admin(curator_client, draft):
    url = reverse("admin:archive_document_review", args=[draft.pk])
    assert url == f"/admin/archive/document/{draft.pk}/review/"
    change = curator_client.get(reverse("admin:archive_document_change", args=[draft.pk])).content.decode()
    assert url in change
