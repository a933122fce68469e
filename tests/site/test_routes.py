"""Records' addresses built from each route reversed once are the addresses reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from archive.routes import slug_path

ROUTES = ["document-detail", "person-detail", "organisation-detail", "place-detail", "topic-detail",
          "api:document-detail", "api:person-detail", "api:topic-detail"]


@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_slug_paths_are_what_reverse_gives(prefix):
    set_script_prefix(prefix)
    try:
        for route in ROUTES:
            for slug in ("a", "doc-500001", "Mixed_Case-2", "x" * 120):
                assert slug_path(route, slug) == reverse(route, kwargs={"slug": slug}), (route, slug)
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("route", ["document-citation", "timeline"])
def test_a_route_without_one_slug_is_refused_as_reverse_refuses_it(route):
    with pytest.raises(NoReverseMatch):
        slug_path(route, "a")
