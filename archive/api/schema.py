"""The OpenAPI schema documents every answer the API can give, errors and redirects, not only successes."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from archive.filters import parameter_specs


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")


VALIDATION_ERROR = OpenApiResponse(
    response={
        "type": "object",
        "description": "Each bad query parameter or field, named, with a list of messages "
        "(nested objects for nested fields such as roles).",
        "additionalProperties": {},
    },
    description="A query parameter or a field of the request is malformed, unknown or not allowed.",
)


def _error(description):
    return OpenApiResponse(response=ErrorSerializer, description=description)


ERRORS = {
    "301": OpenApiResponse(
        description="Moved permanently: the slug is a past slug of a record renamed or merged into another; "
        "`Location` gives the record's current address. A past slug of a record the client may not see is a 404."
    ),
    "304": OpenApiResponse(description="Not modified: the `ETag` or `Last-Modified` the client sent still holds."),
    "400": VALIDATION_ERROR,
    "401": _error("Authentication is required (token or session) for writes."),
    "403": _error("The user may not do this (no permission, or missing CSRF token with session auth)."),
    "404": _error("No visible record has this slug."),
    "406": _error("The `Accept` header or `format` parameter asks for a representation the API cannot give."),
    "409": _error("Other records still refer to this one, or the change conflicts with an existing record."),
    "415": _error("The request body is not in a supported media type (use application/json)."),
    "429": _error("Too many anonymous requests; retry after the number of seconds in `Retry-After`."),
}


class ArchiveAutoSchema(AutoSchema):
    def error_codes(self) -> list[str]:
        codes = ["400", "406", "429"]
        if self.method == "GET":
            codes.append("304")
        if "{" in self.path:
            codes.append("404")
            if self.method == "GET" and not self.path.startswith("/api/events/"):
                # Events have no past slugs: they are anchors on the timeline.
                codes.append("301")
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes += ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if self.method in ("DELETE", "PUT", "PATCH", "POST"):
            codes.append("409")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ERRORS[code], code, direction=direction)
        return responses


def document_filter_parameters(*, curators: bool = False) -> list[OpenApiParameter]:
    """The document filters (`archive.filters`) as OpenAPI parameters, the same on every surface."""
    return [
        OpenApiParameter(name, schema, description=description, explode=True if schema["type"] == "array" else None,
                         style="form" if schema["type"] == "array" else None)
        for name, schema, description in parameter_specs(curators=curators)
    ]
