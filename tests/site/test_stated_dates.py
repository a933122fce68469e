"""Dates as the documents give them: an approximate or uncertain date keeps its widened
bounds for range filters, but the year chart, the year facet, the home page's span, the
timeline and date order use the date as stated."""

import pytest
from django.urls import reverse

from archive.models import Event, Person, Role, RoleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(make_document):
    """Four documents whose widened bounds all overlap 2010, stated in three years."""
    person = Person.objects.create(name="Writer of letters", slug="writer")
    documents = {
        "about-january-2010": make_document(slug="about-january-2010", title="About January 2010", date_edtf="2010-01~"),
        "possibly-2011": make_document(slug="possibly-2011", title="Possibly January 2011", date_edtf="2011-01?"),
        "exactly-2009": make_document(slug="exactly-2009", title="Exactly 2009", date_edtf="2009-12-20"),
        "term": make_document(slug="term", title="Within a term", date_edtf="2009-01-21/2013-02-01"),
        "undated": make_document(slug="undated", title="Undated", date_edtf=""),
    }
    for document in documents.values():
        Role.objects.create(document=document, role=RoleKind.AUTHOR, person=person)
    return documents


def listed(client, href):
    if href.startswith("?"):  # the search page's bars keep the page's own query
        href = reverse("document-list") + href
    response = client.get(href)
    assert response.status_code == 200, href
    return {hit.document.slug for hit in response.context["result"].hits}


def test_each_bar_of_the_home_chart_lists_what_it_counts(client, dated):
    chart = client.get(reverse("home")).context["chart"]
    counts = {bar.year: bar.count for bar in chart.bars}
    assert counts == {2009: 2, 2010: 1, 2011: 1}  # not 2008, where "about January 2010" may begin
    for bar in chart.bars:
        assert len(listed(client, bar.href)) == bar.count, bar.href
    assert listed(client, next(bar.href for bar in chart.bars if bar.year == 2010)) == {"about-january-2010"}


def test_search_page_and_entity_page_bars_list_what_they_count(client, dated):
    for url in (reverse("document-list"), reverse("document-list") + "?q=paragraph", reverse("person-detail", args=["writer"])):
        chart = client.get(url).context["chart"]
        assert chart is not None, url
        for bar in chart.bars:
            assert len(listed(client, bar.href)) == bar.count, bar.href


def test_range_filters_still_find_an_approximate_date_by_its_widened_bounds(client, dated):
    december_2009 = listed(client, reverse("document-list") + "?date_from=2009-12&date_to=2009-12")
    assert {"about-january-2010", "possibly-2011", "exactly-2009", "term"} <= december_2009


def test_year_facet_and_api_count_by_the_stated_year(client, dated):
    body = client.get("/api/search/", {"page_size": "50"}).json()
    assert {b["value"]: b["count"] for b in body["facets"]["year"]} == {"2009": 2, "2010": 1, "2011": 1}
    documents = client.get("/api/documents/", {"year": "2010"}).json()["results"]
    assert [d["slug"] for d in documents] == ["about-january-2010"]
    assert client.get("/api/search/", {"year": "20x0"}).status_code == 400
    assert client.get(reverse("document-list"), {"year": "twenty"}).status_code == 400


def test_home_page_span_is_that_of_the_stated_dates(client, dated):
    page = client.get(reverse("home")).content.decode()
    assert "dated from 2009 to 2011" in page  # not from 2008, nor to 2012 or 2013


def test_date_order_follows_the_stated_dates(client, dated):
    response = client.get(reverse("document-list"), {"sort": "date"})
    order = [hit.document.slug for hit in response.context["result"].hits]
    assert order == ["term", "exactly-2009", "about-january-2010", "possibly-2011", "undated"]


def test_timeline_writes_dates_out_and_heads_them_by_the_year_they_state(client, dated):
    event = Event.objects.create(slug="decade", title="Sometime in the seventies", date_edtf="197X")
    event.sources.add(dated["exactly-2009"])  # an event is public through a published source
    page = client.get(reverse("timeline")).content.decode()
    assert "about January 2010" in page and "possibly January 2011" in page
    assert ">2010-01~<" not in page and ">197X<" not in page
    headings = [line for line in page.splitlines() if "<h3 id=\"year-" in line]
    assert [h.split(">")[1].split("<")[0] for h in headings] == ["1970", "2009", "2010", "2011"]
