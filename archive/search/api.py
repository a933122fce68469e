"""`GET /api/search/`: the search module as JSON, for the public site's box and for readers'
own tools."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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


class _HitSchema(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.CharField()
    date = serializers.CharField(help_text="EDTF, as the document is dated.")
    snippet = serializers.CharField(help_text="Escaped text; <mark> around matched terms only.")
    url = serializers.URLField()


class _FacetBucketSchema(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class _ExpansionSchema(serializers.Serializer):
    term = serializers.CharField()
    entity_type = serializers.ChoiceField(["person", "organisation", "place"])
    slug = serializers.SlugField()
    name = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField())


class _SearchResponseSchema(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = _HitSchema(many=True)
    facets = serializers.DictField(child=_FacetBucketSchema(many=True))
    expansions = _ExpansionSchema(many=True)
    message = serializers.CharField(allow_blank=True)


_LIST = "Slug or code; repeat the parameter or separate with commas for several."
_SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description='Words (all must match), "phrases", OR, -excluded, prefix*.'),
    *(OpenApiParameter(name, str, description=_LIST) for name in ("kind", "language", "topic", "person", "organisation", "place")),
    OpenApiParameter("date_from", str, description="A year, YYYY-MM or YYYY-MM-DD; matched against the EDTF bounds."),
    OpenApiParameter("date_to", str, description="A year, YYYY-MM or YYYY-MM-DD; matched against the EDTF bounds."),
    OpenApiParameter("year", int, description="The year a document's date states, as the year facet counts it."),
    OpenApiParameter("expand", OpenApiTypes.BOOL, description="Expand names to their aliases (default true)."),
    OpenApiParameter("sort", str, enum=["relevance", "date", "-date"]),
    OpenApiParameter("page", int, description="From 1 to 500."),
    OpenApiParameter("page_size", int, description="At most 100."),
]


@extend_schema(
    parameters=_SEARCH_PARAMETERS,
    responses={
        200: _SearchResponseSchema,
        400: OpenApiResponse(
            response={"type": "object", "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}}},
            description="Each bad or unknown parameter, named, with a message.",
        ),
    },
)
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
