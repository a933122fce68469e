"""Synthetic records for search tests: an organisation, a place and people known by several
names, and documents that each use only one of those names."""

import pytest
from django.urls import reverse

from archive.models import Role, RoleKind, Status, Topic


@pytest.fixture
def api(client):
    """GET /api/search/ with the given parameters; returns (status, json)."""

    def get(**params):
        response = client.get(reverse("api-search"), params)
        assert response["Content-Type"].startswith("application/json")
        return response.status_code, response.json()

    return get


def slugs(body) -> list[str]:
    return [hit["slug"] for hit in body["results"]]


@pytest.fixture
def corpus(make_document, make_person, make_organisation, make_place):
    front = make_organisation(
        "Harmony Liberation Front", aliases=["HLF", "Front for Harmony", "Harmonie-Befreiungsfront"], slug="hlf"
    )
    camp = make_place("Camp Cedar", aliases=["Cedar Camp", "Camp New Haven"], slug="camp-cedar")
    leader = make_person("Farid al-Tahir", aliases=["Farid Tahiri"], slug="farid-al-tahir")
    private = make_person("Leila Quorn", aliases=["Lili Quorn"], is_private=True, slug="leila-quorn")
    health = Topic.objects.create(name="Health", slug="health")

    docs = {
        "acronym": make_document(
            slug="acronym", title="Statement on the HLF", kind="statement", date_edtf="2011-05",
            body="The HLF issued a statement about water supplies.",
        ),
        "full": make_document(
            slug="full", title="Letter from a former member", kind="letter", date_edtf="2014-10-16",
            body="I left the Harmony Liberation Front in 2003 and wrote letters to my family.",
        ),
        "linked": make_document(
            slug="linked", title="Minutes of a meeting", kind="report", date_edtf="2009/2013",
            body="Attendance was recorded. Nobody was named.",
        ),
        "camp": make_document(
            slug="camp", title="A visit", kind="report", date_edtf="2010-12-31",
            body="We visited Cedar Camp in winter; the families waited at the gate.",
        ),
        "maliki": make_document(
            slug="maliki", title="A speech", kind="speech", date_edtf="",
            body="Farid Al-Tahir spoke about <script>alert('x')</script> & other matters.",
        ),
        "private": make_document(
            slug="private", title="A family letter", kind="letter", date_edtf="2011-02",
            body="A letter about the family's worries.",
        ),
        "draft": make_document(
            slug="draft", title="Unpublished HLF notes", kind="other", status=Status.DRAFT,
            body="HLF draft text about water supplies, Cedar Camp and Farid Tahiri.",
        ),
    }
    Role.objects.create(document=docs["linked"], role=RoleKind.MENTIONED, organisation=front)
    Role.objects.create(document=docs["acronym"], role=RoleKind.AUTHOR, organisation=front)
    Role.objects.create(document=docs["maliki"], role=RoleKind.AUTHOR, person=leader)
    Role.objects.create(document=docs["private"], role=RoleKind.AUTHOR, person=private)
    Role.objects.create(document=docs["draft"], role=RoleKind.MENTIONED, person=private)
    docs["acronym"].topics.add(health)
    docs["camp"].topics.add(health)
    return {"docs": docs, "front": front, "camp": camp, "leader": leader, "private": private, "topic": health}
