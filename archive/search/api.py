"""`GET /api/search/`: the search module as JSON, for the public site's box and for readers'
own tools."""

from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .engine import search_documents
from .params import PARAM_NAMES, SearchParamError, parse_search_params

# DRF's own: content negotiation.
ALLOWED_EXTRA = frozenset({"format"})


class SearchHitSerializer(serializers.Serializer):
    def to_representation(self, hit):
        document = hit.document
        request = self.context.get("request")
        url = document.get_absolute_url()
        return {
            "slug": document.slug,
            "title": document.title,
            "kind": document.kind,
            "date": document.date_edtf,
            "snippet": str(hit.snippet),
            "url": request.build_absolute_uri(url) if request else url,
        }


class SearchAPIView(APIView):
    """Search published documents. Parameters: q (words, "phrases", OR, -excluded, prefix*),
    kind, language, topic, person, organisation, place (repeatable), date_from, date_to,
    expand (1/0), sort (relevance, date, -date), page, page_size (at most 100)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        unknown = sorted(set(request.query_params) - PARAM_NAMES - ALLOWED_EXTRA)
        errors = {name: "Unknown parameter." for name in unknown}
        params = None
        try:
            params = parse_search_params(request.query_params)
        except SearchParamError as exc:
            errors.update(exc.errors)
        if errors:
            return Response({"errors": errors}, status=400)

        result = search_documents(params)
        return Response(
            {
                "count": result.count,
                "page": result.page,
                "num_pages": result.num_pages,
                "results": SearchHitSerializer(result.hits, many=True, context={"request": request}).data,
                "facets": {
                    key: [{"value": b.value, "label": b.label, "count": b.count} for b in buckets]
                    for key, buckets in result.facets.items()
                },
                "expansions": [
                    {"term": e.term, "entity_type": e.entity_type, "slug": e.slug, "name": e.name, "names": e.names}
                    for e in result.expansions
                ],
                "message": result.message,
            }
        )
