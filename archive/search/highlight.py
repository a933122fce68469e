"""Snippets and highlighting: the text escaped, with `<mark>` around the words that matched.

Done in Python rather than with FTS5's snippet() or PostgreSQL's ts_headline, so that both
databases give the same snippet and no markup from a document's text can get through.
Words are compared folded (case, accents, Persian/Arabic letter variants) and with a light
English stemming, so "letters" is marked for a search for "letter".
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archive.text import fold

from .query import WORD

SNIPPET_WORDS = 36
MAX_SCAN_CHARS = 60_000
# Around the first match, the stretch of text compared word by word for the snippet: room
# for a window of SNIPPET_WORDS words with the most matches, at a fraction of the cost of
# comparing a whole body (word by word, comparing is most of a search's time in Python).
REGION_CHARS = 600


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Porter's step 1 (plurals, -ed, -ing) and a final y: enough to recognise the forms a
    stemmed index matched, without claiming to be the index's own stemmer."""
    if len(word) <= 3:
        return word
    for suffix, replacement in (("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")):
        if word.endswith(suffix):
            word = word[: len(word) - len(suffix)] + replacement
            break
    for suffix in ("eed", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: len(word) - len(suffix)]
            if suffix == "eed":
                word += "ee"
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _fold(text: str) -> str:
    """`fold`, with a shortcut for ASCII text (most of a body), which folding only lowercases:
    folding decomposes every character, the bulk of a search's time in Python."""
    return text.lower() if text.isascii() else fold(text)


@lru_cache(maxsize=65_536)
def _folded(token: str) -> tuple[str, str]:
    folded = _fold(token)
    return folded, stem(folded)


class Matcher:
    """Finds the spans of a text's words that match any of the given word sequences."""

    def __init__(self, sequences):
        # (words, prefix) with words folded; indexed by the stem of the first word.
        self.by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        self.prefixes: list[tuple[tuple[str, ...], bool]] = []
        self.probes: set[str] = set()
        for words, prefix in sequences:
            if not words:
                continue
            first = stem(words[0]).rstrip("i") if not prefix else words[0]
            self.probes.add(first[: max(3, len(first))] or words[0])
            entry = (tuple(stem(w) for w in words), prefix)
            if prefix and len(words) == 1:
                self.prefixes.append((tuple(words), True))
            else:
                self.by_first.setdefault(entry[0][0], []).append(entry)

    def region(self, text: str) -> str | None:
        """The part of `text` worth scanning word by word, or None if nothing can match.

        Folding keeps the length of most text, so a cheap substring search on the folded text
        finds roughly where the first match is; only the words around it are then compared
        one by one (the whole text if folding changed its length)."""
        if not self.probes:
            return None
        folded = _fold(text)
        found = [p for p in (folded.find(probe) for probe in self.probes) if p >= 0]
        if not found:
            return None
        if len(folded) != len(text) or len(text) <= REGION_CHARS:
            return text
        start = max(0, min(found) - REGION_CHARS // 4)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = text.find(" ", start + REGION_CHARS)
        return text[start:] if end == -1 else text[start:end]

    def marks(self, text: str) -> tuple[list[tuple[int, int]], list[bool]]:
        matches = list(WORD.finditer(text[:MAX_SCAN_CHARS]))
        spans = [m.span() for m in matches]
        folded_stems = [_folded(m.group()) for m in matches]
        stems = [stemmed for _folded_word, stemmed in folded_stems]
        marked = [False] * len(spans)
        by_first, count = self.by_first, len(stems)
        for i, stemmed in enumerate(stems):
            sequences = by_first.get(stemmed)
            if sequences:
                for words, _prefix in sequences:
                    n = len(words)
                    if i + n <= count and stems[i : i + n] == list(words):
                        marked[i : i + n] = [True] * n
        for (word,), _prefix in self.prefixes:
            for i, (folded, _stemmed) in enumerate(folded_stems):
                if folded.startswith(word):
                    marked[i] = True
        return spans, marked


def _render(text: str, spans, marked, first: int, last: int) -> str:
    """Escape text[spans[first].start : spans[last].end], marking runs of matched words."""
    out, position, i = [], spans[first][0], first
    while i <= last:
        start, end = spans[i]
        if marked[i]:
            j = i
            # One mark over a matched phrase, if only spaces or hyphens lie between its words.
            while j + 1 <= last and marked[j + 1] and text[spans[j][1] : spans[j + 1][0]] in (" ", "-", "\u200c"):
                j += 1
            out.append(escape(text[position:start]))
            out.append(f"<mark>{escape(text[start:spans[j][1]])}</mark>")
            position, i = spans[j][1], j + 1
            continue
        i += 1
    out.append(escape(text[position : spans[last][1]]))
    return "".join(out)


def snippet(texts, matcher: Matcher, words: int = SNIPPET_WORDS) -> SafeString:
    """The window of `words` words with the most matches, from the first text that has a
    match (else the start of the first non-empty text), escaped and marked."""
    fallback = None
    for text in texts:
        if not text:
            continue
        # Whitespace collapsed first, unless there are no words to look for (a list).
        region = matcher.region(" ".join(text.split())) if matcher.probes else None
        if region is None:
            # No word of the query can be in this text, so nothing in it would be marked.
            if fallback is None:
                fallback = _opening(text, words) or None
            continue
        text = region
        spans, marked = matcher.marks(text)
        if not spans:
            continue
        if fallback is None:
            fallback = _wrap(text, spans, marked, 0, min(len(spans) - 1, words - 1))
        hits = [i for i, m in enumerate(marked) if m]
        if not hits:
            continue
        best_start, best_count = hits[0], 0
        for i, start in enumerate(hits[:200]):
            count = sum(1 for h in hits[i : i + words] if h < start + words)
            if count > best_count:
                best_start, best_count = start, count
        first = max(0, best_start - words // 4)
        last = min(len(spans) - 1, first + words - 1)
        return _wrap(text, spans, marked, first, last)
    return fallback or mark_safe("")


def _opening(text: str, words: int) -> SafeString:
    """The first `words` words of `text`, from its first word on, whitespace collapsed and
    escaped, with "…" if more follow; empty if it has no words. Read from a slice the words
    very likely fit in, and from the first 2,000 characters only if they do not."""
    head = text[: words * 16]
    chunk = " ".join(head.split())
    found = [m.span() for _, m in zip(range(words + 1), WORD.finditer(chunk), strict=False)]
    if len(found) <= words and len(head) < len(text):
        chunk = " ".join(text.split())[:2000]
        found = [m.span() for _, m in zip(range(words + 1), WORD.finditer(chunk), strict=False)]
    if not found:
        return mark_safe("")
    if len(found) > words:
        return mark_safe(escape(chunk[found[0][0] : found[words - 1][1]]) + " …")
    return mark_safe(escape(chunk[found[0][0] :]))


def _wrap(text, spans, marked, first, last) -> SafeString:
    body = _render(text, spans, marked, first, last)
    if first > 0:
        body = "… " + body
    if last < len(spans) - 1:
        body += " …"
    else:
        body += escape(text[spans[last][1] :])
    return mark_safe(body)


def highlight(text: str, matcher: Matcher) -> SafeString:
    """All of `text`, escaped, with matched words marked (line breaks kept)."""
    if not text:
        return mark_safe("")
    spans, marked = matcher.marks(text)
    if not spans:
        return mark_safe(escape(text))
    out = _render(text, spans, marked, 0, len(spans) - 1)
    return mark_safe(escape(text[: spans[0][0]]) + out + escape(text[spans[-1][1] :]))
