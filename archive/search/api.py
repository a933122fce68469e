"""`GET /api/search/`: the search module as JSON, for the public site's box and for readers'
own tools."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from archive import registry
from archive.api.schema import document_filter_parameters
from archive.filters import FilterError, parse_document_filters

from .engine import search_documents

# DRF's own: content negotiation.
SURFACE_PARAMETERS = frozenset({"format"})


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
    entity_type = serializers.ChoiceField(registry.KEYS)
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


@extend_schema(parameters=document_filter_parameters(), responses={200: _SearchResponseSchema})
class SearchAPIView(APIView):
    """Search published documents, with the filters of the search page and of
    `/api/documents/` (`archive.filters`), ranked, with facets and alias expansions."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        try:
            params = parse_document_filters(
                request.query_params, query_string=request.META.get("QUERY_STRING", ""),
                surface_parameters=SURFACE_PARAMETERS,
            )
        except FilterError as exc:
            raise ValidationError({name: [message] for name, message in exc.errors.items()}) from None

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
