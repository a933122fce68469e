"""No lost update through the API: writes honour If-Match."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from archive.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def curators(curator, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("other", password="a-long-test-password", is_staff=True)
    other.groups.add(Group.objects.get(name="Curators"))
    clients = []
    for user in (curator, other):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        clients.append(client)
    return clients


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Camps", slug="camps", description="First text.")


def test_a_write_with_a_stale_etag_is_412_and_keeps_the_other_change(curators, topic):
    first, second = curators
    etag = first.get("/api/topics/camps/")["ETag"]
    second_etag = second.get("/api/topics/camps/")["ETag"]
    assert etag == second_etag
    assert second.patch("/api/topics/camps/", {"description": "Second's text."}, format="json",
                        HTTP_IF_MATCH=second_etag).status_code == 200
    response = first.put("/api/topics/camps/", {"name": "Camps", "slug": "camps", "description": "First's text."},
                         format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412 and response["Content-Type"] == "application/json"
    assert Topic.objects.get().description == "Second's text."
    assert first.delete("/api/topics/camps/", HTTP_IF_MATCH=etag).status_code == 412
    assert Topic.objects.exists()


@pytest.mark.parametrize("header", ['"nonsense"', "nonsense", 'W/"weak"', ""])
def test_a_malformed_or_unknown_if_match_is_412(curators, topic, header):
    response = curators[0].patch("/api/topics/camps/", {"description": "x"}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 412
    assert Topic.objects.get().description == "First text."


def test_the_current_etag_or_a_star_or_no_if_match_is_accepted(curators, topic):
    client = curators[0]
    etag = client.get("/api/topics/camps/")["ETag"]
    assert client.patch("/api/topics/camps/", {"description": "A"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch("/api/topics/camps/", {"description": "B"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert client.patch("/api/topics/camps/", {"description": "C"}, format="json").status_code == 200
    etag = client.get("/api/topics/camps/")["ETag"]
    assert client.delete("/api/topics/camps/", HTTP_IF_MATCH=etag).status_code == 204


def test_if_match_works_on_documents_with_their_nested_detail(curators, make_document):
    make_document(title="Letter", slug="letter")
    client = curators[0]
    etag = client.get("/api/documents/letter/")["ETag"]
    assert client.patch("/api/documents/letter/", {"title": "Letter (2)"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch("/api/documents/letter/", {"title": "Letter (3)"}, format="json", HTTP_IF_MATCH=etag).status_code == 412
