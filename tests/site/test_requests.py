"""htmx fragments from the page's own template, headers, and bad input."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HISTORY_RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


def test_htmx_request_gets_only_the_results_partial(client, corpus):
    data = corpus(3)
    response = client.get(data["topic"].get_absolute_url(), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="topic-results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(client, corpus):
    data = corpus(3)
    response = client.get(data["topic"].get_absolute_url(), **HISTORY_RESTORE)
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_timeline_fragment_for_htmx(client, corpus):
    corpus(2)
    html = client.get(reverse("timeline"), **HTMX).content.decode()
    assert html.lstrip().startswith('<section id="timeline-results"')


def test_record_section_load_more_returns_next_items(client, corpus):
    data = corpus(25)
    url = data["person"].get_absolute_url()
    full = client.get(url).content.decode()
    assert 'id="more-author"' in full
    more = client.get(url, {"author": 2, "section": "author"}, HTTP_HX_TARGET="more-author", **HTMX).content.decode()
    assert "<html" not in more
    assert more.count("<li>") == 5
    assert 'id="more-author"' not in more


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "%00"])
def test_bad_page_numbers_show_nearest_page(client, corpus, page):
    data = corpus(2)
    assert client.get(data["topic"].get_absolute_url(), {"page": page}).status_code == 200
    assert client.get(reverse("timeline"), {"page": page}).status_code == 200
    assert client.get(data["person"].get_absolute_url(), {"author": page}).status_code == 200


def test_unknown_timeline_filter_is_styled_400(client, db):
    response = client.get(reverse("timeline"), {"organisation": "no-such-body"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "no-such-body" in html
    assert 'class="skip-link"' in html


def test_unknown_slug_is_styled_404(client, db):
    for name in ("document-detail", "person-detail", "organisation-detail", "place-detail", "topic-detail"):
        response = client.get(reverse(name, args=["nothing-here"]))
        assert response.status_code == 404
        assert b'class="skip-link"' in response.content


def test_robots_names_the_sitemap(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_feed_is_atom_of_newest_first(client, make_document):
    from django.utils import timezone

    older = make_document(title="Older", published_at=timezone.now() - timezone.timedelta(days=2))
    newer = make_document(title="Newer", published_at=timezone.now())
    response = client.get(reverse("document-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.index(newer.title) < body.index(older.title)
