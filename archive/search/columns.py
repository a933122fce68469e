"""The published documents as columns in memory: filters, counts, facets and date order.

A search's facets count, over every matching document, its kind, language and year and
each linked topic, person, organisation and place. In SQL that is an aggregate over every
role of every match: about 150 ms for a word found in half of 100,000 documents, however
it is indexed. Held as numpy arrays, the same counts are a gather and a `bincount` (about
a millisecond), and a filtered list needs no SQL beyond loading the page's documents. This
is the field cache of search engines such as Lucene, next to a database that stays the
only source of truth:

* the columns are read from `visible_to(PUBLIC)` of documents, people, organisations, places
  and topics, and the roles and topic links of those documents: what readers may see is
  decided by the querysets' own rules, never restated here. Private records are held too,
  flagged, and count nowhere: making one public or private again flips its flag;
* every document is held, drafts too, with a `live` flag saying which are published: a
  document published, unpublished or deleted then only flips its flag, and its position
  (by primary key) never changes;
* a write to a document, a role or a topic link adds a row to the change log
  (`DocumentChange`, migration `search.0007`); each process reads the rows after the last
  it applied and re-reads only those documents (`DocumentColumns.changed`: a few queries,
  and copies of only the arrays whose values change), so the next search of every
  process sees the write without reloading anything else. The log also names the
  documents whose linked names change (an alias added, migration `search.0008`), for the
  ranking index: the columns hold no names, and re-read those documents for nothing;
* a write to topics, people, organisations or places changes `SearchState.documents_token`
  (migration `search.0004`): the records are read again (`with_records`, a few thousand
  rows), their pairs kept;
* only a bulk load (`changes_token`), a log pruned past the last row a process applied
  (`pruned_through`, migration `search.0008`), or a change the columns cannot place (a new
  kind or language, a year outside the known span, a document id below the last one never
  seen) reloads everything. The tokens and the log's last id are read in one small query.

Size: about 75 bytes per document and 7 per (document, record) pair: ids, positions and
days as int32, codes in the narrowest unsigned type, years as int16. With the benchmark
corpus's four pairs a document that is 10 MB of arrays at 100,000 documents and 99 MB at
1,000,000 (`bench/columns.py`), and 5 bytes a pair more (20 MB at 1,000,000) once a
record's page, a filter by a record or related documents needs the pairs grouped by
record (`EntityColumn.record_pairs`). A full reload reads documents, roles and topic links a page
of rows at a time (`reads.py`), then gives the allocator's freed pages back to the system:
at 1,000,000 documents it takes 11-15 s and leaves the process 100 MB larger, after a peak
of about 280 MB while its temporaries live.
"""

from __future__ import annotations

import copy
import ctypes
import dataclasses
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import QuerySet

from archive.models import Document, Organisation, Person, Place, Role, RoleKind, Topic
from archive.models.visibility import PUBLIC

from archive.replicas import primary_reads

from .models import DocumentChange
from .reads import NO_DAY, code_type, narrow, read_columns
from .tokens import State

ENTITY_FACET_SIZE = 15
# More documents than this in one batch of changes: a full reload costs less than the
# change (and the `IN` lists stay short).
MAX_CHANGED = 2_000
# Date order as one int64 per document: undated last, then the day, then the id.
DAY_OFFSET = 1 << 22  # days since 1970 from year 1 to 9999 fit in 23 bits once offset
# The first stretch of a date order `walk_order` reads.
WALK_FIRST = 4096
# Document ids and positions are held as int32.
ID_LIMIT = 1 << 31
# A missing lower bound, as days: before every day, as `NO_DAY` is after every day.
OPEN_START = np.iinfo(np.int32).min

DOCUMENT_FIELDS = {
    "id": "int", "kind": "text", "language": "text", "date_lower": "date", "date_upper": "date",
    "date_stated": "date", "place_written_id": "int",
}
ROLE_FIELDS = {"document_id": "int", "person_id": "int", "organisation_id": "int", "place_id": "int", "role": "text"}
# One bit per kind of role, so a (document, record) pair remembers every role it holds.
ROLE_BITS = {kind: 1 << index for index, kind in enumerate(RoleKind.values)}
LINK_FIELDS = {"document_id": "int", "topic_id": "int"}


class NeedsReload(Exception):
    """A change the columns cannot apply in place; the caller reloads them in full."""


