"""Curators write documents and records, nested roles and names included, validated and
recorded in the change history with their name."""

import pytest
from django.contrib.auth.models import User

from archive.models import Document, Person, Role

pytestmark = pytest.mark.django_db


def new_letter(**overrides):
    return {
        "slug": "new-letter", "title": "A new letter", "kind": "letter", "status": "draft",
        "date_edtf": "2014-10-16", "language": "en", "body": "Text.", "topics": ["camps"],
        "place_written": "paris",
        "roles": [
            {"role": "author", "entity_type": "person", "entity": "ann-author", "name_as_written": "A.A."},
            {"role": "recipient", "entity_type": "person", "entity": "recipient-2", "order": 1},
            {"role": "recipient", "entity_type": "person", "entity": "recipient-1", "order": 0},
            {"role": "mentioned", "entity_type": "place", "entity": "paris"},
        ],
        "relations": [{"kind": "responds_to", "target": "open-letter"}],
        **overrides,
    }


def test_anonymous_writes_are_refused_with_401(api, archive):
    assert api.post("/api/documents/", new_letter(), format="json").status_code == 401
    assert api.delete("/api/documents/open-letter/").status_code == 401
    assert api.patch("/api/people/ann-author/", {"name": "X"}, format="json").status_code == 401
    assert Document.objects.filter(slug="new-letter").count() == 0


def test_user_without_permission_gets_403(api, archive):
    user = User.objects.create_user("reader", password="a-long-test-password")
    api.force_authenticate(user)
    assert api.post("/api/documents/", new_letter(), format="json").status_code == 403
    assert api.get("/api/documents/draft-memo/").status_code == 404


def test_curator_creates_document_with_roles_in_one_request(token_client, archive, curator):
    response = token_client.post("/api/documents/", new_letter(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"].endswith("/api/documents/new-letter/")
    assert body["status"] == "draft" and body["date"]["lower"] == "2014-10-16"
    assert [(r["role"], r["entity"]["slug"]) for r in body["roles"]] == [
        ("author", "ann-author"), ("mentioned", "paris"), ("recipient", "recipient-1"), ("recipient", "recipient-2"),
    ]
    assert body["relations"][0]["document"]["slug"] == "open-letter"
    document = Document.objects.get(slug="new-letter")
    assert document.history.latest().history_user == curator
    assert all(r.history.latest().history_user == curator for r in document.roles.all())


def test_update_replaces_roles_and_records_who_changed_them(token_client, archive, curator):
    response = token_client.patch(
        "/api/documents/open-letter/",
        {"title": "Open letter (corrected)", "roles": [{"role": "author", "entity_type": "person", "entity": "ann-author"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    letter = Document.objects.get(slug="open-letter")
    assert [r.person.slug for r in letter.roles.all()] == ["ann-author"]
    assert letter.history.latest().history_user == curator
    deleted = Role.history.filter(history_type="-")
    assert deleted.count() == 5 and {h.history_user for h in deleted} == {curator}


def test_session_curator_can_write_with_csrf(client, curator, archive):
    from rest_framework.test import APIClient

    session = APIClient(enforce_csrf_checks=True)
    session.force_login(curator)
    assert session.post("/api/topics/", {"slug": "x", "name": "X"}, format="json").status_code == 403
    session.get("/admin/")  # any page that sets the CSRF cookie
    token = session.cookies.get("csrftoken")
    if token is None:
        pytest.skip("no page set a CSRF cookie")
    response = session.post("/api/topics/", {"slug": "x", "name": "X"}, format="json", HTTP_X_CSRFTOKEN=token.value)
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_edtf": "sometime in 2011"}, "date_edtf"),
        ({"date_edtf": "2014-13-45"}, "date_edtf"),
        ({"release_date_edtf": "2014/2011"}, "release_date_edtf"),
        ({"slug": "open-letter"}, "slug"),
        ({"slug": "not a slug"}, "slug"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"place_written": "atlantis"}, "place_written"),
        ({"kind": "poem"}, "kind"),
        ({"language": "english!"}, "language"),
        ({"roles": [{"role": "author", "entity_type": "person", "entity": "nobody"}]}, "roles"),
        ({"roles": [{"role": "author", "entity_type": "place", "entity": "paris"}]}, "roles"),
        ({"roles": [{"role": "author", "entity_type": "person", "entity": "ann-author"}] * 2}, "roles"),
        ({"relations": [{"kind": "quotes", "target": "new-letter"}]}, "relations"),
        ({"title": "x" * 501}, "title"),
    ],
)
def test_invalid_writes_are_400_naming_the_field_and_save_nothing(token_client, archive, overrides, field):
    before = Document.history.count()
    response = token_client.post("/api/documents/", new_letter(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Document.history.count() == before


def test_person_with_aliases_in_one_request(token_client, archive, curator):
    response = token_client.post(
        "/api/people/",
        {"slug": "nouri-al-maliki", "name": "Nouri al-Maliki",
         "names": [{"name": "Nuri al-Maliki", "kind": "variant"}, {"name": "al-Maliki", "kind": "variant"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = Person.objects.get(slug="nouri-al-maliki")
    assert {n.name for n in person.names.all()} == {"al-Maliki", "Nuri al-Maliki"}
    assert person.history.latest().history_user == curator
    response = token_client.patch(
        "/api/people/nouri-al-maliki/", {"names": [{"name": "al-Maliki", "kind": "variant", "language": "en"}]},
        format="json",
    )
    assert [n["name"] for n in response.json()["names"]] == ["al-Maliki"]


@pytest.mark.parametrize(
    "names", [[{"name": "Al-Maliki"}, {"name": "al maliki"}], [{"name": "x-x"}], [{"name": "--"}]]
)
def test_aliases_that_fold_to_the_same_name_are_refused(token_client, archive, names):
    response = token_client.post("/api/people/", {"slug": "x", "name": "X X", "names": names}, format="json")
    assert response.status_code == 400 and "names" in response.json()


def test_place_cannot_be_inside_itself(token_client, archive, make_place):
    make_place("Inner", slug="inner", parent=archive["paris"])
    response = token_client.patch("/api/places/paris/", {"parent": "inner"}, format="json")
    assert response.status_code == 400 and "parent" in response.json()


def test_deleting_a_place_still_in_use_is_409(token_client, archive):
    response = token_client.delete("/api/places/paris/")
    assert response.status_code == 409
    assert "Open letter" in response.json()["detail"]


def test_curator_deletes_document_and_history_keeps_who(token_client, archive, curator):
    assert token_client.delete("/api/documents/news-post/").status_code == 204
    assert Document.history.filter(slug="news-post", history_type="-").get().history_user == curator


def test_event_needs_a_source(token_client, archive):
    response = token_client.post("/api/events/", {"slug": "e", "title": "E", "sources": []}, format="json")
    assert response.status_code == 400 and "sources" in response.json()
    response = token_client.post(
        "/api/events/", {"slug": "e", "title": "E", "date_edtf": "2010-01-07", "sources": ["open-letter"],
                         "people": ["ann-author"]}, format="json",
    )
    assert response.status_code == 201, response.json()


def test_curator_sees_private_person_in_roles(token_client, archive):
    roles = token_client.get("/api/documents/open-letter/").json()["roles"]
    mentioned = next(r for r in roles if r["role"] == "mentioned")
    assert mentioned["entity"]["slug"] == "hidden-person" and mentioned["private"] is True
