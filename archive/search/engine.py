"""Searching published documents: matches, ranking, filters, facets and snippets.

The database answers what only it can: which documents the words match (FTS5 or a
`tsvector`), and the relevance of the few that make the page. With a ranking index
(`ranking.py`, the `SEARCH_RANKING_INDEX` setting) that is current, the index answers both
instead, much faster for a common word; the database stays the source of truth and answers
whenever the index cannot be shown current. Filters, the total, facets
and date order are computed on the published documents' columns held in memory
(`columns.py`), which a token checked on every search keeps current. So a search costs the
same three queries whatever it finds: the tokens, the full-text statement, and loading the
page's documents.

Visibility is not decided here: the columns are loaded through the models'
`visible_to(PUBLIC)`, and `filter_documents` narrows whatever queryset the caller passes (the
document API passes the viewer's own, drafts included for a curator), compiling the same
filters to SQL (a test holds the two versions together).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from archive.filters import DocumentFilters
from archive.models import Document, DocumentKind, Organisation, Person, Place, Role, Topic
from archive.models.visibility import PUBLIC
from archive.replicas import primary_reads
from archive.text import language_name

from .columns import DocumentColumns, document_columns
from .highlight import Matcher, highlight, snippet
from .names import Expansion, build_query, name_index
from .query import All, Any, Phrase, Term, parse, render_fts5, render_tsquery, words_of
from .ranking import RankingIndex, ranking_index
from .reads import ints
from .tokens import current_tokens

FACET_KEYS = ("kind", "decade", "year", "language", "topic", "person", "organisation", "place")


@dataclass
class FacetBucket:
    value: str
    label: str
    count: int


@dataclass
class SearchHit:
    document: Document
    snippet: SafeString
    rank: float
    page: int = 0  # the page of the original where the first match stands, when known


@dataclass
class SearchResult:
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[FacetBucket]] = field(default_factory=dict)
    expansions: list[Expansion] = field(default_factory=list)
    message: str = ""
    page: int = 1
    num_pages: int = 1


# ---------------------------------------------------------------- the query


@dataclass
class CompiledQuery:
    tree: object | None  # None: no words to search for
    expansions: list[Expansion]
    notes: list[str]
    sequences: list[tuple[tuple[str, ...], bool]]  # what to highlight: (words, prefix)

    @property
    def has_query(self) -> bool:
        return self.tree is not None

    def render(self) -> str:
        if connection.vendor == "postgresql":
            return render_tsquery(self.tree)
        return render_fts5(self.tree)


def _highlight_sequences(node, out):
    if isinstance(node, Term):
        out.append(((node.word,), node.prefix))
    elif isinstance(node, Phrase):
        out.append((node.words, False))
    elif isinstance(node, (All, Any)):
        for item in node.items:
            _highlight_sequences(item, out)
    return out


def compile_query(q: str, *, expand: bool = True, names_token: str | None = None) -> CompiledQuery:
    parsed = parse(q)
    if parsed.is_empty:
        return CompiledQuery(None, [], parsed.notes, [])
    index = name_index(names_token) if expand else None
    tree, expansions = build_query(parsed, expand=expand, index=index)
    return CompiledQuery(tree, expansions, parsed.notes, _highlight_sequences(tree, []))


def highlight_terms(text: str, q: str, *, expand: bool = True) -> SafeString:
    """All of `text`, escaped, with the words of query `q` (and, with `expand`, every other
    name of the records it names) in `<mark>`: for a document reached from a search."""
    compiled = compile_query(q, expand=expand)
    return highlight(text, Matcher(compiled.sequences))


# ---------------------------------------------------------------- filters


def apply_filters(queryset: QuerySet, filters: DocumentFilters) -> QuerySet:
    """`queryset` (the viewer's documents: visibility is the caller's, through
    `Document.objects.visible_to`) narrowed by every filter, by the rules the columns apply
    in memory (a test holds the two together): several kinds or languages, any of them;
    several topics, people, organisations or places, all of them; dates by overlap. Each
    filter is a subquery on the document's own columns, so the result compiles to a
    single-table WHERE."""
    qs = queryset
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind__in=filters.kind)
    if filters.language:
        qs = qs.filter(language__in=filters.language)
    through = Document.topics.through
    for slug in filters.topic:
        topics = Topic.objects.visible_to(PUBLIC).filter(slug=slug)
        qs = qs.filter(pk__in=through.objects.filter(topic__in=topics).values("document_id"))
    roles = Role.objects.filter(role=filters.role) if filters.role else Role.objects.all()
    for slug in filters.person:
        people = Person.objects.visible_to(PUBLIC).filter(slug=slug)
        qs = qs.filter(pk__in=roles.filter(person__in=people).values("document_id"))
    for slug in filters.organisation:
        organisations = Organisation.objects.visible_to(PUBLIC).filter(slug=slug)
        qs = qs.filter(pk__in=roles.filter(organisation__in=organisations).values("document_id"))
    for slug in filters.place:
        places = Place.objects.visible_to(PUBLIC).filter(slug=slug)
        qs = qs.filter(
            pk__in=Role.objects.filter(place__in=places).values("document_id")
        ) | qs.filter(place_written__in=places)
    if filters.date_from or filters.date_to:
        qs = qs.in_date_range(filters.date_from, filters.date_to)
    if filters.year is not None:
        qs = qs.filter(date_stated__year=filters.year)
    return qs


# ---------------------------------------------------------------- matching

# SQLite's relevance: bm25 with weights per column (title, summary, full text, linked names);
# lower is better.
BM25 = "bm25(search_fts, 10.0, 4.0, 1.0, 6.0)"

# Below this many filtered documents, only they are ranked; above it, the best matches are
# ranked over the whole index and those the filters refuse are skipped.
RANK_ONLY_SELECTED = 5_000


def _match_statement(compiled: CompiledQuery, *, ranked: int, among: list[int] | None) -> tuple[str, list]:
    """One statement: a row ('ids', every matching id, drafts included, comma-separated),
    then up to `ranked` rows ('hit', id, rank) in relevance order, from `among` only if given.

    Every id is needed for the count and the facets, but ranking every match is what makes
    a common word slow (bm25 or ts_rank over ~50,000 documents), so only the page's share is
    ranked; `among` keeps a narrow filter from ranking documents it will throw away."""
    expression = compiled.render()
    params: list = [expression]
    if connection.vendor == "postgresql" and ranked and among is None:
        # ts_rank reads each match's whole vector, as does the @@ test of a phrase: one pass
        # over the matches gives both the ids and the ranks (two passes took twice as long).
        sql = ("WITH m AS MATERIALIZED (SELECT document_id, ts_rank(vector, query) AS rank FROM search_searchentry, "
               "to_tsquery('archive_search', %s) query WHERE vector @@ query) "
               "SELECT 'ids', NULL::bigint, NULL::real, string_agg(document_id::text, ',') FROM m "
               "UNION ALL (SELECT 'hit', document_id, rank, NULL FROM m ORDER BY 3 DESC, 2 DESC LIMIT %s)")
        return sql, [expression, ranked]
    if connection.vendor == "postgresql":
        sql = ("SELECT 'ids', NULL::bigint, NULL::float8, string_agg(document_id::text, ',') FROM search_searchentry "
               "WHERE vector @@ to_tsquery('archive_search', %s)")
        if ranked:
            restrict = " AND e.document_id = ANY(CAST(%s AS bigint[]))" if among is not None else ""
            sql += (" UNION ALL (SELECT 'hit', e.document_id, ts_rank(e.vector, query), NULL "
                    "FROM search_searchentry e, to_tsquery('archive_search', %s) query WHERE e.vector @@ query"
                    f"{restrict} ORDER BY 3 DESC, 2 DESC LIMIT %s)")
    else:
        sql = "SELECT 'ids', NULL, NULL, group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s"
        if ranked:
            # `+rowid`: scan the matches and test each against the list, rather than look up
            # each listed id in the index (about 40× slower for a common word).
            restrict = " AND +rowid IN (SELECT value FROM json_each(%s))" if among is not None else ""
            # Ordered by the selected column itself: an ORDER BY expression that differs from
            # it (even `-bm25(…)`) is computed a second time for every match. The sign is
            # turned in Python.
            sql += (f" UNION ALL SELECT * FROM (SELECT 'hit', rowid, {BM25} AS score, "
                    f"NULL FROM search_fts WHERE search_fts MATCH %s{restrict} ORDER BY score, rowid DESC LIMIT %s)")
    if ranked:
        params.append(expression)
        if among is not None:
            params.append(among if connection.vendor == "postgresql" else json.dumps(among))
        params.append(ranked)
    return sql, params


def _run(sql: str, params: list) -> tuple[np.ndarray, list[tuple[int, float]]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = next((ints(text or "") for what, _id, _rank, text in rows if what == "ids"), ints(""))
    sign = 1.0 if connection.vendor == "postgresql" else -1.0  # higher is better, as ts_rank
    ranked = [(int(pk), sign * float(rank)) for what, pk, rank, _text in rows if what == "hit"]
    return ids, ranked


class DatabaseMatches:
    """Matches and ranks from the database's full-text index."""

    def __init__(self, compiled: CompiledQuery):
        self.compiled = compiled

    def all_ids(self) -> np.ndarray:
        return _run(*_match_statement(self.compiled, ranked=0, among=None))[0]

    def run(self, ranked: int, among: list[int] | None) -> tuple[np.ndarray, list[tuple[int, float]]]:
        return _run(*_match_statement(self.compiled, ranked=ranked, among=among))