def _unique_pairs(documents: np.ndarray, entities: np.ndarray, role_bits: np.ndarray,
                  width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, entity index, roles) of each distinct (document, entity) pair, sorted by
    document then entity, the roles of its repeats OR-ed together. The roles ride in the
    low byte of the sort key, so that one in-place sort orders everything."""
    keys = (documents.astype(np.int64) * width + entities) << 8
    keys |= role_bits
    keys.sort()
    pairs = keys >> 8
    first = np.flatnonzero(np.concatenate([[True], pairs[1:] != pairs[:-1]])) if pairs.size else pairs[:0]
    roles = np.bitwise_or.reduceat((keys & 0xFF).astype(np.uint8), first) if first.size else np.empty(0, np.uint8)
    pairs = pairs[first]
    return (pairs // width).astype(np.int32), (pairs % width).astype(code_type(width)), roles


def walk_order(order: np.ndarray, selected: np.ndarray):
    """The selected positions of `order` (a date order), a stretch of it at a time, the
    first `WALK_FIRST` long and each next one twice as long, with how far the order has
    been walked: a caller stops once it has what it needs (a page of a list that holds half
    the archive needs a few thousand positions, not a million)."""
    walked, chunk = 0, WALK_FIRST
    while walked < order.size:
        part = order[walked:walked + chunk]
        walked += part.size
        chunk = min(chunk * 2, 1 << 20)
        yield part[selected[part]], walked


def _starts(keys: np.ndarray, groups: int) -> np.ndarray:
    """Where each group's pairs start (a document's, or a record's in `record_pairs`),
    given each pair's group; one more entry than groups."""
    return narrow(np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=groups))]))


