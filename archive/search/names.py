"""Every public name in the archive, held in memory: alias expansion and fuzzy look-up.

The list is small (thousands of names, a few megabytes at most) and read on every search,
so each process keeps it (`tokens.TokenCache`) and reloads it only when `SearchState.token`
changes; the database triggers change that token on any write to people, organisations,
places or their names, so a curator's new alias is used by every process on its next
request. Fuzzy matching is done
here with rapidfuzz rather than with pg_trgm so that suggestions are the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from archive.models import Organisation, OrganisationName, Person, PersonName, Place, PlaceName
from archive.models.visibility import PUBLIC

from .query import STOP_WORDS, All, Any, ParsedQuery, Phrase, Term, words_of
from .tokens import TokenCache, current_tokens

MAX_ALTERNATIVES = 40
MAX_NAME_WORDS = 12


@dataclass(frozen=True)
class NamedRecord:
    entity_type: str
    id: int
    slug: str
    name: str
    names: tuple[str, ...]  # the preferred name first, then every alias


@dataclass
class Expansion:
    term: str
    entity_type: str
    slug: str
    name: str
    names: list[str]


@dataclass
class NameMatch:
    entity_type: str
    slug: str
    name: str
    matched_name: str
    score: float


class NameIndex:
    def __init__(self, records: list[NamedRecord]):
        self.records = {(r.entity_type, r.id): r for r in records}
        self.by_words: dict[tuple[str, ...], list[NamedRecord]] = {}
        self.choices: list[str] = []
        self.choice_owners: list[tuple[NamedRecord, str]] = []
        for record in records:
            for name in record.names:
                words = tuple(words_of(name))[:MAX_NAME_WORDS]
                if not words:
                    continue
                significant = tuple(w for w in words if w not in STOP_WORDS) or words
                for key in {words, significant}:
                    owners = self.by_words.setdefault(key, [])
                    if record not in owners:
                        owners.append(record)
                self.choices.append(" ".join(words))
                self.choice_owners.append((record, name))
        self.longest = max((len(key) for key in self.by_words), default=0)


def _load() -> NameIndex:
    sources = [
        ("person", Person, PersonName, "person_id"),
        ("organisation", Organisation, OrganisationName, "organisation_id"),
        ("place", Place, PlaceName, "place_id"),
    ]
    records = []
    for entity_type, entity_model, name_model, owner in sources:
        entities, aliases = entity_model.objects.visible_to(PUBLIC), name_model.objects.visible_to(PUBLIC)
        alias_lists: dict[int, list[str]] = {}
        for owner_id, alias in aliases.order_by(owner, "name").values_list(owner, "name"):
            alias_lists.setdefault(owner_id, []).append(alias)
        for pk, slug, name in entities.order_by("pk").values_list("pk", "slug", "name"):
            names = tuple(dict.fromkeys([name, *alias_lists.get(pk, [])]))
            records.append(NamedRecord(entity_type, pk, slug, name, names))
    return NameIndex(records)


_names = TokenCache(_load)


def name_index(token: str | None = None) -> NameIndex:
    """The current index: one small query to check it (none if the caller read `token`
    already), six to reload it after a change."""
    return _names.get(current_tokens()[0] if token is None else token)


# ---------------------------------------------------------------- expansion


def _alternatives(records, original: tuple[str, ...]):
    seen = {original}
    nodes = []
    for record in records:
        for name in record.names:
            words = tuple(words_of(name))[:MAX_NAME_WORDS]
            if words and words not in seen and len(nodes) < MAX_ALTERNATIVES:
                seen.add(words)
                nodes.append(Term(words[0]) if len(words) == 1 else Phrase(words))
    return nodes


def _expansions(term: str, records) -> list[Expansion]:
    return [Expansion(term, r.entity_type, r.slug, r.name, list(r.names)) for r in records]


def build_query(parsed: ParsedQuery, *, expand: bool, index: NameIndex | None = None):
    """The query tree for `parsed`, each name in it widened to all the names of the public
    record(s) it names when `expand` is on. Returns (tree, expansions)."""
    expansions: list[Expansion] = []

    def widen(nodes, words, term):
        records = index.by_words.get(words, []) if expand and index else []
        alternatives = _alternatives(records, words)
        if not alternatives:
            return nodes[0] if len(nodes) == 1 else All(tuple(nodes)), False
        expansions.extend(_expansions(term, records))
        original = nodes[0] if len(nodes) == 1 else All(tuple(nodes))
        return Any((original, *alternatives)), True

    positives = []
    groups = parsed.groups
    i = 0
    while i < len(groups):
        group = groups[i]
        if len(group) > 1:
            positives.append(Any(tuple(widen([item.node], item.words, item.raw)[0] for item in group)))
            i += 1
            continue
        # The longest run of consecutive plain items that is someone's name ("Camp New Iraq").
        matched = False
        if expand and index:
            for j in range(min(len(groups), i + index.longest), i, -1):
                run = groups[i:j]
                if any(len(g) > 1 or g[0].prefix for g in run):
                    continue
                words = tuple(w for g in run for w in g[0].words)
                if words in index.by_words:
                    node, matched = widen([g[0].node for g in run], words, " ".join(g[0].raw for g in run))
                    if matched:
                        positives.append(node)
                        i = j
                        break
        if not matched:
            item = group[0]
            positives.append(item.node if item.prefix else widen([item.node], item.words, item.raw)[0])
            i += 1
    excluded = [item.node if item.prefix else widen([item.node], item.words, item.raw)[0] for item in parsed.excluded]
    return All(tuple(positives), tuple(excluded)), _dedupe(expansions)


def _dedupe(expansions):
    seen, unique = set(), []
    for expansion in expansions:
        key = (expansion.term.casefold(), expansion.entity_type, expansion.slug)
        if key not in seen:
            seen.add(key)
            unique.append(expansion)
    return unique


# ---------------------------------------------------------------- look-up

MIN_SCORE = 72


def lookup_names(text: str, limit: int = 10, types=("person", "organisation", "place")) -> list[NameMatch]:
    """Public people, organisations and places whose names resemble `text`: any variant,
    ignoring case, accents and script variants, forgiving a letter or two."""
    query = " ".join(words_of(text or "")[:MAX_NAME_WORDS])
    limit = max(1, min(int(limit), 50))
    if not query:
        return []
    index = name_index()
    found = process.extract(
        query, index.choices, scorer=fuzz.WRatio, processor=None, score_cutoff=MIN_SCORE, limit=limit * 10
    )
    best: dict[tuple[str, int], NameMatch] = {}
    for choice, score, position in found:
        record, name = index.choice_owners[position]
        if record.entity_type not in types:
            continue
        if choice == query:
            score = 100.0
        elif choice.startswith(query) or f" {query}" in choice:
            # A reader typing the start of a name is spelling it right so far.
            score = max(score, 95.0)
        key = (record.entity_type, record.id)
        if key not in best or score > best[key].score:
            best[key] = NameMatch(record.entity_type, record.slug, record.name, name, round(float(score), 1))
    return sorted(best.values(), key=lambda m: (-m.score, m.matched_name != m.name, m.name))[:limit]
