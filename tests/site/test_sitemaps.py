"""The sitemap: an index of files of at most PER_FILE addresses, each a fixed number of
queries, and never a stale file after a write."""

import re

import pytest
from django.urls import reverse

from archive import sitemaps
from archive.models import Document, Status

pytestmark = pytest.mark.django_db


def _locations(content: bytes) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", content.decode())


def test_index_lists_one_file_per_page_of_each_section(client, corpus, monkeypatch):
    monkeypatch.setattr(sitemaps.DocumentSitemap, "limit", 2)
    data = corpus(5)
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert b"<sitemapindex" in response.content
    files = _locations(response.content)
    documents = [url for url in files if "/sitemap-documents.xml" in url]
    # Five published documents (the draft left out), two per file: three files.
    assert documents == [
        "http://testserver/sitemap-documents.xml",
        "http://testserver/sitemap-documents.xml?p=2",
        "http://testserver/sitemap-documents.xml?p=3",
    ]
    listed = []
    for url in documents:
        page = client.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200
        assert b"<urlset" in page.content
        listed += _locations(page.content)
    assert sorted(listed) == sorted(f"http://testserver{d.get_absolute_url()}" for d in data["documents"])
    assert "http://testserver/sitemap-people.xml" in files
    assert "http://testserver/sitemap-pages.xml" in files


def test_files_hold_at_most_the_sitemap_protocol_limit():
    for section in sitemaps.SITEMAPS.values():
        assert section.limit <= 50_000


@pytest.mark.parametrize("path", ["/sitemap-nothing.xml", "/sitemap-documents.xml?p=99", "/sitemap-documents.xml?p=x"])
def test_unknown_section_or_page_is_404(client, corpus, path):
    corpus(1)
    assert client.get(path).status_code == 404


def test_a_write_is_in_the_next_sitemap_file(client, corpus):
    data = corpus(2)
    url = reverse("sitemap-section", args=["documents"])
    first = client.get(url).content  # rendered and cached
    assert data["documents"][0].slug.encode() in first
    Document.objects.filter(pk=data["documents"][0].pk).update(status=Status.DRAFT)
    assert data["documents"][0].slug.encode() not in client.get(url).content
    assert data["draft"].slug.encode() not in client.get(url).content


@pytest.mark.parametrize("size", [2, 12])
def test_query_counts_do_not_grow_with_data(client, corpus, django_assert_max_num_queries, size, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    corpus(size)
    # The index: the token, then per section its count and latest change, then the last public change.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("sitemap")).status_code == 200
    with django_assert_max_num_queries(4):  # the token, the count, the page, the last public change
        assert client.get(reverse("sitemap-section", args=["documents"])).status_code == 200


def test_a_cached_file_costs_one_query(client, corpus, django_assert_num_queries):
    corpus(3)
    url = reverse("sitemap-section", args=["documents"])
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