@dataclass
class EntityColumn:
    """One kind of linked record: its (document, record) pairs, each pair once, and the
    records' slugs and names for the facet buckets."""

    ids: np.ndarray  # sorted primary keys; a record's index is its position here
    slugs: list[str]
    names: list[str]
    public: np.ndarray  # which records readers may see: the others count nowhere
    by_slug: dict[str, int]  # the public records'
    name_order: np.ndarray  # each record's rank when sorted by name, for ties
    pair_document: np.ndarray  # document positions, in order
    pair_entity: np.ndarray  # record indexes
    pair_start: np.ndarray  # where each document's pairs start (one more entry than documents)
    pair_roles: np.ndarray  # ROLE_BITS of every role the pair holds (0 for topics, places written)
    # The pairs' documents and roles grouped by record, and where each record's start
    # (built on first use; a changed copy builds its own).
    _by_record: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, model, pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]], document_index,
              documents: int) -> EntityColumn:
        """Every record of `model`, private ones too (flagged, so that making one public or
        private again is a new flag, not a reload), and the (document, record) `pairs`."""
        ids, slugs, names, public = _read_records(model)
        linked_ids = np.concatenate([d for d, _, _ in pairs]) if pairs else np.empty(0, dtype=np.int32)
        records_ = np.concatenate([e for _, e, _ in pairs]) if pairs else np.empty(0, dtype=np.int32)
        role_bits = np.concatenate([b for _, _, b in pairs]) if pairs else np.empty(0, dtype=np.uint8)
        document_positions, known_documents = document_index(linked_ids)
        entity_positions, known_entities = _positions(ids, records_)
        keep = known_documents & known_entities
        # Each (document, record) once, a person can hold two roles in one document.
        pair_document, pair_entity, pair_roles = _unique_pairs(
            document_positions[keep], entity_positions[keep], role_bits[keep], max(1, len(ids)))
        return cls(ids, slugs, names, public, _public_slugs(slugs, public), _name_order(names), pair_document,
                   pair_entity, _starts(pair_document, documents), pair_roles)

    def with_records(self, model) -> EntityColumn:
        """This column with its records read again (renamed, made public or private, new,
        deleted), its pairs kept: records keep their index, new ones (higher primary keys)
        come after, and a deleted one stays as a private record without pairs (its links
        were deleted with it, and the change log re-reads their documents). Raises
        `NeedsReload` for a new record with a lower primary key than a known one."""
        ids, slugs, names, public = _read_records(model)
        known, new = _positions(self.ids, ids)[1], np.ones(len(ids), dtype=bool)
        new[known] = False
        if new.any() and self.ids.size and int(ids[new].min()) < int(self.ids[-1]):
            raise NeedsReload(f"a {model.__name__} with a lower id than one already held")
        merged = np.concatenate([self.ids.astype(np.int64), ids[new].astype(np.int64)])
        read = {pk: index for index, pk in enumerate(ids.tolist())}
        rows = [read.get(pk) for pk in merged.tolist()]
        merged_slugs = ["" if row is None else slugs[row] for row in rows]
        merged_names = ["" if row is None else names[row] for row in rows]
        merged_public = np.array([row is not None and bool(public[row]) for row in rows], dtype=bool)
        pair_entity = self.pair_entity
        if np.dtype(code_type(len(merged))).itemsize > pair_entity.dtype.itemsize:
            pair_entity = pair_entity.astype(code_type(len(merged)))
        return dataclasses.replace(
            self, ids=narrow(merged), slugs=merged_slugs, names=merged_names, public=merged_public,
            by_slug=_public_slugs(merged_slugs, merged_public), name_order=_name_order(merged_names),
            pair_entity=pair_entity,
        )

    def replaced(self, positions: np.ndarray, size: int, documents: np.ndarray, records: np.ndarray,
                 role_bits: np.ndarray | None = None) -> EntityColumn:
        """This column with the documents at `positions` (sorted, of `size` documents, which
        may be more than this column knew) holding exactly the pairs (`documents` positions,
        `records` primary keys, `role_bits` their roles); records that are not in the column
        (a private person) are dropped, as in `build`. Itself when nothing changed; else a
        copy spliced together from slices, this one left as it is for searches running on it."""
        records = np.asarray(records, dtype=np.int64)
        role_bits = np.zeros(records.size, dtype=np.uint8) if role_bits is None else role_bits
        entity_positions, known = _positions(self.ids, records)
        new_document, new_entity, new_roles = _unique_pairs(
            np.asarray(documents)[known], entity_positions[known], role_bits[known], max(1, len(self.ids)))
        known_size, total = self.pair_start.size - 1, int(self.pair_start[-1])
        # Each changed document's pairs: [starts, ends) here, [firsts, lasts) among the new ones.
        starts = np.full(positions.size, total, dtype=np.int64)
        inside = positions < known_size
        starts[inside] = self.pair_start[positions[inside]]
        ends = starts.copy()
        ends[inside] = self.pair_start[positions[inside] + 1]
        firsts = np.searchsorted(new_document, positions)
        lasts = np.searchsorted(new_document, positions, side="right")
        counts = lasts - firsts
        if size == known_size and np.array_equal(counts, ends - starts):
            old = _ranges(starts, ends)
            if (np.array_equal(self.pair_entity[old], new_entity) and np.array_equal(self.pair_roles[old], new_roles)):
                return self
        cuts = list(zip(starts.tolist(), ends.tolist(), firsts.tolist(), lasts.tolist(), strict=True))

        def splice(kept: np.ndarray, added: np.ndarray) -> np.ndarray:
            pieces, previous = [], 0
            for start, end, first, last in cuts:
                pieces += [kept[previous:start], added[first:last]]
                previous = end
            pieces.append(kept[previous:])
            return np.concatenate(pieces).astype(kept.dtype, copy=False)

        pair_start = self.pair_start
        shift = counts - (ends - starts)
        if size != known_size or shift.any():
            step = np.zeros(size + 1, dtype=np.int64)
            step[positions + 1] = shift
            pair_start = np.concatenate([pair_start, np.full(size - known_size, total, dtype=pair_start.dtype)])
            pair_start = narrow(pair_start + np.cumsum(step))
        return dataclasses.replace(
            self, pair_document=splice(self.pair_document, new_document), pair_entity=splice(self.pair_entity, new_entity),
            pair_roles=splice(self.pair_roles, new_roles), pair_start=pair_start,
        )

    def record_pairs(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents (positions, ascending) linking the record at `index`, and the roles
        of each of those pairs: slices of a copy of the pairs grouped by record (5 bytes a
        pair, built once per column by a stable radix sort of the record codes), so that a
        record's page, a filter or related documents cost in proportion to the record
        rather than to every pair, and read its pairs in one stretch of memory."""
        built = self._by_record
        if built is None:
            order = np.argsort(self.pair_entity, kind="stable")
            built = self._by_record = (self.pair_document[order], self.pair_roles[order],
                                       _starts(self.pair_entity, len(self.ids)))
            del order
        documents, roles, starts = built
        start, end = int(starts[index]), int(starts[index + 1])
        return documents[start:end], roles[start:end]

    def public_index(self, pk: int) -> int | None:
        """The index of the public record with primary key `pk` (None: no such public record)."""
        index = int(np.searchsorted(self.ids, pk))
        if index < self.ids.size and self.ids[index] == pk and self.public[index]:
            return index
        return None

    def linked(self, index: int | None, size: int, role: str = "") -> np.ndarray:
        """Mask, over `size` documents, of those linking the record at `index` (in `role` if
        given; none for None): what a filter, a record's page and a topic's list select."""
        linked = np.zeros(size, dtype=bool)
        if index is not None:
            documents, roles = self.record_pairs(index)
            if role:
                documents = documents[(roles & ROLE_BITS[role]) != 0]
            linked[documents] = True
        return linked

    def documents_of(self, slug: str, size: int, role: str = "") -> np.ndarray:
        """Which documents link the public record `slug`, in `role` if given."""
        return self.linked(self.by_slug.get(slug), size, role)

    def top(self, selected: np.ndarray, few: np.ndarray | None = None) -> list[tuple[str, str, int]]:
        """(slug, name, count) of the records linked to the most selected documents; `few`,
        the positions of the selected documents when they are a small share of all."""
        if not self.pair_entity.size:
            return []
        if few is not None:
            # Only the selected documents' own pairs: work in proportion to the result.
            offsets = _ranges(self.pair_start[few].astype(np.int64), self.pair_start[few + 1].astype(np.int64))
            counts = np.bincount(self.pair_entity[offsets], minlength=len(self.ids))
        else:
            # Weights rather than a compacted copy of the chosen pairs: one pass over them.
            counts = np.bincount(self.pair_entity, weights=selected[self.pair_document], minlength=len(self.ids))
        present = np.flatnonzero(counts * self.public)
        order = present[np.lexsort((self.name_order[present], -counts[present]))][:ENTITY_FACET_SIZE]
        return [(self.slugs[i], self.names[i], int(counts[i])) for i in order]


def _read_records(model) -> tuple[np.ndarray, list[str], list[str], np.ndarray]:
    """(primary keys in order, slugs, names, which are public) of every record of `model`;
    public as `visible_to(PUBLIC)` says."""
    rows = sorted(model.objects.order_by().values_list("pk", "slug", "name"))
    ids = narrow(np.array([pk for pk, _, _ in rows], dtype=np.int64))
    public_ids = np.array(sorted(model.objects.visible_to(PUBLIC).order_by().values_list("pk", flat=True)),
                          dtype=np.int64)
    return ids, [slug for _, slug, _ in rows], [name for _, _, name in rows], _positions(public_ids, ids)[1]


def _public_slugs(slugs: list[str], public: np.ndarray) -> dict[str, int]:
    return {slug: index for index, (slug, shown) in enumerate(zip(slugs, public.tolist(), strict=True)) if shown}


def _name_order(names: list[str]) -> np.ndarray:
    """Each record's rank when sorted by name."""
    order = np.empty(len(names), dtype=np.int32)
    order[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names), dtype=np.int32)
    return order


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indexes of every range [start, end), one after the other."""
    lengths = ends - starts
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def _positions(sorted_ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `wanted` in `sorted_ids`, and which of them are there at all."""
    if not sorted_ids.size:
        return np.zeros(wanted.shape, dtype=np.int64), np.zeros(wanted.shape, dtype=bool)
    positions = np.searchsorted(sorted_ids, wanted).clip(0, sorted_ids.size - 1)
    return positions, sorted_ids[positions] == wanted


