"""Search parameters as a reader sends them, checked once for the page, the API and feeds."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

MAX_PAGE_SIZE = 100
MAX_PAGE = 500
MAX_VALUES = 20
LIST_PARAMS = ("kind", "language", "topic", "person", "organisation", "place")
PARAM_NAMES = frozenset({"q", *LIST_PARAMS, "date_from", "date_to", "expand", "sort", "page", "page_size"})
SORTS = ("relevance", "date", "-date")

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass
class SearchParams:
    q: str = ""
    kind: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    expand: bool = True
    sort: str = ""
    page: int = 1
    page_size: int = 20

    @property
    def effective_sort(self) -> str:
        if self.sort in ("date", "-date"):
            return self.sort
        return "relevance" if self.q.strip() else "-date"


class SearchParamError(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


def _raw(data, name) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _values(data, name) -> list[str]:
    """A repeatable parameter: `kind=letter&kind=cable` or `kind=letter,cable`."""
    return [part.strip() for value in _raw(data, name) for part in value.split(",") if part.strip()]


def _single(data, name) -> str:
    values = _raw(data, name)
    return values[-1].strip() if values else ""


def _date(text: str, *, end: bool) -> datetime.date:
    """A day, a month (2011-05) or a year (2011); as an upper bound, its last day."""
    match = _DATE.match(text)
    if not match:
        raise ValueError
    year, month, day = (int(part) if part else None for part in match.groups())
    if year < 1:
        raise ValueError
    if month is None:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    if day is None:
        return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return datetime.date(year, month, day)


def _int(text: str, name: str, errors: dict, low: int, high: int | None, default: int) -> int:
    if not text:
        return default
    if not re.fullmatch(r"\d{1,7}", text):
        errors[name] = f"{name} must be a whole number."
        return default
    value = int(text)
    if value < low or (high is not None and value > high):
        errors[name] = f"{name} must be between {low} and {high}." if high else f"{name} must be at least {low}."
        return default
    return value


def parse_search_params(data) -> SearchParams:
    """Read and check search parameters from a QueryDict or a dict; raise SearchParamError
    naming every bad one. Unknown filter values (a slug nobody has) are not errors: they
    simply match nothing, which also keeps private records from being confirmed."""
    from archive.models import DocumentKind

    errors: dict[str, str] = {}
    params = SearchParams(q=_single(data, "q"))

    for name in LIST_PARAMS:
        values = list(dict.fromkeys(_values(data, name)))
        if len(values) > MAX_VALUES:
            errors[name] = f"At most {MAX_VALUES} values of {name} at once."
            continue
        if name == "kind":
            bad = [v for v in values if v not in DocumentKind.values]
            if bad:
                errors[name] = f"Unknown kind {', '.join(map(repr, bad))}; choose from {', '.join(DocumentKind.values)}."
        elif name == "language":
            bad = [v for v in values if not _LANGUAGE.match(v)]
            if bad:
                errors[name] = f"{', '.join(map(repr, bad))} is not a language code such as en, fa or ar."
            values = [v.lower() if "-" not in v else v for v in values]
        else:
            bad = [v for v in values if not _SLUG.match(v)]
            if bad:
                errors[name] = f"{', '.join(map(repr, bad[:3]))} is not a valid {name} slug."
        setattr(params, name, values)

    for name, end in (("date_from", False), ("date_to", True)):
        text = _single(data, name)
        if text:
            try:
                setattr(params, name, _date(text, end=end))
            except ValueError:
                errors[name] = f"{name} must be a date (2011-05-17), a month (2011-05) or a year (2011)."
    if params.date_from and params.date_to and params.date_from > params.date_to and "date_to" not in errors:
        errors["date_to"] = "date_to is before date_from."

    expand = _single(data, "expand").lower()
    if expand in _TRUE or expand == "":
        params.expand = True
    elif expand in _FALSE:
        params.expand = False
    else:
        errors["expand"] = "expand must be 1 or 0 (true or false)."

    sort = _single(data, "sort")
    if sort and sort not in SORTS:
        errors["sort"] = f"sort must be one of {', '.join(SORTS)}."
    else:
        params.sort = sort

    params.page = _int(_single(data, "page"), "page", errors, 1, MAX_PAGE, 1)
    # Over the cap is a 400, as on the document lists, not a silently smaller page.
    params.page_size = _int(_single(data, "page_size"), "page_size", errors, 1, MAX_PAGE_SIZE, 20)

    if errors:
        raise SearchParamError(errors)
    return params
