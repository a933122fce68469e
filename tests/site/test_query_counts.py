"""Each page costs a fixed number of SQL queries, however much data it shows."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIMITS = {
    "document": 10,  # with its original files
    "person": 12,
    "organisation": 14,
    "place": 13,
    "topic": 4,
    "home": 7,
    "timeline": 4,  # the columns' token, the events' dates, the page
    "sitemap": 12,
    "feed": 2,
    "oai-records": 8,
    "oai-identifiers": 5,
    "api-documents": 5,
    "api-topics": 4,
}


def _urls(data):
    return {
        "document": data["documents"][-1].get_absolute_url(),
        "person": data["person"].get_absolute_url(),
        "organisation": data["organisation"].get_absolute_url(),
        "place": data["place"].get_absolute_url(),
        "topic": data["topic"].get_absolute_url(),
        "home": reverse("home"),
        "timeline": reverse("timeline") + f"?person={data['person'].slug}",
        "sitemap": reverse("sitemap-section", args=["documents"]),
        "feed": reverse("document-feed"),
        "oai-records": "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        "oai-identifiers": "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
        "api-documents": "/api/documents/",
        "api-topics": "/api/topics/",
    }


@pytest.mark.parametrize("page", sorted(LIMITS))
@pytest.mark.parametrize("size", [2, 12])
def test_query_count_does_not_grow_with_data(client, corpus, django_assert_max_num_queries, page, size):
    url = _urls(corpus(size))[page]
    # Warm: the search columns some pages count on are loaded once per process, not per request.
    client.get(url)
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_same_query_count_for_small_and_large_records(client, corpus, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 20):
        data = corpus(size)
        row = []
        for url in _urls(data).values():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]
