"""The reader's query language, parsed into a small tree and rendered for each database.

Readers type plain words (all must match), "exact phrases", OR between two items,
-excluded items and prefix* words. Nothing the reader types reaches the database as syntax:
the parser keeps only words made of letters and digits (folded with `archive.text.fold`),
and the renderers quote every one of them, so FTS5 keywords, `:`, `^`, parentheses and SQL
fragments are at worst ignored words. Anything the parser drops is named in `notes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.text import fold

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_PHRASE_WORDS = 12

# A word: letters and digits, with the combining marks some scripts write inside words.
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u064b-\u065f\u0670])+")

# PostgreSQL's English stop words. Both databases drop them from plain terms, so that a
# query means the same on each (PostgreSQL does not index them at all).
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing don down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself
    no nor not now of off on once only or other our ours ourselves out over own s same she should so some
    such t than that the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)


def words_of(text: str) -> list[str]:
    """The folded words of a text, as the parser and the name index see them."""
    return WORD.findall(fold(text))


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class All:
    items: tuple
    excluded: tuple = ()


@dataclass(frozen=True)
class Any:
    items: tuple


# ---------------------------------------------------------------- parsing


@dataclass
class Item:
    """One thing the reader typed: a word, a hyphenated word or a phrase."""

    words: tuple[str, ...]
    raw: str
    quoted: bool = False
    prefix: bool = False
    negated: bool = False

    @property
    def node(self):
        if len(self.words) == 1:
            return Term(self.words[0], self.prefix)
        return Phrase(self.words)


@dataclass
class ParsedQuery:
    """Groups are ANDed; the items of a group are ORed (a group of one is a plain item)."""

    groups: list[list[Item]] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def items(self):
        for group in self.groups:
            yield from group
        yield from self.excluded

    def terms(self) -> list[tuple[str, ...]]:
        """Every positive word sequence, for highlighting."""
        return [item.words for group in self.groups for item in group]


_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+)')


def parse(text: str) -> ParsedQuery:
    """Parse any string; never raises."""
    parsed = ParsedQuery()
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        parsed.notes.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    if text.count('"') % 2:
        parsed.notes.append("An unmatched quotation mark was closed at the end of the query.")

    ignored: list[str] = []
    stop_words: list[str] = []
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(text):
        phrase, bare = match.group("phrase"), match.group("bare")
        if bare is not None and bare == "OR":
            pending_or = bool(parsed.groups) and not pending_or
            if not pending_or:
                ignored.append("OR")
            continue
        negated = False
        prefix = False
        if phrase is not None:
            raw, quoted = phrase, True
        else:
            raw, quoted = bare, False
            if raw.startswith("-") and len(raw) > 1:
                negated, raw = True, raw[1:].lstrip("-")
            if raw.endswith("*"):
                prefix = True
        words = tuple(words_of(raw))
        if not words:
            if raw.strip():
                ignored.append(raw)
            pending_or = False
            continue
        if quoted and len(words) > MAX_PHRASE_WORDS:
            words = words[:MAX_PHRASE_WORDS]
        if not quoted and len(words) == 1 and words[0] in STOP_WORDS and not prefix:
            stop_words.append(words[0])
            pending_or = False
            continue
        if count >= MAX_TERMS:
            parsed.notes.append(f"Only the first {MAX_TERMS} terms of the query were used.")
            break
        count += 1
        # `Al-Maliki` or `U.S.` is one item whose words must be adjacent; `*` applies only
        # to a single word.
        item = Item(words, raw.rstrip("*") if not quoted else raw, quoted, prefix and len(words) == 1, negated)
        if negated:
            parsed.excluded.append(item)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(item)
            pending_or = False
        else:
            parsed.groups.append([item])
    if pending_or:
        ignored.append("OR")
    if ignored:
        shown = ", ".join(f"“{word}”" for word in dict.fromkeys(ignored))
        parsed.notes.append(f"Ignored what is not a word: {shown}.")
    if stop_words:
        shown = ", ".join(f"“{word}”" for word in dict.fromkeys(stop_words))
        parsed.notes.append(f"Ignored common words: {shown}.")
    if not parsed.groups and parsed.excluded:
        parsed.notes.append("A search needs at least one word that is not excluded.")
    return parsed


# ---------------------------------------------------------------- rendering


def render_fts5(node) -> str:
    """An FTS5 MATCH expression; every word is a double-quoted string."""
    if isinstance(node, Term):
        return f'"{node.word}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Any):
        return "(" + " OR ".join(render_fts5(item) for item in node.items) + ")"
    positive = "(" + " AND ".join(render_fts5(item) for item in node.items) + ")"
    if node.excluded:
        return f"({positive} NOT ({' OR '.join(render_fts5(item) for item in node.excluded)}))"
    return positive


def render_tsquery(node) -> str:
    """A `to_tsquery` string; every word is a single-quoted lexeme."""
    if isinstance(node, Term):
        return f"'{node.word}'" + (":*" if node.prefix else "")
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(f"'{word}'" for word in node.words) + ")"
    if isinstance(node, Any):
        return "(" + " | ".join(render_tsquery(item) for item in node.items) + ")"
    parts = [render_tsquery(item) for item in node.items] + [f"!{render_tsquery(item)}" for item in node.excluded]
    return "(" + " & ".join(parts) + ")"
