"""The ranking index: an embedded Tantivy index of every document's words, beside the database.

For a common word the database is slow twice over: it lists every match (about half the
archive) and ranks them all (FTS5's `bm25()`, PostgreSQL's `ts_rank` read every match).
Tantivy lists half a million matches in tens of milliseconds and finds the best twenty
without scoring every match against the rest. It answers only "which ids match these
words" and "the best k of them"; filters, the total, facets and date order stay on the
in-memory columns, and the database stays the source of truth: when the index cannot be
shown to be current, a search uses the database (`engine.py`).

The index lives in a directory named by the `SEARCH_RANKING_INDEX` setting (empty: no
index). `build_ranking_index` writes each build into a fresh subdirectory and then names it
in `CURRENT`, so a reader never opens a half-built index. Beside the index, `applied.json`
holds the change log's last id applied and the `changes_token` the index was built under;
it is written (atomically) after each Tantivy commit, so a crash between the two only
applies some changes again, which changes nothing.

Every write to the indexed words is in the change log: documents, roles and topic links
(migration 0007), and the linked names a document is found by, which change when a public
person, organisation or place or one of their names is written (migration 0008). So a
renamed person, a new alias or a person made private is followed like an edited document:
the next search re-reads the documents concerned. Topics are not among the indexed words.
The log cannot bring the index up to date after a bulk load (it logs nothing, and changes
`changes_token`), when rows after the index's position were pruned (`pruned_through`), when
the log went back behind it (a database restored from a backup), or when more than
`MAX_CHANGES` rows wait: searches then use the database, with a warning,
until `build_ranking_index` (`--if-stale` for a periodic job) builds the index again.

Words are indexed as the parser sees them (`query.words_of`: folded, the project's word
rule), then stemmed with Snowball English, PostgreSQL's `english_stem`; PostgreSQL's stop
words are not indexed, and their positions stay empty, as in a `tsvector`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from operator import itemgetter
from pathlib import Path

import numpy as np
import tantivy
from django.conf import settings

from archive.models import Document
from archive.replicas import primary_reads

from .models import DocumentChange
from .query import STOP_WORDS, All, Any, Phrase, Term, words_of
from .tokens import State, current_tokens

logger = logging.getLogger(__name__)

# The FTS5 bm25 weights of the database path: a word in the title counts ten times one in the body.
FIELDS = (("title", 10.0), ("names", 6.0), ("summary", 4.0), ("body", 1.0))
ANALYZER = "archive_words"
CURRENT = "CURRENT"
APPLIED = "applied.json"
# More changes than this since the index was written: the database answers until a rebuild
# (re-reading that many documents would hold up a reader's search).
MAX_CHANGES = 5_000
# How long a search waits for another process applying the same changes before it asks
# the database instead.
WRITER_WAIT_SECONDS = 1.0
WRITER_HEAP = 15_000_000
# Listing every match costs about 0.6 µs per hit (one Python tuple each): 300 ms for a word
# in half of a million documents. A common word is also a common query, so each process
# keeps the id lists of its last few large results, patched at each change, not dropped.
CACHED_QUERIES = 8
CACHE_MIN_IDS = 20_000
# Ranking a phrase by its words, the most candidates checked against the phrase itself
# before the phrase ranks every match instead.
MAX_WORD_CANDIDATES = 5_000


def analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(sorted(STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Indexed, to delete a document by id or rank among given ids; fast, to list matches in id order and read the
    # ids of the best hits without a document store.
    builder.add_unsigned_field("id", stored=False, indexed=True, fast=True)
    for name, _weight in FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name=ANALYZER, index_option="position")
    return builder.build()


def new_document(pk: int, title: str, names: str, summary: str, body: str) -> tantivy.Document:
    document = tantivy.Document()
    document.add_unsigned("id", pk)  # the keyword form does not take a Python int as u64
    for name, text in (("title", title), ("names", names), ("summary", summary), ("body", body)):
        document.add_text(name, " ".join(words_of(text or "")))
    return document


def document_rows(queryset):
    """(id, title, names, summary, body) of every document of `queryset`, drafts included:
    the columns keep only the published ones."""
    return queryset.values_list("id", "title", "search_entry__names", "summary", "body")


# ---------------------------------------------------------------- queries


class Translator:
    """The parsed query tree (`query.py`, with alias expansion) as a Tantivy query."""

    def __init__(self, index_schema: tantivy.Schema, words: tantivy.TextAnalyzer):
        self.schema = index_schema
        self.words = words

    def stem(self, word: str) -> str | None:
        tokens = self.words.analyze(word)
        return tokens[0] if tokens else None  # None: a stop word

    def query(self, node) -> tantivy.Query:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._phrase(node.words)
        if isinstance(node, Any):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.query(item)) for item in node.items])
        clauses = [(tantivy.Occur.Must, self.query(item)) for item in node.items]
        clauses += [(tantivy.Occur.MustNot, self.query(item)) for item in node.excluded]
        return tantivy.Query.boolean_query(clauses)

    def any_word(self, node) -> tantivy.Query:
        """For ranking only: any of the words `node` asks for (a phrase's words anywhere, no
        exclusions), each in every field with its weight, as one flat OR of terms. Scored
        without reading a position: 10 ms where an alias expansion's three phrases take
        160 ms at a million documents. It matches more than `node`; `RankingIndex.best`
        keeps only the documents `node` matches."""
        terms: dict[str, Term] = {}

        def collect(item):
            if isinstance(item, Term):
                terms.setdefault(f"{item.word}*" if item.prefix else item.word, item)
            elif isinstance(item, Phrase):
                for word in item.words:
                    terms.setdefault(word, Term(word))
            else:
                for child in item.items:  # not `excluded`: those rank nothing
                    collect(child)

        collect(node)
        clauses = []
        for term in terms.values():
            stem = self.stem(term.word)
            for name, weight in FIELDS:
                if term.prefix:
                    field_query = tantivy.Query.regex_query(self.schema, name, re.escape(stem or term.word) + ".*")
                elif stem is None:
                    continue
                else:
                    field_query = tantivy.Query.term_query(self.schema, name, stem)
                clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(field_query, weight)))
        return tantivy.Query.boolean_query(clauses)

    def _fields(self, make) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.boost_query(make(name), weight)) for name, weight in FIELDS]
        )

    def _term(self, term: Term) -> tantivy.Query:
        stem = self.stem(term.word)
        if term.prefix:
            # Both databases stem a prefix before matching it; a stop word (never a stem)
            # is kept as typed, as FTS5 does.
            pattern = re.escape(stem or term.word) + ".*"
            return self._fields(lambda name: tantivy.Query.regex_query(self.schema, name, pattern))
        if stem is None:
            return tantivy.Query.empty_query()  # PostgreSQL never matches a stop word
        return self._fields(lambda name: tantivy.Query.term_query(self.schema, name, stem))

    def _phrase(self, words: tuple[str, ...]) -> tantivy.Query:
        # Stop words keep their places, as in PostgreSQL's `'end' <3> 'war'` for "end of the war".
        placed = [(offset, stem) for offset, word in enumerate(words) if (stem := self.stem(word))]
        if not placed:
            return tantivy.Query.empty_query()
        if len(placed) == 1:
            return self._fields(lambda name: tantivy.Query.term_query(self.schema, name, placed[0][1]))
        first = placed[0][0]
        terms = [(offset - first, stem) for offset, stem in placed]
        return self._fields(lambda name: tantivy.Query.phrase_query(self.schema, name, terms))


# ---------------------------------------------------------------- the index on disk


def _replace_file(path: Path, text: str) -> None:
    """`path` holds `text` or its former content, never a part: a reader in another process
    may read it at any moment."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def current_directory(root: Path) -> Path | None:
    try:
        name = (root / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return root / name if name else None


def make_current(root: Path, directory: Path) -> None:
    _replace_file(root / CURRENT, directory.name)


def applied_state(directory: Path) -> dict | None:
    try:
        return json.loads((directory / APPLIED).read_text())
    except (FileNotFoundError, ValueError):
        return None


def write_applied(directory: Path, state: State, last_change: int) -> None:
    _replace_file(directory / APPLIED, json.dumps({"last_change": last_change, "changes": state.changes}))


def follows(applied: dict | None, state: State) -> bool:
    """Whether the change log can bring an index at `applied` up to the database at `state`
    (read after `applied`): no bulk load since, no row after its position pruned, and no log
    gone back behind it (a database restored from a backup). `ranking_build.needs_rebuild`
    adds how many rows a search may apply."""
    return (applied is not None and bool(state.changes) and applied.get("changes") == state.changes
            and state.pruned_through <= applied["last_change"] <= state.last_change)


class MatchCache:
    """Query tree → (the index version it was listed at, its Tantivy query, every matching id)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()

    def get(self, key, version: int) -> np.ndarray | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[2]

    def put(self, key, version: int, query: tantivy.Query, ids: np.ndarray) -> None:
        with self._lock:
            self._entries[key] = (version, query, ids)
            self._entries.move_to_end(key)
            while len(self._entries) > CACHED_QUERIES:
                self._entries.popitem(last=False)

    def patch(self, old: int, new: int, changed: np.ndarray | None, matching) -> None:
        """Entries listed at `old` brought to `new`: the `changed` documents taken out, and
        put back where `matching(query, changed)` still finds them. None: drop them all."""
        with self._lock:
            for key, (version, query, ids) in list(self._entries.items()):
                if changed is None or version != old:
                    del self._entries[key]
                else:
                    kept = ids[~np.isin(ids, changed)]
                    added = np.sort(matching(query, changed))
                    # Kept in ascending order: `RankingIndex.best` looks ids up by binary search.
                    self._entries[key] = (new, query, np.insert(kept, np.searchsorted(kept, added), added))


class RankingIndex:
    """One opened index directory, shared by a process's threads."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.index = tantivy.Index.open(str(directory))
        self.index.register_tokenizer(ANALYZER, analyzer())
        self.schema = self.index.schema
        self.translator = Translator(self.schema, analyzer())
        self.loaded_change = -1  # the applied change this process's searcher reflects
        self._lock = threading.Lock()
        self._matches = MatchCache()

    def query(self, tree) -> tantivy.Query:
        return self.translator.query(tree)

    def any_word(self, tree) -> tantivy.Query:
        return self.translator.any_word(tree)

    def view(self) -> tuple[int, tantivy.Searcher]:
        """(version, a searcher of the last commit loaded): one per search, so that its
        passes agree. The version is read first: the searcher is never older than it."""
        version = self.loaded_change
        return version, self.index.searcher()

    def matching_ids(self, view: tuple[int, tantivy.Searcher], query: tantivy.Query, key=None) -> np.ndarray:
        """Every matching id, drafts included; `key` (the query tree) keeps a large list."""
        version, searcher = view
        if key is not None and (ids := self._matches.get(key, version)) is not None:
            return ids
        ids = self._list(searcher, query)
        if key is not None and len(ids) >= CACHE_MIN_IDS:
            self._matches.put(key, version, query, ids)
        return ids

    @staticmethod
    def _list(searcher: tantivy.Searcher, query: tantivy.Query, limit: int | None = None) -> np.ndarray:
        # Ordered by the `id` fast field, a hit's key is the id itself: no per-hit look-up.
        limit = searcher.num_docs if limit is None else limit
        if not limit:
            return np.zeros(0, dtype=np.int64)
        hits = searcher.search(query, limit=limit, count=False, order_by_field="id", order=tantivy.Order.Asc).hits
        return np.fromiter(map(itemgetter(0), hits), dtype=np.int64, count=len(hits))

    def best(self, view: tuple[int, tantivy.Searcher], query: tantivy.Query, k: int,
             among: list[int] | None = None, words: tantivy.Query | None = None,
             matching: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best matches by BM25 (from `among` only, if given), as (id, score).

        With `words` (`Translator.any_word` of the same tree) and `matching` (every id `query`
        matches, ascending), the words rank instead of `query`, and the best of them that
        are in `matching` are kept: scoring an OR of phrases reads the positions of every
        match (160 ms for an alias expansion found in half of a million documents), scoring
        their words reads none. The scores are then the words' BM25, not the phrases'."""
        searcher = view[1]
        if k <= 0:
            return []
        if among is not None:
            return self._ranked(searcher, _among(self.schema, query, among), k)
        limit = 2 * k + 20
        while words is not None and matching is not None and limit <= MAX_WORD_CANDIDATES:
            ranked = self._ranked(searcher, words, limit)
            candidates = np.array([pk for pk, _score in ranked], dtype=np.int64)
            at = np.searchsorted(matching, candidates).clip(0, max(matching.size - 1, 0))
            found = (matching[at] == candidates).tolist() if matching.size else [False] * len(ranked)
            kept = [hit for hit, match in zip(ranked, found, strict=True) if match]
            if len(kept) >= k or len(ranked) < limit:
                return kept[:k]
            limit *= 8  # the words are often found apart, or only some of them: look further down
        return self._ranked(searcher, query, k)

    @staticmethod
    def _ranked(searcher: tantivy.Searcher, query: tantivy.Query, k: int) -> list[tuple[int, float]]:
        hits = searcher.search(query, limit=k, count=False).hits
        ids = searcher.fast_field_values("id", [address for _score, address in hits])
        # Equal scores in the database's order: the newest id first.
        return sorted(((int(pk), float(score)) for (score, _address), pk in zip(hits, ids, strict=True)),
                      key=lambda hit: (-hit[1], -hit[0]))

    # ------------------------------------------------------------ following the change log

    def current(self, state: State) -> bool:
        """Whether this index answers for the database as of `state`, applying the change
        log's new rows first if that is cheap. False: the database must answer."""
        if not state.changes:
            return False  # no state row (a `flush`): nothing says when the documents change
        applied = applied_state(self.directory)
        if applied is not None and applied["last_change"] > state.last_change:
            state = current_tokens()  # another process applied rows written since `state` was read
        if not follows(applied, state):
            _warn_stale(self.directory, state)
            return False
        if applied["last_change"] < state.last_change:
            with primary_reads():  # the log and the documents as the state read said
                if not self._apply_changes(state):
                    return False
            applied = applied_state(self.directory)  # as this or another process left it
        self._reload(applied["last_change"])
        return True

    def _reload(self, last_change: int) -> None:
        if last_change == self.loaded_change:
            return
        with self._lock:
            old = self.loaded_change
            if last_change == old:
                return
            self.index.reload()
            searcher = self.index.searcher()
            self._matches.patch(old, last_change, self._changed_between(old, last_change),
                                lambda query, changed: self._list(searcher, _among(self.schema, query, changed),
                                                                  len(changed)))
            self.loaded_change = last_change

    @staticmethod
    def _changed_between(old: int, new: int) -> np.ndarray | None:
        """The documents of the change log's rows (old, new]; None when the first of them is
        missing (pruned, or a rolled-back write's id): the cached lists are then dropped,
        which is only slower."""
        if old < 0 or new < old:
            return None
        rows = list(DocumentChange.objects.filter(id__gt=old, id__lte=new).order_by("id").values_list("id", "document_id"))
        if not rows or rows[0][0] != old + 1:
            return None
        return np.unique(np.array([document for _row, document in rows], dtype=np.int64))

    def _apply_changes(self, state: State) -> bool:
        with self._lock:
            writer = self._writer()
            if writer is None:
                return False
            try:
                applied = applied_state(self.directory)
                if applied is not None and applied["last_change"] >= state.last_change:
                    return True  # another process applied them while this one waited
                if not follows(applied, state):
                    return False
                rows = list(DocumentChange.objects.filter(id__gt=applied["last_change"])
                            .values_list("id", "document_id")[:MAX_CHANGES + 1])
                # Read after the rows: a prune or a load committed before they were read shows here.
                if len(rows) > MAX_CHANGES or not follows(applied, current_tokens()):
                    _warn_stale(self.directory, state)
                    return False
                if not rows:
                    return True
                changed = sorted({document for _row, document in rows})
                # By query: `delete_documents_by_term` turns a Python int into a signed term,
                # which never matches this unsigned field.
                writer.delete_documents_by_query(tantivy.Query.term_set_query(self.schema, "id", changed))
                for row in document_rows(Document.objects.filter(pk__in=changed)):
                    writer.add_document(new_document(*row))
                writer.commit()
                write_applied(self.directory, state, max(row for row, _document in rows))
                return True
            finally:
                writer.wait_merging_threads()  # also releases the index's writer lock

    def _writer(self):
        """The index's writer, waiting a little for another process that holds it."""
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(WRITER_HEAP, 1)
            except ValueError:  # the lock file is held
                if time.monotonic() > deadline:
                    logger.info("Ranking index %s busy: this search asks the database.", self.directory)
                    return None
                time.sleep(0.02)


def _among(index_schema: tantivy.Schema, query: tantivy.Query, ids) -> tantivy.Query:
    """`query`, matching only the documents `ids`."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, query),
        (tantivy.Occur.Must, tantivy.Query.term_set_query(index_schema, "id", [int(pk) for pk in ids])),
    ])


_warned: set[tuple[str, str, int]] = set()


def _warn_stale(directory: Path, state: State) -> None:
    key = (str(directory), state.changes, state.pruned_through)
    if key not in _warned:
        _warned.add(key)
        logger.warning("The ranking index %s is behind the database; searches use the database "
                       "until `manage.py build_ranking_index` runs.", directory)


class _Opened:
    """This process's opened index, opened again when `CURRENT` names another build."""

    def __init__(self):
        self._lock = threading.Lock()
        self._index: RankingIndex | None = None

    def get(self, root: Path) -> RankingIndex | None:
        directory = current_directory(root)
        if directory is None:
            return None
        opened = self._index
        if opened is not None and opened.directory == directory:
            return opened
        with self._lock:
            if self._index is None or self._index.directory != directory:
                try:
                    self._index = RankingIndex(directory)
                except (OSError, ValueError):
                    logger.exception("The ranking index %s cannot be opened.", directory)
                    return None
            return self._index


_opened = _Opened()


def ranking_index(state: State) -> RankingIndex | None:
    """The ranking index, brought up to date with `state`; None when there is none or it
    cannot be shown current (the database then answers)."""
    root = getattr(settings, "SEARCH_RANKING_INDEX", "")
    if not root:
        return None
    index = _opened.get(Path(root))
    if index is None:
        return None
    try:
        return index if index.current(state) else None
    except (OSError, ValueError):  # Tantivy's errors: the database can still answer
        logger.exception("The ranking index %s could not be brought up to date.", index.directory)
        return None
