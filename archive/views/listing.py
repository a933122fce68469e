"""Long date-ordered lists of published documents, counted and cut on the search columns.

A record's page lists its documents by date, 20 at a time, with their number; the timeline
lists everything dated, 100 at a time. In SQL each page was a count and a sort of every
linked document (56,000 for the busiest publisher of the 100,000-document bench corpus:
seconds). The search's in-memory columns (`archive.search.columns`) already hold which
documents are published (`live`), each document's links and its date as stated, in date
order: the count is a sum over a mask, and the documents a page shows are found there
without sorting anything.

The columns order documents of the same day by id, the pages by title then id (the title
in the database's collation). So a page is read from the database, in its own order, among
the few documents dated from the page's first day to its last: the rows before the first
of those days are counted on the columns and skipped. When a page's days hold more
documents than an `IN` list should carry (undated documents, which are all "the same
day"), the list's own SQL query restricted to those days is used instead, which stays
right at any size.

These lists are sequences for Django's `Paginator`: `count()`, and slicing, which gives the
page's (lazy) queryset.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
from django.db.models import QuerySet

from archive.search.columns import DocumentColumns, walk_order
from archive.search.reads import NO_DAY

# More documents than this on a page's days: their ids are not sent as an `IN` list, and
# the list's own SQL restricted to those days reads them instead. A record's or a topic's
# list then walks an index in page order and stops after the page; so does the timeline
# where the database can limit each side of its UNION (see `selectors._timeline_union`).
MAX_WINDOW_IDS = 1_000
# (ids or None, first day, last day; None for undated) -> the rows of those days, in the
# list's order. With ids: exactly those documents; without: every row of the list that day.
Window = Callable[[list[int] | None, datetime.date | None, datetime.date | None], QuerySet]
# The timeline's window also takes how many of those rows the page needs, at most.
TimelineWindow = Callable[[list[int] | None, datetime.date, datetime.date, int], QuerySet]


def _day(value: np.datetime64) -> datetime.date | None:
    return None if np.isnat(value) else value.astype(object)


def days_between(queryset: QuerySet, first: datetime.date | None, last: datetime.date | None,
                 field: str = "date_stated") -> QuerySet:
    """`queryset` restricted to the days `first` to `last` (None: undated; the undated come
    after every dated day)."""
    if first is None:
        return queryset.filter(**{f"{field}__isnull": True})
    if last is None:
        return queryset.exclude(**{f"{field}__lt": first})  # from `first` on, and the undated
    return queryset.filter(**{f"{field}__range": (first, last)})


class DateOrderWalk:
    """The positions a mask selects from the columns' date order (undated last), walked
    only as far as asked: the first page of a record linked to half a million documents
    reads a few thousand positions, not a million."""

    def __init__(self, columns: DocumentColumns, selected: np.ndarray):
        self._order, self._stated = columns.date_ascending, columns.stated
        self._parts = walk_order(self._order, selected)
        self._found: list[np.ndarray] = []  # the selected positions in date order, as far as walked
        self._walked = 0  # how far the date order has been walked

    def first(self, stop: int) -> np.ndarray:
        """The selected positions in date order: at least the first `stop` (all of them if
        there are fewer), and every one of the day of the last of those (of every undated
        one if it is undated)."""
        order, stated = self._order, self._stated
        found = sum(part.size for part in self._found)
        while self._walked < order.size:
            if found >= stop:
                day = stated[np.concatenate(self._found)[stop - 1]] if stop else None
                # Undated documents (`NO_DAY`) come last: their day ends with the order.
                if day is None or (day != NO_DAY and stated[order[self._walked]] > day):
                    break
            part, self._walked = next(self._parts)
            self._found.append(part)
            found += part.size
        return np.concatenate(self._found) if self._found else np.empty(0, dtype=np.int32)


class DocumentsByDate:
    """The published documents selected by a mask over the columns, in date order (undated
    last), for `Paginator`; `window` reads a page's days from the database in the list's
    own order. The date order is walked only as far as the page asked for needs (the rest
    of its last day included)."""

    def __init__(self, columns: DocumentColumns, selected: np.ndarray, window: Window):
        self._columns = columns
        self._count = int(np.count_nonzero(selected))
        self._walk = DateOrderWalk(columns, selected)
        self._window = window

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        start, stop, _step = key.indices(self.count())
        if start >= stop:
            return []
        positions = self._walk.first(stop)
        stated = self._columns.stated_dates(positions)
        first, last = stated[start], stated[stop - 1]
        # The rows of the page's first and last days, and every row between them (dates in
        # the columns' order: NaT, undated, sorts last there).
        before = int(np.searchsorted(stated, first, side="left")) if not np.isnat(first) else int(
            np.flatnonzero(np.isnat(stated))[0])
        after = int(np.searchsorted(stated, last, side="right")) if not np.isnat(last) else self.count()
        ids = self._columns.ids[positions[before:after]].tolist() if after - before <= MAX_WINDOW_IDS else None
        return self._window(ids, _day(first), _day(last))[start - before:stop - before]


class TimelineItems:
    """Dated events and documents as one list by date, for `Paginator`: the documents'
    dates from the columns (their date order walked only as far as the page needs), the
    events' from one query (events are curated one by one, far fewer than documents);
    `window` reads a page's days, both kinds, from the database in the list's order."""

    def __init__(self, columns: DocumentColumns, selected: np.ndarray, event_days: list[datetime.date],
                 window: TimelineWindow):
        self._walk = DateOrderWalk(columns, selected)
        self._documents = int(np.count_nonzero(selected & (columns.stated != NO_DAY)))
        self._events = np.sort(np.array(event_days, dtype="datetime64[D]").astype(np.int64))
        self._stated = columns.stated
        self._ids = columns.ids
        self._window = window

    def count(self) -> int:
        return int(self._documents + self._events.size)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice):
        start, stop, _step = key.indices(self.count())
        if start >= stop:
            return []
        # The dated documents in date order as far as the `stop`-th and the rest of its day:
        # every item of the page is dated no later than that day (had it a later one, those
        # `stop` documents would all come before it), and items dated before any day up to
        # it are counted exactly.
        positions = self._walk.first(stop)
        documents = self._stated[positions]
        dated = documents != NO_DAY
        positions, documents = positions[dated], documents[dated].astype(np.int64)
        events = self._events

        def before(day: int) -> int:  # items dated before `day`
            return int(np.searchsorted(documents, day) + np.searchsorted(events, day))

        def day_of(index: int) -> int:  # the last day with at most `index` items before it
            low = min(documents[:1].tolist() + events[:1].tolist())
            high = max(documents[-1:].tolist() + events[-1:].tolist())
            while low < high:
                middle = (low + high + 1) // 2
                if before(middle) <= index:
                    low = middle
                else:
                    high = middle - 1
            return low

        first, last = day_of(start), day_of(stop - 1)
        skipped = before(first)
        at = np.searchsorted(documents, [first, last + 1])
        ids = self._ids[positions[at[0]:at[1]]].tolist() if at[1] - at[0] <= MAX_WINDOW_IDS else None
        as_date = lambda day: np.datetime64(day, "D").astype(object)  # noqa: E731
        return self._window(ids, as_date(first), as_date(last), stop - skipped)[start - skipped:stop - skipped]