def _role_bits(roles: tuple[list[str], np.ndarray]) -> np.ndarray:
    kinds, kind_codes = roles
    return np.array([ROLE_BITS[kind] for kind in kinds], dtype=np.uint8)[kind_codes]


def _role_pairs(roles: dict, field: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document ids, record ids, role bits) of the roles naming a record in `field`."""
    present = roles[field] >= 0
    return roles["document_id"][present], roles[field][present], roles["role"][present]


def _unroled(documents: np.ndarray, records: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Links that hold no role (topics, where a document was written)."""
    return documents, records, np.zeros(documents.size, dtype=np.uint8)


def _years(days: np.ndarray) -> np.ndarray:
    """The year of each day (days since 1970)."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _lower_bounds(days: np.ndarray) -> np.ndarray:
    """Read lower bounds, a missing one open (before every day)."""
    return np.where(days == NO_DAY, OPEN_START, days).astype(np.int32)


def _day(value) -> int:
    return int(np.datetime64(value, "D").astype(np.int64))


def _date_keys(stated: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort keys for date order (by the date as stated), ascending and descending, undated
    last both ways and the id breaking ties (as the SQL order did): one int64 each, so that
    a changed document is put back in place by a binary search instead of sorting
    everything again."""
    undated = stated == NO_DAY
    days = np.where(undated, 0, stated).astype(np.int64) + DAY_OFFSET
    nulls = undated.astype(np.int64) << 60
    ids = ids.astype(np.int64)
    return nulls | (days << 32) | ids, nulls | ((2 * DAY_OFFSET - days) << 32) | (ID_LIMIT - 1 - ids)


