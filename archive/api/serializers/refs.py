"""Small nested objects: how one record points at another (slug, name, page and API address)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.routes import slug_path


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The record's public page, for people to read and cite."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.Field):
    """The record's detail in this API; the route name follows the model name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), api_path(value))


def api_path(record) -> str:
    return slug_path(f"api:{record._meta.model_name}-detail", record.slug)


class RecordRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    url = PageURLField()
    api_url = APIURLField()

    def to_representation(self, record):
        # The fields above, read directly: a list of documents names a few hundred records,
        # and each field's generic look-up (inspecting `__str__` to see whether it takes
        # arguments) cost more than building the whole object.
        request = self.context.get("request")
        return {"slug": record.slug, "name": str(record), "url": absolute(request, record.get_absolute_url()),
                "api_url": absolute(request, api_path(record)), **self.more(record)}

    def more(self, record) -> dict:
        return {}


class DocumentRefSerializer(RecordRefSerializer):
    kind = serializers.CharField(read_only=True)
    date_edtf = serializers.CharField(read_only=True)

    def more(self, document) -> dict:
        return {"kind": document.kind, "date_edtf": document.date_edtf}


class DateSerializer(serializers.Serializer):
    """An EDTF date as written by the curator, its derived bounds, the day it states and a reader's paraphrase."""

    edtf = serializers.CharField(source="date_edtf", read_only=True)
    lower = serializers.DateField(source="date_lower", read_only=True, allow_null=True)
    upper = serializers.DateField(source="date_upper", read_only=True, allow_null=True)
    stated = serializers.DateField(
        source="date_stated", read_only=True, allow_null=True,
        help_text="The day the date names, without the widening of ~ and ?: what lists sort by and years count.",
    )
    meaning = serializers.CharField(source="date_meaning", read_only=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)
