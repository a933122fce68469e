"""What the reader sees changed in the page design: the year chart's counts and collapsed
empty years, facets of eight with "show all", the pager after "load more", language names,
the timeline chosen by name, the favicon."""

import re

from django.template import Context, Template
from django.urls import reverse

from archive.models import Role, Topic
from archive.views.charts import year_chart

URL = reverse("document-list")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_year_chart_collapses_long_empty_stretches_and_prints_counts():
    chart = year_chart([(1965, 1), (1970, 2), (2011, 12), (2014, 1)], lambda y: f"?y={y}")
    # Four empty years or more become one break; two (2012, 2013) keep their slots.
    assert [(gap.first, gap.last) for gap in chart.gaps] == [(1966, 1969), (1971, 2010)]
    assert [bar.year for bar in chart.bars] == [1965, 1970, 2011, 2014]
    # Eight slots rather than fifty years of nothing: bars at their widest.
    assert all(bar.width == 40 for bar in chart.bars)
    assert chart.show_counts
    assert [year for _x, year in chart.ticks] == [1965, 1970, 2011, 2014]


def test_year_chart_keeps_short_gaps_true_to_time():
    chart = year_chart([(2000, 1), (2003, 1)], lambda y: "")
    assert chart.gaps == []
    first, last = chart.bars
    # 2001 and 2002 keep their empty slots: four slots, the last bar three slots along.
    assert round((last.x - first.x) / (600 / 4)) == 3


def test_search_page_chart_has_counts_for_hover_and_screen_readers(client, make_document):
    make_document(title="Early", date_edtf="1965")
    make_document(title="Late", date_edtf="2011-05")
    make_document(title="Later", date_edtf="2011-06")
    html = client.get(URL).content.decode()
    assert 'aria-label="2011: 2 documents"' in html
    assert "<title>2011: 2 documents</title>" in html
    assert '<text class="value"' in html
    assert "<title>No documents 1966–2010</title>" in html


def test_facet_lists_show_eight_values_and_the_rest_behind_show_all(client, make_document):
    for i in range(11):
        document = make_document(title=f"Letter {i}")
        document.topics.add(Topic.objects.create(name=f"Subject {i:02d}", slug=f"subject-{i}"))
    html = client.get(URL).content.decode()
    topic = html[html.index("<legend>Topic</legend>"):]
    topic = topic[: topic.index("</fieldset>")]
    visible, rest = topic.split('<details class="more-values"', 1)
    assert visible.count('type="checkbox"') == 8
    assert rest.count('type="checkbox"') == 3
    assert "Show all 11" in rest


def test_show_all_is_open_when_a_hidden_value_is_chosen():
    # A chosen value stays listed even at zero (views.search.Facet), possibly past the eighth.
    template = Template(
        '{% load archive_tags %}{% with rest=options|slice:"8:" %}{% if rest|any_checked %}open{% endif %}{% endwith %}'
    )
    options = [(f"value {i}", False) for i in range(9)]
    assert template.render(Context({"options": options})) == ""
    options[8] = ("value 8", True)
    assert template.render(Context({"options": options})) == "open"


def test_filters_are_one_disclosure_after_the_results(client, make_document):
    make_document(title="Only one")
    html = client.get(URL, {"kind": "other"}).content.decode()
    assert html.index('id="hits"') < html.index('<details class="filters-panel" id="filters">')
    assert re.search(r"<summary>Filters <span class=\"count\">\(1 chosen\)</span></summary>", html)


def test_pager_after_load_more_offers_no_previous_page(client, make_document):
    for i in range(25):
        make_document(title=f"Numbered {i:02d}", date_edtf=f"{1990 + i}")
    html = client.get(URL, {"page": 2, "sort": "date"}, HTTP_HX_TARGET="load-more", **HTMX).content.decode()
    pager = html[html.index('<nav class="pager"'):]
    assert 'hx-swap-oob="true"' in pager
    assert "Previous page" not in pager and "Page 2 of 2" not in pager
    # Without htmx, page 2 is a page of its own with its way back.
    full = client.get(URL, {"page": 2, "sort": "date"}).content.decode()
    assert "Previous page" in full and "Page 2 of 2" in full


def test_document_page_names_its_language(client, make_document):
    document = make_document(title="Nameh", language="fa", text_direction="rtl")
    html = client.get(document.get_absolute_url()).content.decode()
    assert "<dd>Persian (right to left)</dd>" in html


def test_every_page_links_the_favicon(client, db):
    html = client.get(reverse("home")).content.decode()
    # With production settings the static file's name carries its content hash.
    assert re.search(r'<link rel="icon" href="/static/archive/favicon(\.[0-9a-f]{12})?\.svg" type="image/svg\+xml">', html)


def test_timeline_filter_by_name_or_alias_or_slug(client, make_document, make_person):
    person = make_person("Nouri al-Maliki", aliases=["Nuri Kamil al-Maliki"], slug="nouri-al-maliki")
    document = make_document(title="A letter to him", date_edtf="2011")
    Role.objects.create(document=document, role="recipient", person=person)
    for value in ("Nouri al-Maliki", "nuri kamil al maliki", "nouri-al-maliki"):
        response = client.get(reverse("timeline"), {"person": value})
        assert response.status_code == 200, value
        html = response.content.decode()
        assert 'value="Nouri al-Maliki"' in html
        assert "A letter to him" in html


def test_timeline_form_labels_each_input_and_offers_names(client, make_person):
    make_person("Nouri al-Maliki", slug="nouri-al-maliki")
    html = client.get(reverse("timeline")).content.decode()
    for field in ("person", "organisation", "place"):
        assert re.search(rf'<label for="tl-{field}">[^<]+</label>\s*<input id="tl-{field}" name="{field}"', html)
        assert f'list="tl-{field}-options"' in html
    options = client.get(reverse("name-suggestions"), {"person": "malik", "type": "person", "as": "options"}, **HTMX)
    assert '<option value="Nouri al-Maliki">' in options.content.decode()


def test_timeline_never_finds_a_private_person_by_name(client, make_person):
    make_person("Secret Person", is_private=True)
    response = client.get(reverse("timeline"), {"person": "Secret Person"})
    assert response.status_code == 400
    options = client.get(reverse("name-suggestions"), {"person": "secret", "type": "person", "as": "options"}, **HTMX)
    assert "Secret" not in options.content.decode()


def test_copy_buttons_hidden_until_the_script_shows_them(client, make_document):
    document = make_document(title="Cite me")
    html = client.get(document.get_absolute_url()).content.decode()
    assert html.count('class="copy"') == 4
    assert all(" hidden>" in button for button in re.findall(r"<button[^>]*class=\"copy\"[^>]*>", html))
