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
  decided by the querysets' own rules, never restated here;
* each process keeps one copy and reloads it when `SearchState.documents_token` changes,
  which database triggers do on every write to documents, roles, topic links, topics,
  people, organisations and places (migration `search.0004`). A search checks it in the
  same small query as the name list's token.

Size: about 30 bytes per document and 16 per link, about 10 MB per process for 100,000
documents; a reload reads four tables once (a few hundred milliseconds at that size) and
is paid by the first search after a change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import QuerySet

from archive.models import Document, Organisation, Person, Place, Role, RoleKind, Topic
from archive.models.visibility import PUBLIC

from .tokens import TokenCache

ENTITY_FACET_SIZE = 15
# One bit per kind of role, so a (document, record) pair remembers every role it holds.
ROLE_BITS = {kind: 1 << index for index, kind in enumerate(RoleKind.values)}


def _read_columns(queryset: QuerySet, columns: dict[str, str]) -> dict[str, str]:
    """{name: one comma-separated text of that column over all of `queryset`'s rows}.

    `columns` maps each field to "int", "date" or "text": every aggregate of one statement
    reads the same rows in the same order, so the texts line up; building one Python tuple
    per row would cost several times the query."""
    selected = queryset.order_by().values(*columns)
    sql, params = selected.query.sql_with_params()
    postgres = connection.vendor == "postgresql"
    parts = []
    for index, (field, kind) in enumerate(columns.items()):
        column = f"t.c{index}"
        if kind == "date":
            value = f"to_char({column}, 'YYYY-MM-DD')" if postgres else column
            value = f"COALESCE({value}, 'NaT')"
        elif kind == "int":
            value = f"CAST(COALESCE({column}, -1) AS TEXT)"
        else:
            value = f"CAST({column} AS TEXT)"
        parts.append(f"string_agg({value}, ',')" if postgres else f"group_concat({value}, ',')")
    # The inner select's columns renamed by position: c0, c1, … (Django names them by field).
    inner_names = ", ".join(f"c{index}" for index in range(len(columns)))
    if postgres:
        statement = f"SELECT {', '.join(parts)} FROM ({sql}) AS t ({inner_names})"
    else:
        statement = f"WITH t ({inner_names}) AS ({sql}) SELECT {', '.join(parts)} FROM t"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    return {field: (text or "") for field, text in zip(columns, row, strict=True)}


def ints(text: str) -> np.ndarray:
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.empty(0, dtype=np.int64)


def _dates(text: str) -> np.ndarray:
    return np.array(text.split(","), dtype="datetime64[D]") if text else np.empty(0, dtype="datetime64[D]")


def _codes(text: str) -> tuple[list[str], np.ndarray]:
    if not text:
        return [], np.empty(0, dtype=np.int32)
    items = text.split(",")
    values = sorted(set(items))
    code = {value: index for index, value in enumerate(values)}
    return values, np.fromiter((code[item] for item in items), dtype=np.int32, count=len(items))