class DocumentColumns:
    """Every document's filter and facet values, by position (documents sorted by primary
    key); `live` marks the published ones, which are all a search ever selects. Days are
    int32 counts since 1970: `stated` is `NO_DAY` for an undated document, a missing
    `lower` bound is `OPEN_START` and a missing `upper` one `NO_DAY`."""

    def __init__(self):
        rows = read_columns(Document.objects.all(), DOCUMENT_FIELDS)
        published = read_columns(Document.objects.visible_to(PUBLIC), {"id": "int"})["id"]
        ids = rows["id"]
        if ids.size and int(ids.max()) >= ID_LIMIT:
            raise ValueError("Document ids past 2**31 do not fit the columns.")
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order].astype(np.int32, copy=False)
        self.size = int(self.ids.size)
        # Position by id, for turning full-text matches into positions by indexing rather
        # than by binary search; ids are dense enough for 4 bytes per id to be small.
        self.position_by_id = np.full(int(self.ids[-1]) + 1 if self.size else 0, -1, dtype=np.int32)
        self.position_by_id[self.ids] = np.arange(self.size, dtype=np.int32)
        self.exists = np.ones(self.size, dtype=bool)
        self.live = np.zeros(self.size, dtype=bool)
        self.live[self.positions(published)[0]] = True
        self.kinds, kind_codes = rows["kind"]
        self.kind = kind_codes[order]
        self.languages, language_codes = rows["language"]
        self.language = language_codes[order]
        self.lower = _lower_bounds(rows["date_lower"][order])
        self.upper = rows["date_upper"][order]
        # Years and date order come from the date as stated ("about January 2010" is 2010),
        # range filters from the widened bounds above.
        self.stated = rows["date_stated"][order]
        years = _years(self.stated[self.stated != NO_DAY])
        # Undated documents get the year before the first, which the year facet leaves out.
        self.first_year = int(years.min()) if years.size else 0
        self.year_span = int(max(years.max(initial=self.first_year) - self.first_year + 2, 1))
        del years
        self.dated, self.year, self.kind_language_year = self._derived(
            self.kind, self.language, self.lower, self.upper, self.stated)
        # Positions in date order, with their keys in that order (see `_date_keys`).
        ascending, descending = _date_keys(self.stated, self.ids)
        self.date_ascending = np.argsort(ascending, kind="stable").astype(np.int32)
        self.ascending_keys = ascending[self.date_ascending]
        del ascending
        self.date_descending = np.argsort(descending, kind="stable").astype(np.int32)
        self.descending_keys = descending[self.date_descending]
        del descending

        # The place each document says it was written at (-1: none): the place column's
        # pairs cannot tell it from a mention of the same place.
        self.place_written = place_written = rows["place_written_id"][order]
        del rows, order  # the read columns, before the roles are read
        # Every role and topic link, drafts' too: a search selects only live documents.
        roles = read_columns(Role.objects.all(), ROLE_FIELDS)
        roles["role"] = _role_bits(roles["role"])
        self.person = EntityColumn.build(Person, [_role_pairs(roles, "person_id")], self.positions, self.size)
        self.organisation = EntityColumn.build(
            Organisation, [_role_pairs(roles, "organisation_id")], self.positions, self.size
        )
        # A place counts a document once, whether mentioned, where it was written, or both.
        written = place_written >= 0
        self.place = EntityColumn.build(
            Place,
            [_role_pairs(roles, "place_id"), _unroled(self.ids[written], place_written[written])],
            self.positions, self.size,
        )
        del roles
        links = read_columns(Document.topics.through.objects.all(), LINK_FIELDS)
        self.topic = EntityColumn.build(
            Topic, [_unroled(links["document_id"], links["topic_id"])],
            self.positions, self.size,
        )

    def _derived(self, kind: np.ndarray, language: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                 stated: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The values computed from kind, language and dates: `dated` from the widened bounds
        (range filters), the year from the date as stated, and the (kind, language, year)
        combination the facets count."""
        dated = (lower != OPEN_START) | (upper != NO_DAY)
        year = np.where(stated == NO_DAY, self.first_year - 1, _years(stated)).astype(np.int16)
        combinations = max(1, len(self.kinds)) * max(1, len(self.languages)) * self.year_span
        combined = ((kind.astype(np.int64) * len(self.languages) + language) * self.year_span
                    + (year - self.first_year + 1))
        return dated, year, combined.astype(np.int32 if combinations < ID_LIMIT else np.int64)

    def stated_dates(self, at) -> np.ndarray:
        """The dates as stated at `at` (positions or a mask), as datetime64[D], NaT for the
        undated."""
        days = self.stated[at].astype(np.int64)
        days[days == NO_DAY] = np.datetime64("NaT", "D").astype(np.int64)
        return days.view("datetime64[D]")

    @property
    def total(self) -> int:
        """Documents in the full-text index (drafts included)."""
        return int(self.exists.sum())

    def changed(self, document_ids) -> DocumentColumns:
        """A copy with the documents `document_ids` read again from the database (new,
        edited, published, unpublished or deleted; their roles and topic links too); the
        arrays of this one are left as they are, for searches running on them. Only the
        arrays whose values change are copied: publishing a document copies `live` (a byte
        per document), and shares everything else. Raises `NeedsReload` for what only a full
        reload can place."""
        ids = np.unique(np.asarray(document_ids, dtype=np.int64))
        if ids.size > MAX_CHANGED:
            raise NeedsReload(f"{ids.size} documents changed")
        id_list = ids.tolist()
        rows = read_columns(Document.objects.filter(pk__in=id_list), DOCUMENT_FIELDS)
        published = read_columns(Document.objects.visible_to(PUBLIC).filter(pk__in=id_list), {"id": "int"})["id"]
        roles = read_columns(Role.objects.filter(document_id__in=id_list), ROLE_FIELDS)
        links = read_columns(Document.topics.through.objects.filter(document_id__in=id_list), LINK_FIELDS)
        if rows["place_written_id"].dtype.itemsize > self.place_written.dtype.itemsize:
            raise NeedsReload("a place id past 2**31")

        new = copy.copy(self)
        last = int(self.ids[-1]) if self.size else -1
        existing, appended = ids[ids <= last], ids[ids > last]
        if not (self.positions(existing)[1]).all():
            raise NeedsReload("a document id below the last one never seen")
        if appended.size:
            if int(appended[-1]) >= ID_LIMIT:
                raise NeedsReload("document ids past 2**31")
            grow = appended.size
            new.ids = np.concatenate([self.ids, appended.astype(np.int32)])
            new.size = self.size + grow
            new.position_by_id = np.full(int(appended[-1]) + 1, -1, dtype=np.int32)
            new.position_by_id[: self.position_by_id.size] = self.position_by_id
            new.position_by_id[appended] = np.arange(self.size, new.size, dtype=np.int32)
            for name, filler in (("exists", False), ("live", False), ("kind", 0), ("language", 0), ("place_written", -1),
                                 ("lower", OPEN_START), ("upper", NO_DAY), ("stated", NO_DAY), ("dated", False),
                                 ("year", self.first_year - 1), ("kind_language_year", 0)):
                array = getattr(self, name)
                setattr(new, name, np.concatenate([array, np.full(grow, filler, dtype=array.dtype)]))

        # The changed documents' values as they are now, in the order of `ids`; a deleted
        # document is neither held nor dated, and keeps its codes.
        positions = new.positions(ids)[0]
        at = np.searchsorted(ids, rows["id"])
        now = {"exists": np.zeros(ids.size, dtype=bool), "live": np.zeros(ids.size, dtype=bool),
               "kind": new.kind[positions], "language": new.language[positions],
               "place_written": np.full(ids.size, -1, dtype=self.place_written.dtype),
               "lower": np.full(ids.size, OPEN_START, dtype=np.int32), "upper": np.full(ids.size, NO_DAY, dtype=np.int32),
               "stated": np.full(ids.size, NO_DAY, dtype=np.int32)}
        now["exists"][at] = True
        now["live"][np.searchsorted(ids, published)] = True
        for values, coded in ((self.kinds, "kind"), (self.languages, "language")):
            read_values, read_codes = rows[coded]
            lookup = {value: index for index, value in enumerate(values)}
            if any(value not in lookup for value in read_values):
                raise NeedsReload(f"a new {coded}")
            now[coded][at] = np.array([lookup[value] for value in read_values], dtype=now[coded].dtype)[read_codes]
        now["lower"][at] = _lower_bounds(rows["date_lower"])
        now["upper"][at] = rows["date_upper"]
        now["stated"][at] = rows["date_stated"]
        now["place_written"][at] = place_written = rows["place_written_id"]
        years = _years(rows["date_stated"][rows["date_stated"] != NO_DAY])
        if years.size and (years.min() < self.first_year or years.max() > self.first_year + self.year_span - 2):
            raise NeedsReload("a year outside the known span")
        now["dated"], now["year"], now["kind_language_year"] = self._derived(
            now["kind"], now["language"], now["lower"], now["upper"], now["stated"])
        for name, values in now.items():
            array = getattr(new, name)
            if appended.size:  # already a copy
                array[positions] = values
            elif not np.array_equal(array[positions], values):
                array = array.copy()
                array[positions] = values
                setattr(new, name, array)

        # Date order: the changed documents taken out by their former keys and put back by
        # their new ones (keys are unique: the id is part of them).
        held = positions[: existing.size]  # `ids` is sorted: the documents held before come first
        if appended.size or not np.array_equal(self.stated[held], now["stated"][: existing.size]):
            former, current = _date_keys(self.stated[held], existing), _date_keys(now["stated"], ids)
            for order_name, keys_name, old_keys, keys in (("date_ascending", "ascending_keys", former[0], current[0]),
                                                          ("date_descending", "descending_keys", former[1], current[1])):
                order, order_keys = getattr(self, order_name), getattr(self, keys_name)
                taken = np.searchsorted(order_keys, old_keys)
                if not np.array_equal(order_keys[taken], old_keys):
                    raise NeedsReload("the date order does not hold a changed document")
                order, order_keys = np.delete(order, taken), np.delete(order_keys, taken)
                by_key = np.argsort(keys)
                where = np.searchsorted(order_keys, keys[by_key])
                setattr(new, order_name, np.insert(order, where, positions[by_key]))
                setattr(new, keys_name, np.insert(order_keys, where, keys[by_key]))

        role_positions = new.positions(roles["document_id"])[0]
        role_bits = _role_bits(roles["role"])
        for name in ("person", "organisation"):
            records = roles[f"{name}_id"]
            present = records >= 0
            setattr(new, name, getattr(self, name).replaced(
                positions, new.size, role_positions[present], records[present], role_bits[present]))
        places = roles["place_id"]
        written = place_written >= 0
        new.place = self.place.replaced(
            positions, new.size,
            np.concatenate([role_positions[places >= 0], positions[at[written]]]),
            np.concatenate([places[places >= 0], place_written[written]]),
            np.concatenate([role_bits[places >= 0], np.zeros(int(written.sum()), dtype=np.uint8)]),
        )
        new.topic = self.topic.replaced(positions, new.size, new.positions(links["document_id"])[0], links["topic_id"])
        return new

    def with_records(self) -> DocumentColumns:
        """A copy with the people, organisations, places and topics read again (a few
        thousand rows, milliseconds), each record's pairs kept: what a curator's edit of a
        record changes (a name, a slug, whether it is public) without reloading the pairs."""
        new = copy.copy(self)
        for name, model in (("person", Person), ("organisation", Organisation), ("place", Place), ("topic", Topic)):
            setattr(new, name, getattr(self, name).with_records(model))
        return new

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of document ids, and which are held at all (drafts and deleted
        documents too: `live` says which are published)."""
        ids = np.asarray(ids)
        if not np.issubdtype(ids.dtype, np.integer):  # an empty list
            ids = ids.astype(np.int64)
        in_range = (ids >= 0) & (ids < self.position_by_id.size)
        positions = np.full(ids.shape, -1, dtype=np.int32)
        positions[in_range] = self.position_by_id[ids[in_range]]
        known = positions >= 0
        return np.where(known, positions, 0), known

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """The published documents among `ids`, as a mask."""
        positions, known = self.positions(ids)
        mask = np.zeros(self.size, dtype=bool)
        mask[positions[known]] = True
        return mask & self.live

    def select(self, params) -> np.ndarray:
        """The published documents matching every filter of `params`, as a mask. The same
        rules as `engine.apply_filters` in SQL (a test holds the two together): several
        kinds or languages, any of them; several topics, people, organisations or places,
        all of them; dates by overlap of the EDTF bounds; a year by the date as stated."""
        selected = self.live.copy()
        for codes, values, wanted in ((self.kind, self.kinds, params.kind), (self.language, self.languages, params.language)):
            if wanted:
                # A comparison per wanted code: a pass each, faster than a table look-up per
                # document, and a kind is rarely asked for with more than two others.
                chosen = np.zeros(self.size, dtype=bool)
                for code in (index for index, value in enumerate(values) if value in wanted):
                    chosen |= codes == code
                selected &= chosen
        for name in ("topic", "person", "organisation", "place"):
            column = getattr(self, name)
            role = params.role if name in ("person", "organisation") else ""
            for slug in getattr(params, name):
                selected &= column.documents_of(slug, self.size, role)
        if params.date_from or params.date_to:
            # A missing bound is open: `1979/` reaches any later date, `/1979` any earlier one.
            selected &= self.dated
            if params.date_from:
                selected &= self.upper >= _day(params.date_from)
            if params.date_to:
                selected &= self.lower <= _day(params.date_to)
        if params.year is not None:
            selected &= self.year == params.year
        return selected

    def by_date(self, selected: np.ndarray, *, descending: bool, start: int, stop: int) -> np.ndarray:
        """Positions of the selected documents ranked `start` to `stop` in date order: the
        order is walked only until they are found."""
        found, count = [], 0
        for part, _walked in walk_order(self.date_descending if descending else self.date_ascending, selected):
            found.append(part)
            count += part.size
            if count >= stop:
                break
        return np.concatenate(found)[start:stop] if found else np.empty(0, dtype=np.int32)

    def facets(self, selected: np.ndarray) -> dict[str, list[tuple[str, str, int]]]:
        """(value, label, count) buckets per facet over the selected documents; kinds and
        languages by count, years and decades in order, linked records by count (top 15)."""
        facets: dict[str, list[tuple[str, str, int]]] = {}
        # One count per (kind, language, year) combination, summed along each axis: one pass
        # over the selection instead of three. Year offset 0 is "undated".
        shape = (len(self.kinds), len(self.languages), self.year_span)
        combined = np.bincount(self.kind_language_year[selected], minlength=int(np.prod(shape))).reshape(shape)
        for name, values, axis in (("kind", self.kinds, (1, 2)), ("language", self.languages, (0, 2))):
            counts = combined.sum(axis=axis)
            facets[name] = [(values[i], values[i], int(counts[i])) for i in np.flatnonzero(counts)]
        by_year = combined.sum(axis=(0, 1))[1:]
        years = [(self.first_year + offset, int(by_year[offset])) for offset in np.flatnonzero(by_year).tolist()]
        facets["year"] = [(str(year), str(year), count) for year, count in years]
        decades: dict[int, int] = {}
        for year, count in years:
            decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + count
        facets["decade"] = [(str(decade), f"{decade}s", count) for decade, count in decades.items()]
        few = np.flatnonzero(selected)
        few = few if few.size * 8 < self.size else None
        for name in ("topic", "person", "organisation", "place"):
            facets[name] = getattr(self, name).top(selected, few)
        return facets


class ColumnsCache:
    """One `DocumentColumns` per process, kept current from the change log: given the
    documents changed since the last log row it applied, and the records read again when
    the documents token says a person, organisation, place or topic was written; reloaded
    in full only after a bulk load (`changes_token`), when rows it had not applied were
    pruned from the log, or for a change it cannot place. Always read from the primary, so
    that they never go back in time whichever replica a request reads from. Log ids become
    visible in order (see migration `search.0007`), so the rows after the last one applied
    are all that is new."""

    def __init__(self):
        self._lock = threading.Lock()
        self._token = ""
        self._changes = ""
        self._columns: DocumentColumns | None = None
        self._seen = 0
        self.full_reloads = 0
        self.changes_applied = 0
        self.records_read = 0

    def get(self, state: State) -> DocumentColumns:
        columns = self._columns
        if columns is not None and state.documents and self._token == state.documents and (
            state.last_change == self._seen
        ):
            return columns
        with self._lock, primary_reads():
            # A log that went back (a database restored from a backup), or that lost rows
            # this process had not applied, cannot be followed.
            if (self._columns is None or not state.documents or not state.changes or self._changes != state.changes
                    or state.last_change < self._seen or state.pruned_through > self._seen):
                return self._reload(state)
            try:
                return self._follow(state)
            except NeedsReload:
                return self._reload(state)

    def _reload(self, state: State) -> DocumentColumns:
        # The log's last id was read before the documents: a write committed in between is
        # applied again later, which changes nothing.
        self._seen = state.last_change
        self._columns = DocumentColumns()
        self._token, self._changes = state.documents, state.changes
        self.full_reloads += 1
        _return_freed_memory()
        return self._columns

    def _follow(self, state: State) -> DocumentColumns:
        columns = self._columns
        if self._token != state.documents:
            # Records first: a change below may link a record created with it.
            columns = columns.with_records()
            self.records_read += 1
        # Only up to the state's last id: a record written after the records were read
        # has a later id, and its documents are applied with it, after the records again.
        rows = list(DocumentChange.objects.filter(id__gt=self._seen, id__lte=state.last_change)
                    .values_list("document_id", flat=True))
        if rows:
            columns = columns.changed(rows)
            self.changes_applied += 1
        self._columns, self._token, self._seen = columns, state.documents, state.last_change
        return columns


def _return_freed_memory() -> None:
    """Give the pages the C allocator holds free back to the system (glibc's `malloc_trim`;
    elsewhere nothing). A full load frees its temporaries, about twice the columns' own size,
    in pieces the allocator otherwise keeps for the life of the process: at a million
    documents, 130 MB more resident memory per process than the columns take."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


_columns = ColumnsCache()


def forget_columns() -> None:
    """Drop this process's columns (tests: a rolled-back transaction takes the change log's
    ids back with it, which no running server ever sees)."""
    global _columns
    _columns = ColumnsCache()


def held_documents() -> int | None:
    """How many published documents this process's columns hold, without loading them
    (None: not loaded yet); what a server logs to show it was warmed before its first request."""
    columns = _columns._columns
    return None if columns is None else int(columns.live.sum())


def document_columns(state: State) -> DocumentColumns:
    """The columns as of `state` (from `tokens.current_tokens`): reloaded if the documents
    token changed, else brought up to date from the change log."""
    return _columns.get(state)
