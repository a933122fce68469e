"""Facts about the founding documents: aliases from the curated fixtures at work."""

import pytest

from .conftest import slugs

pytestmark = pytest.mark.django_db


def test_acronym_finds_the_open_letter(seed, api):
    _status, body = api(q="MKO", page_size="50")
    assert "open-letter-khodabandeh-to-iraqi-leaders-on-camp-ashraf" in slugs(body)
    assert any(e["slug"] == "mojahedin-e-khalq" for e in body["expansions"])


def test_later_name_of_the_camp_finds_documents_saying_ashraf_camp(seed, api):
    _status, body = api(q="Camp New Iraq", page_size="50")
    assert "report-families-waiting-at-camp-ashraf-gate" in slugs(body)


def test_private_people_of_the_seed_are_not_in_facets(seed, api):
    _status, body = api(page_size="50")
    people = {b["value"] for b in body["facets"]["person"]}
    assert not people & {"maryam-babaii", "mr-babaii"}


def test_misspelt_seed_names_are_suggested(seed):
    from archive.search.names import lookup_names

    assert lookup_names("Rajavy")[0].slug in {"massoud-rajavi", "maryam-rajavi"}
    assert lookup_names("Khodabande")[0].slug == "massoud-khodabandeh"