class IndexMatches:
    """Matches and ranks from the ranking index (`ranking.py`); the ids are listed once
    however many ranking passes a page takes."""

    def __init__(self, index: RankingIndex, compiled: CompiledQuery):
        self.index = index
        self.view = index.view()
        self.tree = compiled.tree
        self.query = index.query(compiled.tree)
        # Ranked by their words when there are phrases (an alias expansion): see `RankingIndex.best`.
        self.words = index.any_word(compiled.tree) if _has_phrase(compiled.tree) else None
        self._ids: np.ndarray | None = None

    def all_ids(self) -> np.ndarray:
        if self._ids is None:
            self._ids = self.index.matching_ids(self.view, self.query, key=self.tree)
        return self._ids

    def run(self, ranked: int, among: list[int] | None) -> tuple[np.ndarray, list[tuple[int, float]]]:
        ids = self.all_ids()
        return ids, self.index.best(self.view, self.query, ranked, among, self.words, ids)


def _has_phrase(node) -> bool:
    if isinstance(node, Phrase):
        return len(node.words) > 1
    return isinstance(node, (All, Any)) and any(_has_phrase(item) for item in node.items)


def _ranked_page(matches, columns: DocumentColumns, selected: np.ndarray,
                 wanted: int) -> tuple[np.ndarray, list[tuple[int, float]]]:
    """(ids of every match, the first `wanted` selected matches as (id, rank), best first)."""
    count_selected = int(selected.sum())
    if count_selected <= RANK_ONLY_SELECTED and count_selected < columns.size:
        return matches.run(wanted, columns.ids[selected].tolist())
    # Enough candidates that, if the filters let through matches as often as documents,
    # the page is filled; when they do not, a second pass ranks every match.
    share = count_selected / max(1, columns.total)
    limit = int(wanted / max(share, 1e-9) * 1.25) + 20
    ids, ranked = matches.run(limit, None)
    page = _keep_selected(ranked, columns, selected)
    if len(page) < wanted and len(ranked) == limit:
        _ids, ranked = matches.run(len(ids), None)
        page = _keep_selected(ranked, columns, selected)
    return ids, page[:wanted]


