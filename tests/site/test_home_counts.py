"""The home page's archive-wide counts are kept per generation of the search columns: each
write must still show on the next request, and an unpublished document must leave them."""

import re

import pytest

from archive import publishing
from archive.models import Status, Topic

pytestmark = pytest.mark.django_db


def _home(client):
    html = client.get("/").content.decode()
    total = int(re.search(r"The archive holds (\d+) published document", html).group(1))
    topic = re.search(r'href="/topics/inquiry/">Inquiry</a> <span class="count">(\d+)</span>', html)
    return total, int(topic.group(1)) if topic else 0


def test_home_counts_follow_each_publish_and_unpublish(client, make_document):
    inquiry = Topic.objects.create(name="Inquiry", slug="inquiry")
    documents = [make_document(date_edtf="1999", status=Status.DRAFT) for _ in range(3)]
    for document in documents:
        document.topics.add(inquiry)
    make_document(date_edtf="2001")
    assert _home(client) == (1, 0)
    assert _home(client) == (1, 0)  # served again from the same generation

    publishing.publish(document=documents[0])
    assert _home(client) == (2, 1)
    publishing.publish(document=documents[1])
    assert _home(client) == (3, 2)
    publishing.unpublish(document=documents[0])
    assert _home(client) == (2, 1)
    assert "1999" in client.get("/").content.decode()  # the chart's span follows too
