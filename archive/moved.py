"""Where a past address leads: the one reading of past slugs for pages and the API.

A reader following an old link (a renamed record, a record merged into another) gets a
301 to the same kind of address for the record it now leads to: a document page to the
document page, a citation download to the same download, an API detail to the API detail,
with the query string kept. A live record's slug is never shadowed by a past one, and a
past slug leads only to a record in the queryset the reader may see, so a draft's or a
private person's address answers 404 exactly like an unknown slug.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from archive.models import PastSlug


def new_location(request, visible, slug: str) -> str | None:
    """The address `slug` now leads to for this reader, or None (answer 404).

    `visible` is the queryset of records this reader may see, as the view reads them."""
    model = visible.model
    if model._default_manager.filter(slug=slug).exists():
        return None
    record_id = PastSlug.objects.record_id_for(model, slug)
    if record_id is None:
        return None
    current = visible.prefetch_related(None).filter(pk=record_id).values_list("slug", flat=True).first()
    if current is None:
        return None
    match = request.resolver_match
    location = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current})
    query = request.META.get("QUERY_STRING", "")
    return f"{location}?{query}" if query else location


def redirect_if_moved(request, visible, slug: str):
    """A 301 to where `slug` now leads, or None."""
    location = new_location(request, visible, slug)
    return HttpResponsePermanentRedirect(location) if location else None