def _keep_selected(ranked, columns: DocumentColumns, selected: np.ndarray) -> list[tuple[int, float]]:
    if not ranked:
        return []
    positions, known = columns.positions(np.array([pk for pk, _ in ranked], dtype=np.int64))
    keep = known.copy()  # only known positions index `selected` (it may be empty)
    keep[known] = selected[positions[known]]
    return [hit for hit, kept in zip(ranked, keep.tolist(), strict=True) if kept]


# ---------------------------------------------------------------- results


def _buckets(facets: dict[str, list[tuple[str, str, int]]]) -> dict[str, list[FacetBucket]]:
    kinds = dict(DocumentKind.choices)
    buckets = {key: [FacetBucket(value, label, count) for value, label, count in facets.get(key, [])]
               for key in FACET_KEYS}
    for bucket in buckets["kind"]:
        bucket.label = str(kinds.get(bucket.value, bucket.value))
    for bucket in buckets["language"]:
        bucket.label = language_name(bucket.value)
    for key in ("kind", "language"):
        buckets[key].sort(key=lambda b: (-b.count, b.label))
    return buckets


def search_documents(params: DocumentFilters, *, facets: bool = True) -> SearchResult:
    """Public documents for `params`: the page asked for, the total, facets over the
    whole filtered result, and the alias expansions used. Never raises on any `q`.

    Three queries whatever the data: the tokens of the cached name list and document
    columns, the full-text match (none for a list), and the page's documents."""
    state = current_tokens()
    if params.q.strip():
        compiled = compile_query(params.q, expand=params.expand, names_token=state.names)
    else:
        compiled = CompiledQuery(None, [], [], [])
    result = SearchResult(expansions=compiled.expansions, page=params.page)
    notes = list(compiled.notes)
    if params.q.strip() and not compiled.has_query:
        notes.append("There was nothing to search for.")
        result.message = " ".join(dict.fromkeys(notes))
        result.facets = {key: [] for key in FACET_KEYS} if facets else {}
        result.num_pages = 1
        return result

    columns = document_columns(state)
    selected = columns.select(params)
    start = (params.page - 1) * params.page_size
    stop = start + params.page_size
    sort = params.effective_sort
    if compiled.has_query:
        index = ranking_index(state)
        matches = IndexMatches(index, compiled) if index is not None else DatabaseMatches(compiled)
        if sort == "relevance":
            ids, ranked = _ranked_page(matches, columns, selected, stop)
        else:
            ids = matches.all_ids()
        selected &= columns.mask(ids)
    result.count = int(selected.sum())
    if compiled.has_query and sort == "relevance":
        page = ranked[start:stop]
    else:
        page = [(int(pk), 0.0) for pk in
                columns.ids[columns.by_date(selected, descending=sort == "-date", start=start, stop=stop)]]
    result.num_pages = max(1, math.ceil(result.count / params.page_size))
    if facets:
        result.facets = _buckets(columns.facets(selected))
    if params.page > result.num_pages:
        notes.append(f"There is no page {params.page}; the last page is {result.num_pages}.")

    # Looked up by id, unordered: with the model's default order (date, title) SQLite walks
    # the date index through every published row to find the page's few ids.
    documents = Document.objects.visible_to(PUBLIC).order_by().in_bulk([pk for pk, _ in page])
    if len(documents) < len(page):
        # The columns come from the primary; a replica behind it may not have a new document yet.
        with primary_reads():
            documents |= Document.objects.visible_to(PUBLIC).order_by().in_bulk([pk for pk, _ in page if pk not in documents])
    matcher = Matcher(compiled.sequences)
    for pk, rank in page:
        document = documents.get(pk)
        if document is not None:
            text = snippet([document.body, document.summary, document.title], matcher)
            result.hits.append(SearchHit(document, text, rank, _page_of_first_match(document, matcher)))
    if compiled.has_query and not result.count and not notes:
        notes.append("No published document matches this search.")
    result.message = " ".join(dict.fromkeys(notes))
    return result


