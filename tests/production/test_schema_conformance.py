"""Pages the project serves from other packages keep to the Content Security Policy, and the
APIs agree on their limits."""

import base64
import hashlib
import re

import pytest

pytestmark = pytest.mark.django_db


def inline_styles(html: str) -> list[str]:
    return re.findall(r"<style[^>]*>(.*?)</style>", html, re.S) + re.findall(r'\sstyle="([^"]*)"', html)


def allowed_styles(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["style-src"]


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("page", ["api-docs", "history"])
def test_every_inline_style_of_a_served_page_is_allowed_by_the_policy(admin_client, make_document, page):
    document = make_document()
    url = "/api/docs/" if page == "api-docs" else f"/admin/archive/document/{document.pk}/history/"
    response = admin_client.get(url)
    assert response.status_code == 200
    styles = inline_styles(response.content.decode())
    assert styles  # the page has inline styles; each must be allowed by its digest
    for style in styles:
        assert digest(style) in allowed_styles(response), style[:60]


def test_the_site_allows_no_inline_style_beyond_those_digests(client, make_document):
    policy = allowed_styles(client.get("/"))
    assert "'unsafe-inline'" not in policy


def test_search_api_refuses_a_page_size_over_its_cap_like_the_lists(client, make_document):
    make_document()
    for path in ("/api/search/?q=document&page_size=1000", "/api/documents/?page_size=1000"):
        response = client.get(path)
        body = response.json()
        assert response.status_code == 400 and "page_size" in body.get("errors", body), path
    assert client.get("/api/search/?q=document&page_size=100").status_code == 200


@pytest.mark.parametrize("path", ["/api/search/", "/api/documents/"])
def test_an_empty_list_filter_is_accepted_and_documented_as_allowed(client, make_document, path):
    """A form's unused box sends `person=`: no filter, and the schema must not call it invalid."""
    import yaml

    make_document()
    assert client.get(path, {"person": "", "kind": "", "language": ""}).status_code == 200
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = {p["name"]: p["schema"]["items"] for p in schema["paths"][path]["get"]["parameters"]
                  if p["schema"].get("type") == "array"}
    for name in ("person", "organisation", "place", "topic", "language"):
        assert re.fullmatch(parameters[name]["pattern"], ""), name
    assert "" in parameters["kind"]["enum"]
