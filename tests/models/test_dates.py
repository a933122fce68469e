import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from archive.dates import describe, parse_bounds


@pytest.mark.parametrize(
    ("value", "lower", "upper"),
    [
        ("2014-10-16", dt.date(2014, 10, 16), dt.date(2014, 10, 16)),
        ("2011-05", dt.date(2011, 5, 1), dt.date(2011, 5, 31)),
        ("2011", dt.date(2011, 1, 1), dt.date(2011, 12, 31)),
        ("2009/2013", dt.date(2009, 1, 1), dt.date(2013, 12, 31)),
        ("2009-01-21/2013-02-01", dt.date(2009, 1, 21), dt.date(2013, 2, 1)),
        ("197X", dt.date(1970, 1, 1), dt.date(1979, 12, 31)),
        ("2012-02", dt.date(2012, 2, 1), dt.date(2012, 2, 29)),
    ],
)
def test_edtf_bounds_cover_every_day_the_value_can_mean(value, lower, upper):
    bounds = parse_bounds(value)
    assert (bounds.lower, bounds.upper) == (lower, upper)


def test_approximate_date_widens_its_bounds_beyond_the_stated_month():
    bounds = parse_bounds("2010-01~")
    assert bounds.lower < dt.date(2010, 1, 1)
    assert bounds.upper > dt.date(2010, 1, 31)


def test_open_ended_interval_has_no_upper_bound():
    bounds = parse_bounds("2009-01-21/..")
    assert bounds.lower == dt.date(2009, 1, 21)
    assert bounds.upper is None


@pytest.mark.parametrize(("value", "lower", "upper"), [("1979/", dt.date(1979, 1, 1), None), ("/2003", None, dt.date(2003, 12, 31))])
def test_unknown_end_of_an_interval_is_left_open_not_invented(value, lower, upper):
    bounds = parse_bounds(value)
    assert (bounds.lower, bounds.upper) == (lower, upper)


def test_empty_date_has_no_bounds():
    assert parse_bounds("") == parse_bounds("   ")
    assert parse_bounds("").lower is None


@pytest.mark.parametrize("value", ["yesterday", "2011-13", "2011-02-30", "2013/2009", "-0050", "2011-05-01T", "x" * 200])
def test_invalid_edtf_is_a_validation_error_naming_the_value(value):
    with pytest.raises(ValidationError) as excinfo:
        parse_bounds(value)
    assert excinfo.value.code == "edtf"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2014-10-16", "16 October 2014"),
        ("2011-05", "May 2011"),
        ("2009-01-21/2013-02-01", "between 21 January 2009 and 1 February 2013"),
        ("2010-01~", "about January 2010"),
        ("", "undated"),
        ("1979/", "from 1979, end unknown"),
        ("1979/..", "after 1979"),
        ("2010-01?", "possibly January 2010"),
    ],
)
def test_describe_paraphrases_edtf_for_readers(value, text):
    assert describe(value) == text


@pytest.mark.parametrize(
    "value, stated",
    [
        ("2010-01~", dt.date(2010, 1, 1)),  # its bounds begin in December 2008
        ("2011-01-07?", dt.date(2011, 1, 7)),
        ("2011-02/2011-05", dt.date(2011, 2, 1)),
        ("2003/..", dt.date(2003, 1, 1)),
        ("1979/", dt.date(1979, 1, 1)),
        ("/2003", dt.date(2003, 1, 1)),
        ("197X", dt.date(1970, 1, 1)),
        ("", None),
    ],
)
def test_the_stated_date_is_the_day_the_value_names_without_widening(value, stated):
    bounds = parse_bounds(value)
    assert bounds.stated == stated
    if stated and bounds.lower:
        assert bounds.lower <= stated
