"""Name suggestions: people, organisations and places matching what a reader types."""

from archive.search.names import lookup_names

from .base import render_page

MAX_QUERY = 100

TYPES = ("person", "organisation", "place")


def name_suggestions(request):
    """For htmx, a short list under the search box, or (`as=options`) the options of a form
    field's datalist; without JavaScript, a page of matches. `type` keeps one kind of record."""
    one_type = request.GET.get("type") if request.GET.get("type") in TYPES else None
    # A form field sends what was typed under its own name (htmx includes the field's value).
    text = (request.GET.get("q") or request.GET.get(one_type or "q") or "").strip()[:MAX_QUERY]
    types = (one_type,) if one_type else TYPES
    matches = lookup_names(text, limit=8, types=types) if len(text) >= 2 else []
    partial = "options" if request.GET.get("as") == "options" else "suggestions"
    return render_page(request, "archive/names.html", {"text": text, "matches": matches}, partial=partial)
