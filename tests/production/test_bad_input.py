"""Bad input from anyone is a clear 400 or 404 in the surface's own format, never a 500."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/timeline/?person=%00", "/timeline/?organisation=a%00b", "/timeline/?place=%00",
        "/documents/?person=%00", "/documents/?q=%00", "/names/?q=%00",
    ],
)
def test_a_nul_in_a_page_parameter_is_a_400_page(client, make_document, url):
    make_document()
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "query",
    [
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:testserver:%00",
        "verb=ListRecords&metadataPrefix=oai_dc&set=kind:%00",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=%00",
        "verb=ListMetadataFormats&identifier=%00",
        "verb=ListRecords&resumptionToken=%00",
        "verb=Identify%00",
    ],
)
def test_a_nul_in_an_oai_request_is_an_oai_error(client, make_document, query):
    make_document()
    response = client.get(f"/oai/?{query}")
    assert response.status_code == 200  # OAI-PMH reports errors inside its XML
    body = response.content.decode()
    assert "<error code=" in body and ("badArgument" in body or "idDoesNotExist" in body or "badVerb" in body)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/documents/", {"title": "T", "slug": "t", "topics": ["a\x00b"]}),
        ("/api/documents/", {"title": "T", "slug": "t", "place_written": "\x00"}),
        ("/api/documents/", {"title": "T", "slug": "t", "relations": [{"kind": "quotes", "target": "x\x00"}]}),
        ("/api/events/", {"title": "E", "slug": "e", "people": ["\x00"]}),
        ("/api/places/", {"name": "P", "slug": "p", "parent": "\x00"}),
    ],
)
def test_a_nul_in_a_reference_of_a_curator_write_is_a_400(token_client, path, body):
    response = token_client.post(path, body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/api/documents/a%00b/", "/api/people/%00/", "/documents/a%00b/"])
def test_a_nul_in_a_record_address_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_json_body_nested_too_deep_is_a_json_400(token_client):
    depth = 50_000
    body = "[" * depth + "]" * depth
    response = token_client.generic("POST", "/api/topics/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_json_body_nested_within_reason_is_read(token_client):
    body = json.dumps({"name": "Camps", "slug": "camps", "description": "x"})
    assert token_client.generic("POST", "/api/topics/", body, content_type="application/json").status_code == 201
