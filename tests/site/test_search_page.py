"""/documents/: one view for the page and its htmx fragments, facets as checkboxes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
URL = "/documents/"


def test_full_page_has_form_that_works_without_javascript(client, corpus):
    corpus(3)
    html = client.get(URL).content.decode()
    assert '<form id="search-form" class="search-page" method="get" action="/documents/"' in html
    assert 'hx-push-url="true"' in html
    assert 'type="checkbox"' in html


def test_htmx_change_gets_results_and_facets_only(client, corpus):
    data = corpus(3)
    response = client.get(URL, {"topic": data["topic"].slug}, HTTP_HX_TARGET="search-results", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html and 'id="q"' not in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_full_page(client, corpus):
    corpus(2)
    response = client.get(URL, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in response.content.decode()


def test_load_more_returns_next_hits_and_pager_out_of_band(client, corpus):
    corpus(25)
    response = client.get(URL, {"page": 2, "sort": "date"}, HTTP_HX_TARGET="load-more", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="hit">')
    assert 'hx-swap-oob="true"' in html
    assert 'id="load-more"' not in html  # the last page has no "load more"


def test_checked_facets_stay_checked(client, corpus):
    data = corpus(2)
    html = client.get(URL, {"person": data["person"].slug}).content.decode()
    assert f'name="person" value="{data["person"].slug}" checked' in html


def test_private_person_never_listed_in_facets(client, corpus):
    data = corpus(3)
    html = client.get(URL).content.decode()
    assert data["private"].name not in html
    assert data["private"].slug not in html


def test_drafts_never_in_results(client, corpus):
    data = corpus(3)
    html = client.get(URL, {"q": "Unpublished draft"}).content.decode()
    assert data["draft"].title not in html


def test_year_chart_bars_are_links(client, corpus):
    corpus(3)
    html = client.get(URL).content.decode()
    assert '<a href="?year=2000"' in html  # a bar lists what it counts: the documents dated 2000


@pytest.mark.parametrize(
    "query",
    [{"date_from": "not-a-date"}, {"kind": "nonsense"}, {"page": "x"}, {"expand": "maybe"}, {"person": "<b>"}],
)
def test_malformed_parameters_are_a_styled_400(client, corpus, query):
    corpus(1)
    response = client.get(URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errors"' in html and 'class="skip-link"' in html
    assert "<b>" not in html


def test_page_past_the_end_shows_last_page(client, corpus):
    corpus(3)
    response = client.get(URL, {"page": 50})
    assert response.status_code == 200
    assert b'class="hit"' in response.content


def test_any_query_text_is_safe(client, corpus):
    corpus(2)
    for q in ['"unclosed', "AND OR NOT", "*", "((", "<script>x</script>", "a" * 600, "\x00"]:
        response = client.get(URL, {"q": q})
        assert response.status_code in (200, 400)
        assert b"<script>x" not in response.content


def test_query_count_same_for_small_and_large_results(client, corpus):
    counts = []
    for size in (2, 20):
        data = corpus(size)
        client.get(URL)  # the columns catch up with the writes: the queries of one search, not of the writes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"topic": data["topic"].slug}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_name_suggestions_fragment_and_page(client, make_person):
    make_person("Nouri al-Maliki", aliases=["Nuri Kamil al-Maliki"], slug="nouri-al-maliki")
    make_person("Hidden Maliki", slug="hidden-maliki", is_private=True)
    fragment = client.get(reverse("name-suggestions"), {"q": "maliki"}, **HTMX).content.decode()
    assert fragment.lstrip().startswith('<ul class="name-matches"')
    assert 'href="/people/nouri-al-maliki/"' in fragment
    assert "Hidden" not in fragment
    page = client.get(reverse("name-suggestions"), {"q": "maliki"}).content.decode()
    assert "<html" in page and 'href="/people/nouri-al-maliki/"' in page


def test_document_page_highlights_search_terms(client, make_document):
    document = make_document(body="The camp gate was closed.\n\nNothing else.")
    html = client.get(document.get_absolute_url(), {"q": "gate"}).content.decode()
    assert "<mark>gate</mark>" in html
