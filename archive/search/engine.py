"""Searching published documents: matches, ranking, filters, facets and snippets.

One statement does the work: the matching documents (full-text match, visibility rule and
filters) are computed once into a materialised CTE, from which the total, every facet and
the requested page are read together. So a search costs the same three queries whatever it
finds: the name-list check, that statement, and loading the page's documents.

The visibility rules are not rewritten here: the WHERE clauses are compiled from
`Document.objects.published()` and `Person.objects.public()`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.conf.locale import LANG_INFO
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from archive.models import Document, DocumentKind, Person, Place, Role, Topic

from .highlight import Matcher, highlight, snippet
from .names import Expansion, build_query, name_index
from .params import SearchParams
from .query import All, Any, Phrase, Term, parse, render_fts5, render_tsquery, words_of

FACET_KEYS = ("kind", "decade", "year", "language", "topic", "person", "organisation", "place")
ENTITY_FACET_SIZE = 15


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


def compile_query(q: str, *, expand: bool = True) -> CompiledQuery:
    parsed = parse(q)
    if parsed.is_empty:
        return CompiledQuery(None, [], parsed.notes, [])
    index = name_index() if expand else None
    tree, expansions = build_query(parsed, expand=expand, index=index)
    return CompiledQuery(tree, expansions, parsed.notes, _highlight_sequences(tree, []))


def highlight_terms(text: str, q: str, *, expand: bool = True) -> SafeString:
    """All of `text`, escaped, with the words of query `q` (and, with `expand`, every other
    name of the records it names) in `<mark>`: for a document reached from a search."""
    compiled = compile_query(q, expand=expand)
    return highlight(text, Matcher(compiled.sequences))


# ---------------------------------------------------------------- filters


def apply_filters(queryset: QuerySet, params: SearchParams) -> QuerySet:
    """Published documents matching every filter. Several kinds or languages: any of them;
    several topics, people, organisations or places: all of them. Each filter is a subquery
    on the document's own columns, so the result compiles to a single-table WHERE."""
    qs = queryset.published()
    if params.kind:
        qs = qs.filter(kind__in=params.kind)
    if params.language:
        qs = qs.filter(language__in=params.language)
    through = Document.topics.through
    for slug in params.topic:
        qs = qs.filter(pk__in=through.objects.filter(topic__in=Topic.objects.filter(slug=slug)).values("document_id"))
    for slug in params.person:
        people = Person.objects.public().filter(slug=slug)
        qs = qs.filter(pk__in=Role.objects.filter(person__in=people).values("document_id"))
    for slug in params.organisation:
        qs = qs.filter(pk__in=Role.objects.filter(organisation__slug=slug).values("document_id"))
    for slug in params.place:
        places = Place.objects.filter(slug=slug)
        qs = qs.filter(
            pk__in=Role.objects.filter(place__in=places).values("document_id")
        ) | qs.filter(place_written__in=places)
    if params.date_from or params.date_to:
        qs = qs.in_date_range(params.date_from, params.date_to)
    return qs


def _where(queryset: QuerySet) -> tuple[str, list]:
    """The WHERE clause of a single-table queryset, for use in hand-written SQL."""
    query = queryset.query
    compiler = query.get_compiler(connection=connection)
    if len(query.alias_map) > 1:
        table = queryset.model._meta.db_table
        sql, params = queryset.values("pk").query.get_compiler(connection=connection).as_sql()
        return f'"{table}"."id" IN ({sql})', list(params)
    sql, params = compiler.compile(query.where)
    return (sql or "1 = 1"), list(params)


def _match_clause(compiled: CompiledQuery) -> tuple[str, str, list]:
    """(FROM clause, rank expression, params) joining the index to archive_document."""
    expression = compiled.render()
    if connection.vendor == "postgresql":
        return (
            "search_searchentry e JOIN archive_document ON archive_document.id = e.document_id "
            "CROSS JOIN to_tsquery('archive_search', %s) query WHERE e.vector @@ query AND ",
            "ts_rank(e.vector, query)",
            [expression],
        )
    # CROSS JOIN fixes the join order: FTS5 first, then each match's document by rowid.
    # Weights per column: title, summary, full text, linked names.
    return (
        "search_fts CROSS JOIN archive_document ON archive_document.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND ",
        "-bm25(search_fts, 10.0, 4.0, 1.0, 6.0)",
        [expression],
    )


def _year(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {expr}) AS integer)"
    return f"CAST(strftime('%%Y', {expr}) AS integer)"


def _then(table: str) -> str:
    """A join that SQLite must do after the tables before it: without statistics on the
    CTE, it would otherwise start from every role or topic link and probe the matches."""
    return f"{'CROSS JOIN' if connection.vendor == 'sqlite' else 'JOIN'} {table}"


