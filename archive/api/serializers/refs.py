"""Small nested objects: how one record points at another (slug, name, page and API address)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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
        path = reverse(f"api:{value._meta.model_name}-detail", kwargs={"slug": value.slug})
        return absolute(self.context.get("request"), path)


class RecordRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    url = PageURLField()
    api_url = APIURLField()


class DocumentRefSerializer(RecordRefSerializer):
    kind = serializers.CharField(read_only=True)
    date_edtf = serializers.CharField(read_only=True)


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
