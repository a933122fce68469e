"""Facts about the curated seed archive, read through the API."""

import json

import pytest

pytestmark = pytest.mark.django_db

PRIVATE = ("maryam-babaii", "mr-babaii")


def without_body(value):
    if isinstance(value, dict):
        return {k: without_body(v) for k, v in value.items() if k != "body"}
    if isinstance(value, list):
        return [without_body(v) for v in value]
    return value


def test_open_letter_has_its_three_recipients_in_order(api, seed):
    body = api.get("/api/documents/open-letter-khodabandeh-to-iraqi-leaders-on-camp-ashraf/").json()
    recipients = [r for r in body["roles"] if r["role"] == "recipient"]
    assert len(recipients) == 3
    assert [r["order"] for r in recipients] == sorted(r["order"] for r in recipients)
    assert all(r["entity"] is not None for r in recipients)


def test_private_people_are_in_no_response(api, seed):
    paths = ["/api/documents/?page_size=100", "/api/people/?page_size=100", "/api/events/?page_size=100"]
    paths += [f"/api/documents/{d['slug']}/" for d in api.get("/api/documents/?page_size=100").json()["results"]]
    for path in paths:
        # The document text itself stays intact (the domain's rule); everything else is checked.
        text = json.dumps(without_body(api.get(path).json())).lower()
        assert not any(slug in text for slug in PRIVATE), path
        assert "babaii" not in text, path
    for slug in PRIVATE:
        assert api.get(f"/api/people/{slug}/").status_code == 404


def test_letter_to_secretary_of_state_shows_private_people_as_anonymous_roles(api, seed):
    roles = api.get("/api/documents/letter-sarrafpour-to-us-secretary-of-state/").json()["roles"]
    private = [r for r in roles if r["private"]]
    assert private and all(r["entity"] is None and r["name_as_written"] is None for r in private)


def test_search_parameter_q_finds_documents_through_aliases(api, seed):
    response = api.get("/api/documents/?q=MKO")
    assert response.status_code == 200, response.content
    found = {d["slug"] for d in response.json()["results"]}
    assert found
    unexpanded = {d["slug"] for d in api.get("/api/documents/?q=MKO&expand=0").json()["results"]}
    assert unexpanded <= found


def test_search_with_syntax_noise_never_fails(api, seed):
    for q in ['"unclosed', "AND OR NOT", "*", "((", "al-Maliki:", "ﻣﺠﺎﻫﺪﯾﻦ"]:
        assert api.get("/api/documents/", {"q": q}).status_code == 200, q


def test_seed_query_counts_are_flat(api, seed, django_assert_max_num_queries):
    api.get("/api/documents/?page_size=1")  # a reader's list is paged on the search columns: load them once
    with django_assert_max_num_queries(8) as small:
        api.get("/api/documents/?page_size=2")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(api.get("/api/documents/?page_size=10").json()["results"]) == 10
    assert json.loads(api.get("/api/").content)["search"]