class ListedByDate:
    """The published documents matching `params` (no words), in date order, for Django's
    `Paginator`: counted and cut on the columns, only the page's rows read from `queryset`
    (the viewer's published documents, with what the list shows). The same documents in
    the same order as `filter_documents` (`tests/search/test_columns.py` holds the two
    paths together)."""

    def __init__(self, params: DocumentFilters, queryset: QuerySet):
        self._columns = document_columns(current_tokens())
        self._selected = self._columns.select(params)
        self._descending = params.effective_sort == "-date"
        self._queryset = queryset

    def count(self) -> int:
        return int(self._selected.sum())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Document]:
        start, stop, _step = key.indices(self.count())
        positions = self._columns.by_date(self._selected, descending=self._descending, start=start, stop=stop)
        ids = self._columns.ids[positions].tolist()
        found = self._queryset.order_by().in_bulk(ids)  # unordered, as in `search_documents`
        if len(found) < len(ids):
            # The columns come from the primary; a replica behind it may not have a new document yet.
            with primary_reads():
                found |= self._queryset.order_by().in_bulk([pk for pk in ids if pk not in found])
        return [found[pk] for pk in ids if pk in found]


def _page_of_first_match(document: Document, matcher: Matcher) -> int:
    """Only documents read from a paged original know their pages; the others cost nothing."""
    if not document.paragraph_pages or not matcher.probes:
        return 0
    for paragraph, page in document.paragraphs_with_pages:
        if page and any(matcher.marks(paragraph)[1]):
            return page
    return 0


def filter_documents(queryset: QuerySet, params: DocumentFilters) -> QuerySet:
    """`queryset` (the viewer's documents) narrowed to those matching the query, with alias
    expansion, and the filters; ordered as `params` asks (relevance, or date with undated
    documents last)."""
    qs = apply_filters(queryset, params)
    sort = params.effective_sort
    if params.q.strip():
        compiled = compile_query(params.q, expand=params.expand)
        if not compiled.has_query:
            return qs.none()
        expression = compiled.render()
        if connection.vendor == "postgresql":
            match = "SELECT document_id FROM search_searchentry WHERE vector @@ to_tsquery('archive_search', %s)"
            rank = (
                "SELECT ts_rank(vector, to_tsquery('archive_search', %s)) FROM search_searchentry "
                'WHERE document_id = "archive_document"."id"'
            )
        else:
            match = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
            # A rowid equality lets FTS5 seek straight to the row in each term's list.
            rank = (
                f"SELECT -{BM25} FROM search_fts "
                'WHERE search_fts MATCH %s AND search_fts.rowid = "archive_document"."id"'
            )
        qs = qs.filter(pk__in=RawSQL(match, [expression]))
        if sort == "relevance":
            return qs.annotate(search_rank=RawSQL(rank, [expression])).order_by("-search_rank", "-pk")
    if sort == "date":
        return qs.order_by(F("date_stated").asc(nulls_last=True), "pk")
    return qs.order_by(F("date_stated").desc(nulls_last=True), "-pk")


__all__ = [
    "FacetBucket", "ListedByDate", "SearchHit", "SearchResult", "compile_query", "filter_documents", "highlight_terms",
    "search_documents", "words_of",
]