@dataclass
class EntityColumn:
    """One kind of linked record: its (document, record) pairs, each pair once, and the
    records' slugs and names for the facet buckets."""

    ids: np.ndarray  # sorted primary keys; a record's index is its position here
    slugs: list[str]
    names: list[str]
    by_slug: dict[str, int]
    name_order: np.ndarray  # each record's rank when sorted by name, for ties
    pair_document: np.ndarray  # document positions, in order
    pair_entity: np.ndarray  # record indexes
    pair_start: np.ndarray  # where each document's pairs start (one more entry than documents)
    pair_roles: np.ndarray  # ROLE_BITS of every role the pair holds (0 for topics, places written)

    @classmethod
    def build(cls, records: QuerySet, pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]], document_index,
              documents: int) -> EntityColumn:
        rows = sorted(records.order_by().values_list("pk", "slug", "name"))
        ids = np.array([pk for pk, _, _ in rows], dtype=np.int64)
        slugs = [slug for _, slug, _ in rows]
        names = [name for _, _, name in rows]
        name_order = np.empty(len(rows), dtype=np.int64)
        name_order[sorted(range(len(rows)), key=names.__getitem__)] = np.arange(len(rows))
        linked_ids = np.concatenate([d for d, _, _ in pairs]) if pairs else np.empty(0, dtype=np.int64)
        records_ = np.concatenate([e for _, e, _ in pairs]) if pairs else np.empty(0, dtype=np.int64)
        role_bits = np.concatenate([b for _, _, b in pairs]) if pairs else np.empty(0, dtype=np.uint8)
        document_positions, known_documents = document_index(linked_ids)
        entity_positions, known_entities = _positions(ids, records_)
        keep = known_documents & known_entities
        # Each (document, record) once, a person can hold two roles in one document; sorted
        # by document.
        width = max(1, len(ids))
        unique, inverse = np.unique(document_positions[keep] * width + entity_positions[keep], return_inverse=True)
        pair_roles = np.zeros(unique.size, dtype=np.uint8)
        np.bitwise_or.at(pair_roles, inverse.ravel(), role_bits[keep])
        pair_document, pair_entity = unique // width, unique % width
        pair_start = np.concatenate([[0], np.cumsum(np.bincount(pair_document, minlength=documents))])
        return cls(ids, slugs, names, {s: i for i, s in enumerate(slugs)}, name_order, pair_document, pair_entity,
                   pair_start, pair_roles)

    def documents_of(self, slug: str, size: int, role: str = "") -> np.ndarray:
        """Which documents link the record `slug`, in `role` if given (none if there is no
        such public record)."""
        linked = np.zeros(size, dtype=bool)
        index = self.by_slug.get(slug)
        if index is not None:
            chosen = self.pair_entity == index
            if role:
                chosen &= (self.pair_roles & ROLE_BITS[role]) != 0
            linked[self.pair_document[chosen]] = True
        return linked

    def top(self, selected: np.ndarray, few: np.ndarray | None = None) -> list[tuple[str, str, int]]:
        """(slug, name, count) of the records linked to the most selected documents; `few`,
        the positions of the selected documents when they are a small share of all."""
        if not self.pair_entity.size:
            return []
        if few is not None:
            # Only the selected documents' own pairs: work in proportion to the result.
            starts, ends = self.pair_start[few], self.pair_start[few + 1]
            lengths = ends - starts
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
            counts = np.bincount(self.pair_entity[offsets], minlength=len(self.ids))
        else:
            # Weights rather than a compacted copy of the chosen pairs: one pass over them.
            counts = np.bincount(self.pair_entity, weights=selected[self.pair_document], minlength=len(self.ids))
        present = np.flatnonzero(counts)
        order = present[np.lexsort((self.name_order[present], -counts[present]))][:ENTITY_FACET_SIZE]
        return [(self.slugs[i], self.names[i], int(counts[i])) for i in order]


