"""Name look-up: any variant, accents and case ignored, small misspellings forgiven."""

import pytest

from archive.search.names import lookup_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(make_person, make_organisation, make_place):
    make_person("Massimo Ravelli", aliases=["M. Ravelli"], slug="ravelli")
    make_person("Hélène Kodaberg", slug="kodaberg")
    make_person("Ravella Secret", is_private=True, slug="secret", aliases=["Ravelli Hidden"])
    make_organisation("Harmony Liberation Front", aliases=["HLF"], slug="hlf")
    make_place("Camp Cedar", aliases=["Camp New Haven"], slug="camp-cedar")


def test_misspelt_name_is_found(names):
    assert lookup_names("Ravelly")[0].slug == "ravelli"
    assert lookup_names("Kodaberk")[0].slug == "kodaberg"


def test_accents_and_case_are_ignored(names):
    match = lookup_names("helene KODABERG")[0]
    assert (match.slug, match.score) == ("kodaberg", 100.0)


def test_alias_finds_the_record_with_its_preferred_name(names):
    match = lookup_names("camp new haven")[0]
    assert (match.entity_type, match.name, match.matched_name) == ("place", "Camp Cedar", "Camp New Haven")


def test_private_people_are_never_suggested(names):
    assert "secret" not in {m.slug for m in lookup_names("Ravelli Hidden")}
    assert "secret" not in {m.slug for m in lookup_names("Ravella Secret")}


def test_types_and_limit(names):
    assert {m.entity_type for m in lookup_names("HLF", types=("person",))} <= {"person"}
    assert len(lookup_names("a", limit=2)) <= 2


def test_start_of_a_name_is_suggested(names):
    assert lookup_names("Harmony Lib")[0].slug == "hlf"


def test_nothing_to_look_up(names):
    assert lookup_names("") == [] and lookup_names("!!!") == []
