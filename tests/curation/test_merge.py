"""Merging duplicate records keeps every link, turns names into aliases and records history."""

import pytest
from django.urls import NoReverseMatch, reverse

from archive.curation.mentions import build_matcher, scan_documents
from archive.curation.merging import merge
from archive.curation.models import MentionSuggestion
from archive.models import Document, Event, Membership, OrganisationRelation, Person, Place, Role


@pytest.fixture
def duplicates(make_person, make_organisation, make_document):
    survivor = make_person("Saddam Hussein", aliases=["Saddam"])
    loser = make_person("Sadam Hossein", aliases=["SADDAM", "Sadam"])
    org = make_organisation("Baath Party")
    letter = make_document(title="Letter", body="Sadam Hossein and Saddam Hussein.")
    post = make_document(title="Post", body="Sadam wrote.")
    Role.objects.create(document=letter, role="mentioned", person=survivor)
    Role.objects.create(document=letter, role="mentioned", person=loser)
    Role.objects.create(document=post, role="author", person=loser, name_as_written="Sadam")
    Membership.objects.create(person=loser, organisation=org, role_title="leader", source_document=letter)
    event = Event.objects.create(title="War", slug="war")
    event.sources.add(letter)
    event.people.add(loser)
    scan_documents(Document.objects.all(), build_matcher())
    return survivor, loser, org, letter, post, event


@pytest.mark.django_db
def test_merge_moves_every_link_and_keeps_names_as_aliases(duplicates, curator):
    survivor, loser, org, letter, post, event = duplicates
    loser_pk = loser.pk
    merge(survivor, loser, curator)
    assert not Person.objects.filter(pk=loser_pk).exists()
    assert Role.objects.get(document=post, role="author").person == survivor
    assert Role.objects.filter(document=letter, role="mentioned", person=survivor).count() == 1
    assert Membership.objects.get(organisation=org).person == survivor
    assert list(event.people.all()) == [survivor]
    names = sorted(survivor.names.values_list("name", flat=True))
    assert names == ["Sadam", "Sadam Hossein", "Saddam"]  # "SADDAM" folds onto "Saddam": not repeated
    assert not MentionSuggestion.objects.filter(person_id=loser_pk).exists()
    assert MentionSuggestion.objects.filter(person=survivor, text="Sadam Hossein").exists()
    history = survivor.history.first()
    assert history.history_user == curator and "Merged Sadam Hossein" in history.history_change_reason
    assert Person.history.filter(id=loser_pk, history_type="-").exists()


@pytest.mark.django_db
def test_merging_organisations_moves_relations_and_drops_self_links(make_organisation, make_document):
    survivor, loser, other = make_organisation("MEK"), make_organisation("MKO"), make_organisation("NCRI")
    document = make_document()
    OrganisationRelation.objects.create(source=other, kind="front_for", target=loser, source_document=document)
    OrganisationRelation.objects.create(source=loser, kind="part_of", target=survivor, source_document=document)
    merge(survivor, loser)
    assert list(OrganisationRelation.objects.values_list("source__name", "kind", "target__name")) == [
        ("NCRI", "front_for", "MEK")
    ]


@pytest.mark.django_db
def test_merging_places_moves_children_and_documents_written_there(make_place, make_document):
    iraq = make_place("Iraq")
    survivor, loser = make_place("Camp Ashraf", parent=iraq), make_place("Ashraf Campus", parent=iraq)
    gate = make_place("Camp Ashraf gate", parent=loser)
    document = make_document(place_written=loser)
    merge(survivor, loser)
    gate.refresh_from_db()
    document.refresh_from_db()
    assert gate.parent == survivor and document.place_written == survivor
    assert list(Place.objects.get(pk=survivor.pk).names.values_list("name", flat=True)) == ["Ashraf Campus"]


@pytest.mark.django_db
def test_merging_keeps_a_private_person_private(make_person):
    survivor, loser = make_person("M. Babaii"), make_person("Mr. Babaii", is_private=True)
    merge(survivor, loser)
    survivor.refresh_from_db()
    assert survivor.is_private


@pytest.mark.django_db
def test_admin_merge_shows_what_will_move_then_merges(curator_client, duplicates):
    survivor, loser, org, letter, post, event = duplicates
    changelist = reverse("admin:archive_person_changelist")
    response = curator_client.post(changelist, {"action": "merge_selected", "_selected_action": [survivor.pk, loser.pk]})
    assert response.status_code == 302
    confirm_url = response["Location"]
    page = curator_client.get(confirm_url + f"&survivor={survivor.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "author: Post" in text and "Memberships (1)" in text and "Events (1)" in text
    assert Person.objects.filter(pk=loser.pk).exists()  # nothing moves before confirming
    done = curator_client.post(confirm_url, {"survivor": survivor.pk, "confirm": "1"})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=loser.pk).exists()


@pytest.mark.django_db
def test_admin_merge_with_the_wrong_number_of_records_is_refused(curator_client, make_person):
    people = [make_person() for _ in range(3)]
    response = curator_client.get(reverse("admin:archive_person_merge") + "?ids=" + str(people[0].pk))
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_merge_screen_lives_under_each_entity_admin_and_nowhere_else(curator_client, make_organisation):
    first, second = make_organisation("Compass Union"), make_organisation("Compass Unoin")
    url = reverse("admin:archive_organisation_merge")
    assert url == "/admin/archive/organisation/merge/"
    page = curator_client.get(f"{url}?ids={first.pk},{second.pk}")
    assert page.status_code == 200 and "Compass Unoin" in page.content.decode()
    with pytest.raises(NoReverseMatch):
        reverse("admin:archive_document_merge")
