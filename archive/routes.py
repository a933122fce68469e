"""Addresses of records by slug: each route reversed once, not once per record.

`reverse()` walks the URL resolver on every call (about 25 µs): a page of a hundred OAI
records, an API list naming a few hundred records or a sitemap of 50,000 addresses spent
milliseconds to seconds on it. A route with one slug is reversed once per script prefix
with a marker slug, and each record's address is the route with its slug put in, quoted
as `reverse()` quotes it.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# A valid slug that no route holds, put where the slug goes.
_MARKER = "slug-4f8b0c2e-marker"


def slug_path(view_name: str, slug: str) -> str:
    """`reverse(view_name, kwargs={"slug": slug})`."""
    before, after = _route(view_name, get_script_prefix(), get_urlconf())
    return f"{before}{quote(slug, safe='')}{after}"


@lru_cache(maxsize=256)
def _route(view_name: str, prefix: str, urlconf) -> tuple[str, str]:
    # NoReverseMatch, as from reverse(), for a route that takes anything but one slug.
    before, _marker, after = reverse(view_name, kwargs={"slug": _MARKER}, urlconf=urlconf).partition(_MARKER)
    return before, after
