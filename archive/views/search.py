"""Search and browse (/documents/): one form, facets with counts, results that htmx swaps."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from archive.filters import DocumentFilters, FilterError, parse_document_filters
from archive.search.engine import FacetBucket, search_documents

from . import charts
from .base import render_page, wants_fragment

SORT_OPTIONS = [("", _("best match")), ("-date", _("newest first")), ("date", _("oldest first"))]
FACET_FILTERS = ["kind", "language", "topic", "person", "organisation", "place"]


class Facet:
    """One facet as a fieldset of checkboxes; chosen values stay listed even at zero."""

    def __init__(self, name, buckets, chosen):
        self.name = name
        known = {b.value for b in buckets}
        self.options = [(b, b.value in chosen) for b in buckets]
        self.options += [(FacetBucket(value=v, label=v, count=0), True) for v in chosen if v not in known]


def _with(query: QueryDict, **changes) -> str:
    query = query.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return "?" + query.urlencode()


def document_list(request):
    errors = {}
    try:
        # A page's address may carry tags of its own (a campaign's, a reader's bookmark
        # tool's): unknown names are left alone here, as they are not on the APIs.
        params = parse_document_filters(request.GET, query_string=request.META.get("QUERY_STRING", ""), strict=False)
    except FilterError as exc:
        errors = exc.errors
        params = DocumentFilters()
    result = search_documents(params) if not errors else None
    if result is not None and result.num_pages and params.page > result.num_pages:
        # An out-of-range page shows the last page rather than an empty list or an error.
        params.page = result.num_pages
        result = search_documents(params)

    query = request.GET.copy()
    query.pop("page", None)
    facets = []
    chart = None
    if result is not None:
        facets = [Facet(name, result.facets.get(name, []), getattr(params, name)) for name in FACET_FILTERS]
        years = [(b.value, b.count) for b in result.facets.get("year", []) if str(b.value).isdigit()]
        chart = charts.year_chart(years, lambda y: _with(query, year=str(y)))
    context = {
        "params": params,
        "errors": errors,
        "result": result,
        "facets": facets,
        "chart": chart,
        "chosen_count": sum(len(getattr(params, name) or ()) for name in FACET_FILTERS)
        + bool(params.date_from or params.date_to),
        "sort_options": SORT_OPTIONS,
        "next_page": _with(query, page=str(params.page + 1)) if result and params.page < result.num_pages else None,
        "previous_page": _with(query, page=str(params.page - 1)) if result and params.page > 1 else None,
        "first_number": (params.page - 1) * params.page_size + 1,
        "clear_dates": _with(query, date_from=None, date_to=None, year=None),
        "no_expand": _with(query, expand="0"),
    }
    partial = "results"
    if wants_fragment(request) and request.htmx.target == "load-more":
        # The next page's hits replace the "load more" item; the pager updates out of band.
        partial = "more"
        context["oob_pager"] = True
    return render_page(request, "archive/documents.html", context, partial=partial, status=400 if errors else 200)
