"""Drafts and private people never appear on the public site, in the feed or the sitemap."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "timeline", "topic-list", "about", "sitemap", "document-feed"]


def test_draft_document_page_is_404(client, corpus):
    data = corpus(2)
    response = client.get(data["draft"].get_absolute_url())
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_draft_citation_downloads_are_404(client, corpus):
    data = corpus(1)
    response = client.get(reverse("document-citation", args=[data["draft"].slug, "bibtex"]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", PUBLIC_PAGES + ["documents-sitemap"])
def test_draft_never_listed(client, corpus, name):
    data = corpus(3)
    url = reverse("sitemap-section", args=["documents"]) if name == "documents-sitemap" else reverse(name)
    response = client.get(url)
    assert response.status_code == 200
    assert data["draft"].title.encode() not in response.content
    assert data["draft"].slug.encode() not in response.content


def test_draft_not_on_record_topic_or_related_pages(client, corpus):
    data = corpus(3)
    pages = [
        data["person"].get_absolute_url(), data["topic"].get_absolute_url(),
        data["documents"][0].get_absolute_url(), reverse("timeline") + f"?person={data['person'].slug}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert data["draft"].title.encode() not in response.content, url


def test_private_person_page_is_404(client, corpus):
    data = corpus(1)
    assert client.get(data["private"].get_absolute_url()).status_code == 404


def test_private_person_never_named_or_linked_on_document_page(client, corpus):
    data = corpus(1)
    response = client.get(data["documents"][0].get_absolute_url())
    html = response.content.decode()
    assert data["private"].name not in html
    assert data["private"].slug not in html
    assert "a private individual" in html


def test_private_person_not_in_sitemap_or_json_ld(client, corpus):
    data = corpus(1)
    people = client.get(reverse("sitemap-section", args=["people"])).content
    assert data["private"].slug.encode() not in people
    assert data["person"].slug.encode() in people


def test_private_person_cannot_filter_timeline(client, corpus):
    data = corpus(1)
    response = client.get(reverse("timeline"), {"person": data["private"].slug})
    assert response.status_code == 400
    assert data["private"].name.encode() not in response.content


def test_private_person_left_out_of_citations(client, corpus, make_document, make_person):
    from archive.models import Role

    secret = make_person("Hidden Author", is_private=True)
    document = make_document(title="Anonymous note")
    Role.objects.create(document=document, role="author", person=secret)
    for style in ("bibtex", "ris", "csl-json"):
        body = client.get(reverse("document-citation", args=[document.slug, style])).content.decode()
        assert "Hidden Author" not in body
    assert "Hidden Author" not in client.get(document.get_absolute_url()).content.decode()
