"""The document page and its citation downloads."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from archive import citations
from archive.models import Document
from archive.models.visibility import PUBLIC
from archive.search.engine import highlight_terms

from . import selectors
from .base import record_at, render_page


def _cited_page(request, page_count: int | None) -> int | None:
    """The page of the original a reader cites (`?page=3`), or None; a page the original does
    not have is a 400 saying so."""
    raw = request.GET.get("page", "").strip()
    if not raw:
        return None
    if not page_count:
        raise BadRequest(_("This document has no original file with pages to cite."))
    if not raw.isdigit() or not 1 <= int(raw) <= page_count:
        raise BadRequest(_("page must be a number from 1 to %(n)d.") % {"n": page_count})
    return int(raw)


def document_detail(request, slug):
    document, redirect = record_at(request, Document.objects.visible_to(PUBLIC).with_roles(), slug)
    if redirect:
        return redirect
    page = selectors.document_page(document)
    absolute = request.build_absolute_uri
    original = page.paged_original
    cited_page = _cited_page(request, original.page_count if original else None)
    record = citations.citation_record(document, absolute(document.get_absolute_url()), page=cited_page)
    linked_data = citations.schema_org(
        document, absolute, {"isPartOf": page.part_of, "hasPart": page.parts, "citation": []}
    )
    query = request.GET.get("q", "").strip()[:200]
    paragraphs = document.paragraphs_with_pages
    if query:
        paragraphs = [(highlight_terms(paragraph, query), number) for paragraph, number in paragraphs]
    context = {
        "document": document,
        "page": page,
        "query": query,
        "paragraphs": paragraphs,
        "cited_page": cited_page,
        "citations": citations.text_citations(record),
        "meta_tags": citations.meta_tags(record),
        "linked_data": linked_data,
        "role_headings": selectors.ROLE_HEADINGS,
    }
    return render_page(request, "archive/document_detail.html", context)


def document_citation(request, slug, style):
    """A citation file to download: BibTeX, RIS or CSL-JSON."""
    if style not in citations.DOWNLOADS:
        raise Http404(_("No such citation format."))
    document, redirect = record_at(request, Document.objects.visible_to(PUBLIC).with_roles(), slug)
    if redirect:
        return redirect
    render_format, content_type, extension = citations.DOWNLOADS[style]
    page_count = document.originals.exclude(page_count=None).values_list("page_count", flat=True).first()
    cited_page = _cited_page(request, page_count)
    record = citations.citation_record(
        document, request.build_absolute_uri(document.get_absolute_url()), page=cited_page
    )
    response = HttpResponse(render_format(record), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.slug}.{extension}"'
    return response