def _order(sort: str) -> str:
    if sort == "date":
        return "date_lower ASC NULLS LAST, id ASC"
    if sort == "-date":
        return "date_lower DESC NULLS LAST, id DESC"
    return "rank DESC, id DESC"


def _role_counts(entity: str) -> str:
    """Matching documents per linked entity (a person can hold several roles in one
    document, hence DISTINCT). IN rather than a join: with a join and a filter on the role,
    SQLite, lacking an estimate of the matches, first builds a Bloom filter over every role
    (+40 ms even for a handful of matches)."""
    return (
        f"SELECT r.{entity}_id AS entity_id, COUNT(DISTINCT r.document_id) AS n FROM archive_role r "
        f"WHERE r.{entity}_id IS NOT NULL AND r.document_id IN (SELECT id FROM m) GROUP BY r.{entity}_id"
    )


def _entity_facet(facet: str, table: str, counts: str, where: str = "1 = 1") -> tuple[str, str]:
    """(CTE, part): the top entities of `counts` (entity_id, n). Counting by id first, and
    only then joining the few thousand entities for their slug, name and visibility, spares
    a lookup per role (a common term links ~140,000 roles)."""
    return (
        f"{facet}_counts AS MATERIALIZED ({counts})",
        f"SELECT * FROM (SELECT '{facet}' AS facet, {table}.slug AS value, {table}.name AS label, c.n AS n, "
        f"CAST(NULL AS REAL) AS rank FROM {facet}_counts c {_then(table)} ON {table}.id = c.entity_id "
        f"WHERE {where} ORDER BY c.n DESC, {table}.name LIMIT {ENTITY_FACET_SIZE}) {facet}_facet",
    )


def _statement(compiled: CompiledQuery, params: SearchParams, *, facets: bool) -> tuple[str, list]:
    where, where_params = _where(apply_filters(Document.objects.all(), params))
    if compiled.has_query:
        source, rank, sql_params = _match_clause(compiled)
    else:
        source, rank, sql_params = "archive_document WHERE ", "0.0", []
    sql_params = sql_params + where_params
    columns = (
        "archive_document.id AS id, archive_document.kind AS kind, archive_document.language AS language, "
        "archive_document.date_lower AS date_lower, archive_document.place_written_id AS place_written_id"
    )
    ctes = []
    parts = [
        "SELECT 'count' AS facet, NULL AS value, NULL AS label, COUNT(*) AS n, CAST(NULL AS REAL) AS rank FROM m",
        "SELECT * FROM (SELECT 'hit' AS facet, CAST(id AS TEXT) AS value, CAST(date_lower AS TEXT) AS label, "
        f"0 AS n, rank FROM m ORDER BY {_order(params.effective_sort)} LIMIT %s OFFSET %s) hits",
    ]
    sql_params += [params.page_size, (params.page - 1) * params.page_size]
    if facets:
        year = _year("date_lower")
        public_where, public_params = _where(Person.objects.public())
        parts += [
            # One pass for the document's own facets, summed per facet in Python: four
            # GROUP BYs over every match cost four sorts.
            f"SELECT 'documents', kind, language, COUNT(*), CAST({year} AS REAL) FROM m GROUP BY kind, language, {year}",
        ]
        entities = [
            _entity_facet("topic", "archive_topic", "SELECT dt.topic_id AS entity_id, COUNT(*) AS n "
                          f"FROM m {_then('archive_document_topics dt')} ON dt.document_id = m.id GROUP BY dt.topic_id"),
            _entity_facet("person", "archive_person", _role_counts("person"), public_where),
            _entity_facet("organisation", "archive_organisation", _role_counts("organisation")),
            # A place counts a document once, whether mentioned, where it was written, or both.
            _entity_facet("place", "archive_place", "SELECT place_id AS entity_id, COUNT(*) AS n FROM ("
                          "SELECT r.document_id AS document_id, r.place_id AS place_id FROM archive_role r "
                          "WHERE r.place_id IS NOT NULL AND r.document_id IN (SELECT id FROM m) "
                          "UNION SELECT m.id, m.place_written_id FROM m WHERE m.place_written_id IS NOT NULL"
                          ") l GROUP BY place_id"),
        ]
        ctes += [cte for cte, _ in entities]
        parts += [part for _, part in entities]
        sql_params += public_params
    sql = (
        ", ".join([f"WITH m AS MATERIALIZED (SELECT {columns}, {rank} AS rank FROM {source}{where})", *ctes])
        + " " + " UNION ALL ".join(parts)
    )
    return sql, sql_params


# ---------------------------------------------------------------- results


