"""Finding known names in text: whole words, case-, diacritic- and script-variant-insensitive,
with offsets into the original text.

Text and names go through the same folding (`archive.text.fold`, and every character that is
not a letter or digit read as a space), so a name matches wherever a reader would say it is
written. Matching runs on the folded text with one Aho-Corasick automaton for all names, so a
scan costs the same whether the archive knows ten names or ten thousand; the folded
positions are then mapped back, so that `text[start:end]` is the name as the document writes it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Hashable, Iterable

import ahocorasick

from archive.text import fold


class _FoldTable(dict):
    """`str.translate` table that folds one character at a time, computed once per character."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold(chr(codepoint))
        # Anything that is not a letter or a digit separates words.
        value = "".join(ch if ch.isalnum() else " " for ch in folded)
        self[codepoint] = value
        return value


_TABLE = _FoldTable()
_SPACE_RUN = re.compile(r" {2,}")


@dataclass(frozen=True)
class FoldedText:
    """A text folded for matching, able to map folded positions back to the original."""

    original: str
    folded: str  # single spaces, padded with one space at each end
    _char_map: list[int] | None  # folded-before-collapsing index -> original index (None: identity)
    _run_starts: list[int]  # positions in `folded` after which spaces were collapsed
    _run_removed: list[int]  # cumulative spaces removed up to that position

    def original_index(self, folded_index: int) -> int:
        """Original position of the character at `folded_index` (padding excluded)."""
        i = folded_index - 1  # the leading pad
        k = bisect.bisect_right(self._run_starts, i)
        if k:
            i += self._run_removed[k - 1]
        return self._char_map[i] if self._char_map is not None else i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded span [start, end)."""
        o_start = self.original_index(start)
        o_end = self.original_index(end - 1) + 1
        # Keep the combining marks that belong to the last letter.
        while o_end < len(self.original) and not self.original[o_end].isspace() and fold(self.original[o_end]) == "":
            o_end += 1
        return o_start, o_end


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_WORD = re.compile(r"[\W_]")


def _fold_char(match: re.Match) -> str:
    return _TABLE[ord(match.group())]


def fold_for_matching(text: str) -> FoldedText:
    # Only the (few) non-ASCII characters need Unicode folding; ASCII is lower-cased and
    # punctuation blanked by two C-speed passes. The result equals `text.translate(_TABLE)`.
    # Lower-casing first: folding some lower-case letters gives upper case (Cherokee
    # casefolds to its capitals), which a lower() after folding would undo.
    stage = _NOT_WORD.sub(" ", _NON_ASCII.sub(_fold_char, text.lower()))
    char_map = None
    if len(stage) != len(text):
        # Some character folded to nothing or to several (a combining accent, "ß", a
        # tatweel): build the map one character at a time. Plain texts skip this.
        char_map, pieces = [], []
        for index, ch in enumerate(text):
            piece = _TABLE[ord(ch)]
            pieces.append(piece)
            char_map.extend([index] * len(piece))
        stage = "".join(pieces)
    run_starts, run_removed, removed, parts, last = [], [], 0, [], 0
    for run in _SPACE_RUN.finditer(stage):
        parts.append(stage[last : run.start() + 1])
        removed += len(run.group()) - 1
        run_starts.append(run.start() + 1 - (removed - (len(run.group()) - 1)))
        run_removed.append(removed)
        last = run.end()
    parts.append(stage[last:])
    collapsed = "".join(parts)
    return FoldedText(text, f" {collapsed} ", char_map, run_starts, run_removed)


def match_key(name: str) -> str:
    """The form of a name the matcher looks for ("" if it has no letter or digit)."""
    return " ".join(name.translate(_TABLE).split())


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str  # the original text at [start, end)
    key: str
    targets: tuple  # whatever was registered for the key, e.g. ("person", 12)


class NameMatcher:
    """Every registered name, in one automaton. Targets are any hashable labels."""

    def __init__(self, names: Iterable[tuple[str, Hashable]]):
        by_key: dict[str, set] = {}
        for name, target in names:
            key = match_key(name)
            if key:
                by_key.setdefault(key, set()).add(target)
        self.automaton = ahocorasick.Automaton()
        for key, targets in by_key.items():
            # Padding with spaces makes every match a whole-word match.
            self.automaton.add_word(f" {key} ", (key, tuple(sorted(targets, key=repr))))
        self.size = len(by_key)
        if self.size:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Matches in text order; a match inside a longer one (a short alias inside a long
        one) is left out, so "Camp Ashraf" is not found again inside "Ashraf Camp Ashraf"."""
        if not self.size or not text:
            return []
        folded = fold_for_matching(text)
        spans = []
        for end_index, (key, targets) in self.automaton.iter(folded.folded):
            end = end_index  # the closing pad
            start = end - len(key)
            spans.append((start, end, key, targets))
        if not spans:
            return []
        # Longest first, then drop spans contained in one already kept.
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        kept, reach = [], -1
        for span in spans:
            if span[1] <= reach:
                continue
            kept.append(span)
            reach = max(reach, span[1])
        matches = []
        for start, end, key, targets in kept:
            o_start, o_end = folded.original_span(start, end)
            matches.append(Match(o_start, o_end, text[o_start:o_end], key, targets))
        return matches
