"""What every public page shares: whole page or htmx fragment from one template, paging,
and finding a record by its address (or where its past address now leads)."""

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from archive import moved

# A browser may cache the fragment and the page under one address; these headers tell them apart.
VARY_HEADERS = ["HX-Request", "HX-History-Restore-Request"]


def wants_fragment(request) -> bool:
    """An htmx swap gets the partial; a history restore (htmx asking for a page it no longer
    has in its cache) gets the whole page, as does every ordinary request."""
    return bool(request.htmx) and not request.htmx.history_restore_request and not request.htmx.boosted


def render_page(request, template_name: str, context: dict, *, partial: str | None = None, status: int = 200):
    """Render `template_name`, or only its `{% partialdef partial %}` for an htmx swap."""
    name = f"{template_name}#{partial}" if partial and wants_fragment(request) else template_name
    response = render(request, name, context, status=status)
    patch_vary_headers(response, VARY_HEADERS)
    return response


def page_of(request, queryset, per_page: int, param: str = "page") -> Page:
    """The requested page, or the nearest valid one for a missing, malformed or
    out-of-range number (so `?page=999` shows the last page instead of an error)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


def record_at(request, queryset, slug: str):
    """(record, None) for the record at `slug` in `queryset` (what this reader may see), or
    (None, a 301) for a past slug leading to one; any other slug is a 404."""
    try:
        return queryset.get(slug=slug), None
    except queryset.model.DoesNotExist:
        redirect = moved.redirect_if_moved(request, queryset, slug)
        if redirect is None:
            raise Http404(f"No {queryset.model._meta.verbose_name} at this address.") from None
        return None, redirect
