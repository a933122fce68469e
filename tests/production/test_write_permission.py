"""API writes need staff status and the Curators group's permissions together."""

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from archive.models import Topic

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def group_member_not_staff(db):
    user = User.objects.create_user("member", password="a-long-test-password", is_staff=False)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


def test_a_curators_group_member_who_is_not_staff_cannot_write(group_member_not_staff):
    Topic.objects.create(name="Camps", slug="camps")
    client = client_for(group_member_not_staff)
    assert client.post("/api/topics/", {"name": "New", "slug": "new"}, format="json").status_code == 403
    assert client.patch("/api/topics/camps/", {"name": "Changed"}, format="json").status_code == 403
    assert client.delete("/api/topics/camps/").status_code == 403
    assert Topic.objects.get().name == "Camps"
    assert client.get("/api/topics/").status_code == 200


def test_a_curator_who_loses_staff_status_stops_writing(curator):
    client = client_for(curator)
    assert client.post("/api/topics/", {"name": "New", "slug": "new"}, format="json").status_code == 201
    User.objects.filter(pk=curator.pk).update(is_staff=False)
    assert client.post("/api/topics/", {"name": "Newer", "slug": "newer"}, format="json").status_code == 403


def test_staff_without_the_groups_permissions_cannot_write(db):
    staff = User.objects.create_user("staff", password="a-long-test-password", is_staff=True)
    assert client_for(staff).post("/api/topics/", {"name": "New", "slug": "new"}, format="json").status_code == 403
