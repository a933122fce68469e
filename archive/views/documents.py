"""The document page and its citation downloads."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from archive import citations
from archive.models import Document
from archive.models.visibility import PUBLIC
from archive.search.engine import highlight_terms

from . import selectors
from .base import render_page


def _published_document(slug):
    return get_object_or_404(Document.objects.visible_to(PUBLIC).with_roles(), slug=slug)


def document_detail(request, slug):
    document = _published_document(slug)
    page = selectors.document_page(document)
    absolute = request.build_absolute_uri
    record = citations.citation_record(document, absolute(document.get_absolute_url()))
    linked_data = citations.schema_org(
        document, absolute, {"isPartOf": page.part_of, "hasPart": page.parts, "citation": []}
    )
    query = request.GET.get("q", "").strip()[:200]
    paragraphs = document.paragraphs
    if query:
        paragraphs = [highlight_terms(paragraph, query) for paragraph in paragraphs]
    context = {
        "document": document,
        "page": page,
        "query": query,
        "paragraphs": paragraphs,
        "chicago": citations.chicago(record),
        "apa": citations.apa(record),
        "linked_data": linked_data,
        "role_headings": selectors.ROLE_HEADINGS,
    }
    return render_page(request, "archive/document_detail.html", context)


def document_citation(request, slug, style):
    """A citation file to download: BibTeX, RIS or CSL-JSON."""
    if style not in citations.DOWNLOADS:
        raise Http404(_("No such citation format."))
    document = _published_document(slug)
    render_format, content_type, extension = citations.DOWNLOADS[style]
    record = citations.citation_record(document, request.build_absolute_uri(document.get_absolute_url()))
    response = HttpResponse(render_format(record), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.slug}.{extension}"'
    return response