def _language_label(code: str) -> str:
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0].lower()) or {}
    return info.get("name", code)


def _document_facets(rows) -> dict[str, list[FacetBucket]]:
    """Kind, language, year and decade buckets from (kind, language, year, count) groups."""
    kinds = dict(DocumentKind.choices)
    totals = {key: {} for key in ("kind", "language", "year", "decade")}
    for kind, language, year, count in rows:
        keys = [("kind", kind), ("language", language)]
        if year is not None:
            year = int(year)
            keys += [("year", year), ("decade", int(year / 10) * 10)]  # SQL's division truncates
        for facet, value in keys:
            totals[facet][value] = totals[facet].get(value, 0) + int(count)
    facets = {
        "kind": [FacetBucket(str(v), str(kinds.get(v, v)), n) for v, n in totals["kind"].items()],
        "language": [FacetBucket(str(v), _language_label(v), n) for v, n in totals["language"].items()],
        "year": [FacetBucket(str(v), str(v), n) for v, n in sorted(totals["year"].items())],
        "decade": [FacetBucket(str(v), f"{v}s", n) for v, n in sorted(totals["decade"].items())],
    }
    for key in ("kind", "language"):
        facets[key].sort(key=lambda b: (-b.count, b.label))
    return facets


def _facets(rows) -> dict[str, list[FacetBucket]]:
    facets = {key: [] for key in FACET_KEYS}
    groups = []
    for facet, value, label, count, extra in rows:
        if facet == "documents":
            groups.append((value, label, extra, count))
        else:
            facets[facet].append(FacetBucket(str(value), str(label), int(count)))
    facets.update(_document_facets(groups))
    for key in ("topic", "person", "organisation", "place"):
        facets[key].sort(key=lambda b: (-b.count, b.label))
    return facets


def search_documents(params: SearchParams, *, facets: bool = True) -> SearchResult:
    """Published documents for `params`: the page asked for, the total, facets over the
    whole filtered result, and the alias expansions used. Never raises on any `q`."""
    compiled = compile_query(params.q, expand=params.expand) if params.q.strip() else CompiledQuery(None, [], [], [])
    result = SearchResult(expansions=compiled.expansions, page=params.page)
    notes = list(compiled.notes)
    if params.q.strip() and not compiled.has_query:
        notes.append("There was nothing to search for.")
        result.message = " ".join(dict.fromkeys(notes))
        result.facets = {key: [] for key in FACET_KEYS} if facets else {}
        result.num_pages = 1
        return result

    sql, sql_params = _statement(compiled, params, facets=facets)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()

    hit_rows = [(int(value), float(rank or 0.0)) for facet, value, _label, _n, rank in rows if facet == "hit"]
    result.count = next(int(n) for facet, _v, _l, n, _r in rows if facet == "count")
    result.num_pages = max(1, math.ceil(result.count / params.page_size))
    if facets:
        result.facets = _facets(row for row in rows if row[0] not in ("hit", "count"))
    if params.page > result.num_pages:
        notes.append(f"There is no page {params.page}; the last page is {result.num_pages}.")

    documents = Document.objects.published().select_related("place_written").in_bulk([pk for pk, _ in hit_rows])
    matcher = Matcher(compiled.sequences)
    for pk, rank in hit_rows:
        document = documents.get(pk)
        if document is not None:
            text = snippet([document.body, document.summary, document.title], matcher)
            result.hits.append(SearchHit(document, text, rank))
    if compiled.has_query and not result.count and not notes:
        notes.append("No published document matches this search.")
    result.message = " ".join(dict.fromkeys(notes))
    return result


def filter_documents(queryset: QuerySet, params: SearchParams) -> QuerySet:
    """`queryset` narrowed to published documents matching the query (with alias expansion)
    and the filters; ordered by relevance or date when `params` asks for it."""
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
                "SELECT -bm25(search_fts, 10.0, 4.0, 1.0, 6.0) FROM search_fts "
                'WHERE search_fts MATCH %s AND search_fts.rowid = "archive_document"."id"'
            )
        qs = qs.filter(pk__in=RawSQL(match, [expression]))
        if sort == "relevance":
            return qs.annotate(search_rank=RawSQL(rank, [expression])).order_by("-search_rank", "-pk")
    if params.sort == "date" or (sort == "date"):
        return qs.order_by(F("date_lower").asc(nulls_last=True), "pk")
    if params.sort == "-date":
        return qs.order_by(F("date_lower").desc(nulls_last=True), "-pk")
    return qs


__all__ = [
    "FacetBucket", "SearchHit", "SearchResult", "compile_query", "filter_documents", "highlight_terms",
    "search_documents", "words_of",
]
