"""Document filters as readers send them: one value object and one parser for the search page,
`/api/search/` and `/api/documents/`.

Every surface takes the same names with the same grammar:

* `q` — words, "phrases", OR, -excluded, prefix*; `expand=0` turns off alias expansion;
* `kind`, `language`, `topic`, `person`, `organisation`, `place` — repeat the parameter or
  separate values with commas; several kinds or languages match any of them, several
  records all of them. A slug that names no visible record matches nothing (it is not an
  error, so a private person's slug answers exactly as a slug nobody has);
* `role` — with `person` or `organisation`: only documents where they have this role;
* `date_from`, `date_to` — `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (`archive.dates`), compared with
  the overlap of each document's possible dates;
* `year` — the year a document's date states (`date_stated`: an approximate January 2010 is
  2010, though its possible dates begin in 2008): what a bar of the year chart counts;
* `sort` — `relevance` (the default with `q`), `date`, `-date` (the default without `q`);
* `page`, `page_size` (at most 100);
* `status` — curators only, on the document API.

A bad value raises `FilterError` naming each bad parameter with one message.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from archive.dates import calendar_bounds
from archive.text import contains_control_characters
from archive.models import DocumentKind, RoleKind, Status
from archive.models.visibility import PUBLIC, sees_drafts

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 100_000
MAX_VALUES = 20
MAX_QUERY = 500
LIST_FILTERS = ("kind", "language", "topic", "person", "organisation", "place")
RECORD_FILTERS = ("topic", "person", "organisation", "place")
SORTS = ("relevance", "date", "-date")
PARAMETERS = frozenset(
    {"q", *LIST_FILTERS, "role", "date_from", "date_to", "year", "expand", "sort", "page", "page_size", "status"}
)

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
# A BCP 47 tag as archives write them: a primary language and up to three subtags
# (`fa`, `pt-BR`, `az-Latn-AZ`); single-letter extension subtags are not language codes.
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass
class DocumentFilters:
    q: str = ""
    kind: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    role: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    expand: bool = True
    sort: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    status: str = ""

    @property
    def has_query(self) -> bool:
        return bool(self.q.strip())

    @property
    def effective_sort(self) -> str:
        if self.sort in ("date", "-date"):
            return self.sort
        return "relevance" if self.has_query else "-date"


class FilterError(ValueError):
    """Every bad parameter, by name, with what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def undecodable_parameters(query_string: str) -> list[str]:
    """Names of parameters whose name or value is not valid UTF-8 once percent-decoded.

    Django decodes such bytes to U+FFFD without complaint; a filter would then quietly
    search for a replacement character instead of telling the client what went wrong.
    """
    try:
        raw = query_string.encode("latin-1")
    except UnicodeEncodeError:
        raw = query_string.encode("utf-8")
    bad = []
    for pair in raw.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(value.replace(b"+", b" "))
        try:
            name_bytes.decode("utf-8")
            value_bytes.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(name_bytes.decode("utf-8", errors="replace"))
    return bad


def _raw(data, name) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _values(data, name) -> list[str]:
    """A repeatable parameter: `kind=letter&kind=cable` or `kind=letter,cable`."""
    return list(dict.fromkeys(part.strip() for value in _raw(data, name) for part in value.split(",") if part.strip()))


def _single(data, name) -> str:
    values = _raw(data, name)
    return values[-1].strip() if values else ""


def _whole_number(text: str, name: str, errors: dict, high: int, default: int) -> int:
    if not text:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= high:
        errors[name] = f"{name} must be a whole number from 1 to {high}."
        return default
    return int(text)


def _check_list(name: str, values: list[str]) -> str | None:
    """What is wrong with a list filter's values, or None."""
    if len(values) > MAX_VALUES:
        return f"At most {MAX_VALUES} values of {name} at once."
    if name == "kind":
        bad = [v for v in values if v not in DocumentKind.values]
        if bad:
            return f"Unknown kind {', '.join(map(repr, bad[:3]))}; choose from {', '.join(DocumentKind.values)}."
    elif name == "language":
        bad = [v for v in values if not LANGUAGE.match(v)]
        if bad:
            return f"{', '.join(map(repr, bad[:3]))} is not a language code such as en, fa or ar."
    else:
        bad = [v for v in values if not SLUG.match(v)]
        if bad:
            return f"{', '.join(map(repr, bad[:3]))} is not a valid {name} slug."
    return None


def _language(code: str) -> str:
    primary, _sep, rest = code.partition("-")
    return primary.lower() + (f"-{rest}" if rest else "")


