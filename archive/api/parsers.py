"""Reading request bodies: JSON errors as JSON, with limits a client is told about."""

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json  # the standard module with DRF's strict_constant


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def max_body_bytes() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class ArchiveJSONParser(JSONParser):
    """DRF's JSON parser, with the body's size checked before it is read in full and a body
    nested too deep for the decoder refused as a 400 (it was a RecursionError, a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit:,} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(body.decode(encoding), parse_constant=json.strict_constant if self.strict else None)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the body is nested too deeply.") from exc
        except ValueError as exc:  # includes UnicodeDecodeError and json.JSONDecodeError
            raise ParseError(f"JSON parse error - {exc}") from exc


def refuse_nul_characters(data, where: str = "") -> None:
    """A 400 naming the field when any value or key of a request body holds a NUL.

    No record may hold one (PostgreSQL cannot store it), and a NUL in a reference made the
    look-up itself fail with a 500. Walked without recursion: the body may be deep."""
    pending = [(where, data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise ParseError({path or "non_field_errors": ["Contains a NUL character."]})
        elif isinstance(value, dict) or hasattr(value, "lists"):
            items = value.lists() if hasattr(value, "lists") else value.items()
            for key, item in items:
                if "\x00" in str(key):
                    raise ParseError({"non_field_errors": ["A field name contains a NUL character."]})
                pending.append((f"{path}.{key}" if path else str(key), item))
        elif isinstance(value, (list, tuple)):
            pending.extend((f"{path}[{index}]" if path else f"[{index}]", item) for index, item in enumerate(value))
