"""Name suggestions: people, organisations and places matching what a reader types."""

from archive.search.names import lookup_names

from .base import render_page

MAX_QUERY = 100


def name_suggestions(request):
    """For htmx, a short list under the search box; without JavaScript, a page of matches."""
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    matches = lookup_names(text, limit=8) if len(text) >= 2 else []
    return render_page(request, "archive/names.html", {"text": text, "matches": matches}, partial="suggestions")
