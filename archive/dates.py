"""Uncertain dates written in EDTF (the Library of Congress Extended Date/Time Format).

Curators record dates as the documents give them (`2014-10-16`, `2011-05`, `2009/2013`,
`2010-01~`). The archive keeps that string as the record and derives plain date columns
from it: a lower and an upper calendar bound, widened for approximate and uncertain values,
for range filters; and the day the value names as stated, for sorting and for counting by
year.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import math
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

MAX_EDTF_LENGTH = 64


@dataclass(frozen=True)
class DateBounds:
    """The earliest and latest calendar days an EDTF value can mean (None is open-ended), and
    the day it names as stated.

    `stated` is the first day of the value without the widening of `~` and `?` (`2010-01~`:
    1 January 2010, where `lower` is December 2008); for an interval, its start; for an
    interval with an unknown start, its end. A date's place in a list, its year in a chart
    or facet and the span of the archive are read from it, so that "about January 2010" is
    counted under 2010, while a range filter still finds it from its widened bounds.
    """

    lower: datetime.date | None
    upper: datetime.date | None
    stated: datetime.date | None = None


def _bound(struct) -> datetime.date | None:
    # The parser represents an open or unknown end ("..", "") as +/- infinity.
    if isinstance(struct, float) and math.isinf(struct):
        return None
    return struct_time_to_date(struct)


_PLAIN_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _plain_bounds(value: str) -> DateBounds | None:
    """Bounds of a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or of an interval of two such
    values, without the full EDTF grammar (whose parser costs milliseconds a call): these
    are most of the dates an archive holds. None for anything else."""
    parts = value.split("/")
    if len(parts) > 2:
        return None
    days = []
    for part in parts:
        match = _PLAIN_DATE.match(part)
        if match is None:
            return None
        year, month, day = int(match[1]), match[2], match[3]
        try:
            if day:
                first = last = datetime.date(year, int(month), int(day))
            elif month:
                first = datetime.date(year, int(month), 1)
                last = first.replace(day=calendar.monthrange(year, first.month)[1])
            else:
                first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        except ValueError:
            return None  # let the full parser produce the error message
        days.append((first, last))
    return DateBounds(days[0][0], days[-1][1], days[0][0])


def calendar_bounds(value: str) -> DateBounds | None:
    """The first and last day of one calendar day, month or year written `YYYY-MM-DD`,
    `YYYY-MM` or `YYYY` (a date a reader types into a filter); None if `value` is not one."""
    if "/" in value or not _PLAIN_DATE.match(value):
        return None
    return _plain_bounds(value)


@functools.lru_cache(maxsize=4096)
def parse_bounds(value: str) -> DateBounds:
    """Parse an EDTF string into its bounds, or raise ValidationError saying what is wrong.

    Qualified values (`~` approximate, `?` uncertain) take the parser's widened "fuzzy"
    bounds: a letter dated `2010-01~` may well be from December 2009, and a range filter
    must not hide it.
    """
    value = (value or "").strip()
    if not value:
        return DateBounds(None, None)
    if len(value) > MAX_EDTF_LENGTH:
        raise ValidationError(_("An EDTF date is at most %(n)d characters."), params={"n": MAX_EDTF_LENGTH}, code="edtf")
    start, slash, end = value.partition("/")
    if slash and (start == "" or end == ""):
        # An unknown end ("1979/", "/2003"): the parser would invent a bound ten years
        # away; the honest bound is none.
        known = parse_bounds(start or end)
        return DateBounds(known.lower, None, known.stated) if start else DateBounds(None, known.upper, known.stated)
    plain = _plain_bounds(value)
    if plain is not None:
        if plain.lower > plain.upper:
            raise ValidationError(_("“%(value)s” ends before it begins."), params={"value": value}, code="edtf")
        return plain
    try:
        parsed = parse_edtf(value)
        qualified = "~" in value or "?" in value or "%" in value
        lower = parsed.lower_fuzzy() if qualified else parsed.lower_strict()
        upper = parsed.upper_fuzzy() if qualified else parsed.upper_strict()
        stated = _bound(parsed.lower_strict()) or _bound(parsed.upper_strict())
        bounds = DateBounds(_bound(lower), _bound(upper), stated)
    except (EDTFParseException, ValueError, TypeError, OverflowError, AttributeError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid EDTF date (e.g. 2014-10-16, 2011-05, 2009/2013, 2010-01~)."),
            params={"value": value},
            code="edtf",
        ) from exc
    if bounds.lower and bounds.upper and bounds.lower > bounds.upper:
        raise ValidationError(_("“%(value)s” ends before it begins."), params={"value": value}, code="edtf")
    return bounds


def validate_edtf(value: str) -> None:
    """Model-field validator."""
    parse_bounds(value)


def _format_day(day: datetime.date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"


def _precision(part: str) -> str:
    digits = part.strip("~?%").lstrip("-")
    return {4: "year", 7: "month"}.get(len(digits), "day")


def describe(value: str) -> str:
    """A reader's paraphrase of an EDTF value ("between January 2009 and February 2013")."""
    return _describe(value, get_language())


@functools.lru_cache(maxsize=4096)
def _describe(value: str, language: str) -> str:
    value = (value or "").strip()
    if not value:
        return str(_("undated"))
    try:
        bounds = parse_bounds(value)
    except ValidationError:
        return value
    qualifier = ""
    if "~" in value or "%" in value:
        qualifier = str(_("about ")) 
    if "?" in value or "%" in value:
        qualifier += str(_("possibly "))
    if "/" in value:
        start, _sep, end = value.partition("/")
        if not start or not end:
            known = start or end
            template = _("from %(day)s, end unknown") if start else _("until %(day)s, start unknown")
            day = bounds.lower if start else bounds.upper
            return str(template) % {"day": _format_day(day, _precision(known))}
        if bounds.lower is None:
            return str(_("before %(end)s")) % {"end": _format_day(bounds.upper, _precision(end))}
        if bounds.upper is None:
            return str(_("after %(start)s")) % {"start": _format_day(bounds.lower, _precision(start))}
        return str(_("between %(start)s and %(end)s")) % {
            "start": _format_day(bounds.lower, _precision(start)),
            "end": _format_day(bounds.upper, _precision(end)),
        }
    if "X" in value or "u" in value:
        return qualifier + str(_("sometime between %(start)s and %(end)s")) % {
            "start": _format_day(bounds.lower, "day"),
            "end": _format_day(bounds.upper, "day"),
        }
    core = value.strip("~?%")
    try:
        parsed = parse_edtf(core)
        day = struct_time_to_date(parsed.lower_strict())
    except (EDTFParseException, ValueError, TypeError):
        return value
    return qualifier + _format_day(day, _precision(core))