def _positions(sorted_ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `wanted` in `sorted_ids`, and which of them are there at all."""
    if not sorted_ids.size:
        return np.zeros(wanted.shape, dtype=np.int64), np.zeros(wanted.shape, dtype=bool)
    positions = np.searchsorted(sorted_ids, wanted).clip(0, sorted_ids.size - 1)
    return positions, sorted_ids[positions] == wanted


class DocumentColumns:
    """Every published document's filter and facet values, by position (documents sorted by
    primary key)."""

    def __init__(self):
        published = Document.objects.visible_to(PUBLIC)
        columns = _read_columns(published, {
            "id": "int", "kind": "text", "language": "text", "date_lower": "date", "date_upper": "date",
            "date_stated": "date", "place_written_id": "int",
        })
        ids = ints(columns["id"])
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.size = int(self.ids.size)
        # Position by id, for turning full-text matches into positions by indexing rather
        # than by binary search; ids are dense enough for 4 bytes per id to be small.
        self.position_by_id = np.full(int(self.ids[-1]) + 1 if self.size else 0, -1, dtype=np.int32)
        self.position_by_id[self.ids] = np.arange(self.size, dtype=np.int32)
        # Drafts included: how much of the full-text index the published documents are.
        self.total = Document.objects.count()
        self.kinds, kind_codes = _codes(columns["kind"])
        self.kind = kind_codes[order]
        self.languages, language_codes = _codes(columns["language"])
        self.language = language_codes[order]
        self.lower = _dates(columns["date_lower"])[order]
        self.upper = _dates(columns["date_upper"])[order]
        self.dated = ~(np.isnat(self.lower) & np.isnat(self.upper))
        # Years and date order come from the date as stated ("about January 2010" is 2010),
        # range filters from the widened bounds above.
        stated = _dates(columns["date_stated"])[order]
        no_stated = np.isnat(stated)
        years = stated.astype("datetime64[Y]").astype(np.int64) + 1970
        # Undated documents get the year before the first, which the year facet leaves out.
        self.first_year = int(years[~no_stated].min()) if (~no_stated).any() else 0
        self.year = np.where(no_stated, self.first_year - 1, years)
        self.year_span = int(self.year.max() - self.first_year + 2) if self.size else 1
        self.kind_language_year = (
            (self.kind.astype(np.int64) * len(self.languages) + self.language) * self.year_span
            + (self.year - self.first_year + 1)
        )
        # Positions in date order, nulls last, the id breaking ties (as the SQL order did).
        days = stated.astype(np.int64)
        self.date_ascending = np.lexsort((self.ids, days, no_stated))
        self.date_descending = np.lexsort((-self.ids, -days, no_stated))

        # Every role and topic link: those of unpublished documents find no position below and
        # are dropped, which is cheaper than a filter looking up each role's document.
        roles = _read_columns(Role.objects.all(), {
            "document_id": "int", "person_id": "int", "organisation_id": "int", "place_id": "int", "role": "text",
        })
        role_documents = ints(roles["document_id"])
        kinds, kind_codes = _codes(roles["role"])
        role_bits = np.array([ROLE_BITS[kind] for kind in kinds], dtype=np.uint8)[kind_codes]
        links = _read_columns(Document.topics.through.objects.all(), {
            "document_id": "int", "topic_id": "int",
        })
        place_written = ints(columns["place_written_id"])[order]

        def pairs(entities):
            present = entities >= 0
            return [(role_documents[present], entities[present], role_bits[present])]

        def no_roles(documents, entities):
            return (documents, entities, np.zeros(documents.size, dtype=np.uint8))

        self.person = EntityColumn.build(
            Person.objects.visible_to(PUBLIC), pairs(ints(roles["person_id"])), self.positions, self.size
        )
        self.organisation = EntityColumn.build(
            Organisation.objects.visible_to(PUBLIC), pairs(ints(roles["organisation_id"])), self.positions, self.size
        )
        # A place counts a document once, whether mentioned, where it was written, or both.
        self.place = EntityColumn.build(
            Place.objects.visible_to(PUBLIC),
            pairs(ints(roles["place_id"])) + [no_roles(self.ids[place_written >= 0], place_written[place_written >= 0])],
            self.positions, self.size,
        )
        self.topic = EntityColumn.build(
            Topic.objects.visible_to(PUBLIC), [no_roles(ints(links["document_id"]), ints(links["topic_id"]))],
            self.positions, self.size,
        )

    def positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of document ids, and which are published documents at all."""
        ids = np.asarray(ids, dtype=np.int64)
        in_range = (ids >= 0) & (ids < self.position_by_id.size)
        positions = np.full(ids.shape, -1, dtype=np.int64)
        positions[in_range] = self.position_by_id[ids[in_range]]
        known = positions >= 0
        return np.where(known, positions, 0), known

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """The published documents among `ids`, as a mask."""
        positions, known = self.positions(ids)
        mask = np.zeros(self.size, dtype=bool)
        mask[positions[known]] = True
        return mask

    def select(self, params) -> np.ndarray:
        """The published documents matching every filter of `params`, as a mask. The same
        rules as `engine.apply_filters` in SQL (a test holds the two together): several
        kinds or languages, any of them; several topics, people, organisations or places,
        all of them; dates by overlap of the EDTF bounds; a year by the date as stated."""
        selected = np.ones(self.size, dtype=bool)
        for codes, values, wanted in ((self.kind, self.kinds, params.kind), (self.language, self.languages, params.language)):
            if wanted:
                # A table of the wanted codes, indexed by each document's code.
                table = np.array([value in wanted for value in values], dtype=bool)
                selected &= table[codes]
        for name in ("topic", "person", "organisation", "place"):
            column = getattr(self, name)
            role = params.role if name in ("person", "organisation") else ""
            for slug in getattr(params, name):
                selected &= column.documents_of(slug, self.size, role)
        if params.date_from or params.date_to:
            # A missing bound is open: `1979/` reaches any later date, `/1979` any earlier one.
            selected &= self.dated
            if params.date_from:
                selected &= ~(self.upper < np.datetime64(params.date_from, "D"))
            if params.date_to:
                selected &= ~(self.lower > np.datetime64(params.date_to, "D"))
        if params.year is not None:
            selected &= self.year == params.year
        return selected

    def by_date(self, selected: np.ndarray, *, descending: bool, start: int, stop: int) -> np.ndarray:
        """Positions of the selected documents ranked `start` to `stop` in date order."""
        order = self.date_descending if descending else self.date_ascending
        return order[np.flatnonzero(selected[order])[start:stop]]

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


_columns = TokenCache(DocumentColumns)


def document_columns(token: str) -> DocumentColumns:
    """The columns for `SearchState.documents_token` `token`, reloaded if it changed."""
    return _columns.get(token)
