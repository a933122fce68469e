"""Columns of a queryset read into numpy arrays, a page of rows at a time.

One statement per page aggregates each column into one comma-separated text (every
aggregate of a statement reads the same rows in the same order, so the texts line up);
building one Python tuple per row would cost several times the query. Pages are taken by
primary key (keyset), so that no text, nor the Python objects it is split into, ever
holds more than a page: at a million documents one text of all rows is tens of MB per
column, and CPython's allocator keeps most of what such a peak took.
"""

from __future__ import annotations

import numpy as np
from django.db import connection
from django.db.models import F, QuerySet

# Rows per statement: large enough that the statements' own cost stays small, small enough
# that a page's texts are a few MB.
PAGE_ROWS = 200_000
# A missing date, as days since 1970: after every real day (date order puts undated last,
# and an open upper bound reaches every date).
NO_DAY = np.iinfo(np.int32).max
_INT32 = np.iinfo(np.int32)
_UNIX_JULIAN_DAY = 2440587.5


def ints(text: str) -> np.ndarray:
    """The integers of a comma-separated text, as int64."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)


def narrow(values: np.ndarray) -> np.ndarray:
    """`values` as int32 when every one fits, else as they are."""
    if values.size and (values.min() < _INT32.min or values.max() > _INT32.max):
        return values
    return values.astype(np.int32)


def code_type(count: int) -> np.dtype:
    """The narrowest unsigned type holding codes 0 to `count` - 1."""
    return np.min_scalar_type(max(count - 1, 0))


def read_columns(queryset: QuerySet, columns: dict[str, str]) -> dict:
    """{field: its values over `queryset`'s rows, in primary-key order}.

    `columns` maps each field to its kind: "int" gives int32 (int64 if a value does not
    fit), missing values as -1; "date" gives days since 1970 as int32, missing as `NO_DAY`;
    "text" gives (the sorted distinct values, each row's code into them)."""
    page_rows = PAGE_ROWS
    pages: dict[str, list] = {field: [] for field in columns}
    page = queryset.order_by("pk")
    while True:
        with connection.cursor() as cursor:
            cursor.execute(*_page_statement(page, columns, page_rows))
            *texts, last, count = cursor.fetchone()
        for (field, kind), text in zip(columns.items(), texts, strict=True):
            pages[field].append(_parse(kind, text or ""))
        if count < page_rows:
            break
        page = queryset.filter(pk__gt=last).order_by("pk")
    return {field: _join(kind, pages.pop(field)) for field, kind in columns.items()}


def _page_statement(rows: QuerySet, columns: dict[str, str], page_rows: int) -> tuple[str, list]:
    """The statement reading the first `page_rows` of `rows`: each column's text, then the
    page's last primary key and how many rows it holds."""
    sql, params = rows.values(*columns, page_key=F("pk"))[:page_rows].query.sql_with_params()
    postgres = connection.vendor == "postgresql"
    parts = []
    for index, kind in enumerate(columns.values()):
        column = f"t.c{index}"
        if kind == "date":
            days = (f"({column} - DATE '1970-01-01')" if postgres
                    else f"CAST(julianday({column}) - {_UNIX_JULIAN_DAY} AS INTEGER)")
            value = f"CAST(COALESCE({days}, {NO_DAY}) AS TEXT)"
        elif kind == "int":
            value = f"CAST(COALESCE({column}, -1) AS TEXT)"
        else:
            value = f"CAST({column} AS TEXT)"
        parts.append(f"string_agg({value}, ',')" if postgres else f"group_concat({value}, ',')")
    parts += [f"MAX(t.c{len(columns)})", "COUNT(*)"]
    # The inner select's columns renamed by position: c0, c1, … (Django names them by field).
    inner_names = ", ".join(f"c{index}" for index in range(len(columns) + 1))
    if postgres:
        return f"SELECT {', '.join(parts)} FROM ({sql}) AS t ({inner_names})", list(params)
    return f"WITH t ({inner_names}) AS ({sql}) SELECT {', '.join(parts)} FROM t", list(params)


def _parse(kind: str, text: str):
    if kind == "text":
        return _codes(text)
    values = ints(text)
    return values.astype(np.int32) if kind == "date" else narrow(values)


def _codes(text: str) -> tuple[list[str], np.ndarray]:
    if not text:
        return [], np.empty(0, dtype=np.uint8)
    items = text.split(",")
    values = sorted(set(items))
    code = {value: index for index, value in enumerate(values)}
    return values, np.fromiter((code[item] for item in items), dtype=code_type(len(values)), count=len(items))


def _join(kind: str, pages: list):
    if kind != "text":
        return np.concatenate(pages)
    values = sorted({value for page_values, _codes in pages for value in page_values})
    code = {value: index for index, value in enumerate(values)}
    dtype = code_type(len(values))
    # Each page's codes mapped to the codes among every page's values.
    return values, np.concatenate([
        np.array([code[value] for value in page_values], dtype=dtype)[page_codes] if page_values
        else page_codes.astype(dtype) for page_values, page_codes in pages
    ])