def parse_document_filters(data, *, viewer=PUBLIC, query_string: str = "", strict: bool = True,
                           surface_parameters: frozenset[str] = frozenset()) -> DocumentFilters:
    """Read and check document filters from a QueryDict or a dict, or raise FilterError
    naming every bad parameter.

    `strict` refuses parameters nobody knows (the APIs; a page's address may carry a
    campaign tag); `surface_parameters` are the surface's own (DRF's `format`).
    `query_string`, when given, is checked for bytes that are not UTF-8."""
    errors: dict[str, str] = {name: "Not valid UTF-8 text." for name in undecodable_parameters(query_string)}
    if strict:
        for name in data:
            if name not in PARAMETERS and name not in surface_parameters and name not in errors:
                errors[name] = f"Unknown parameter. Known parameters: {', '.join(sorted(PARAMETERS))}."

    for name in data:
        # No filter value holds a control character, and PostgreSQL cannot even take a NUL.
        if name not in errors and any(contains_control_characters(value) for value in _raw(data, name)):
            errors[name] = f"{name} contains control characters."
    filters = DocumentFilters(q=_single(data, "q"))
    if len(filters.q) > MAX_QUERY:
        errors["q"] = f"q is at most {MAX_QUERY} characters."
    for name in LIST_FILTERS:
        values = _values(data, name)
        problem = _check_list(name, values)
        if problem and name not in errors:
            errors[name] = problem
            continue
        setattr(filters, name, [_language(v) for v in values] if name == "language" else values)

    role = _single(data, "role")
    if role and role not in RoleKind.values:
        errors["role"] = f"role must be one of {', '.join(RoleKind.values)}."
    elif role and not (filters.person or filters.organisation):
        errors["role"] = "Give person or organisation with role."
    else:
        filters.role = role

    for name, end in (("date_from", False), ("date_to", True)):
        text = _single(data, name)
        if text:  # empty, as a form sends an unused box, is no filter
            bounds = calendar_bounds(text)
            if bounds is None:
                errors[name] = f"{name} must be a year (2011), a month (2011-05) or a day (2011-05-17)."
            else:
                setattr(filters, name, bounds.upper if end else bounds.lower)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to and "date_to" not in errors:
        errors["date_to"] = "date_to is before date_from."

    year = _single(data, "year")
    if year:
        if re.fullmatch(r"[0-9]{4}", year) and int(year) >= 1:
            filters.year = int(year)
        else:
            errors["year"] = "year must be a year of four digits, such as 2011."

    expand = _single(data, "expand").lower()
    if expand in _TRUE or expand == "":
        filters.expand = True
    elif expand in _FALSE:
        filters.expand = False
    else:
        errors["expand"] = "expand must be 1 or 0 (true or false)."

    sort = _single(data, "sort")
    if sort and sort not in SORTS:
        errors["sort"] = f"sort must be one of {', '.join(SORTS)}."
    else:
        filters.sort = sort

    filters.page = _whole_number(_single(data, "page"), "page", errors, MAX_PAGE, 1)
    filters.page_size = _whole_number(_single(data, "page_size"), "page_size", errors, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)

    status = _single(data, "status")
    if status:
        if not sees_drafts(viewer):
            errors["status"] = "Only curators may filter by status."
        elif status not in Status.values:
            errors["status"] = f"status must be one of {', '.join(Status.values)}."
        else:
            filters.status = status

    if errors:
        raise FilterError(errors)
    return filters


def or_empty(pattern: re.Pattern) -> str:
    """The pattern, or the empty string."""
    return f"^({pattern.pattern.removeprefix('^').removesuffix('$')})?$"


def parameter_specs(*, curators: bool = False) -> list[tuple[str, dict, str]]:
    """(name, JSON schema, description) of every filter, for each surface's OpenAPI schema."""
    date = {"type": "string", "pattern": r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$", "example": "2011-05"}
    # An empty value is no filter, as a form sends an unused box; the patterns say so.
    slugs = {"type": "array", "items": {"type": "string", "pattern": or_empty(SLUG)}}
    specs = [
        ("q", {"type": "string", "maxLength": MAX_QUERY}, 'Words (all must match), "phrases", OR, -excluded, prefix*.'),
        ("kind", {"type": "array", "items": {"type": "string", "enum": [*DocumentKind.values, ""]}},
         "Any of these kinds."),
        ("language", {"type": "array", "items": {"type": "string", "pattern": or_empty(LANGUAGE)}},
         "BCP 47 codes; any of them."),
        *((name, slugs, f"{name.capitalize()} slugs; documents linked to all of them. A slug that names no "
                        "visible record matches nothing.") for name in RECORD_FILTERS),
        ("role", {"type": "string", "enum": list(RoleKind.values)}, "With person or organisation: only in this role."),
        ("date_from", date, "A year, YYYY-MM or YYYY-MM-DD: documents whose possible dates reach it or later."),
        ("date_to", date, "A year, YYYY-MM or YYYY-MM-DD: documents whose possible dates reach it or earlier."),
        ("year", {"type": "integer", "minimum": 1, "maximum": 9999},
         "The year a document's date states (an approximate January 2010 is 2010), as the year facet counts."),
        ("expand", {"type": "boolean", "default": True}, "Expand names in q to every alias (default true)."),
        ("sort", {"type": "string", "enum": list(SORTS)}, "relevance (default with q), date, -date (default without q)."),
        ("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page number."),
        ("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}, "Results per page."),
    ]
    if curators:
        specs.append(("status", {"type": "string", "enum": list(Status.values)}, "Curators only."))
    return specs
