"""Documents that share long passages: a post quoting a letter, one letter on two sites.

Each text becomes a set of word 5-grams ("shingles", folded like names). MinHash sketches and
an LSH Ensemble index (datasketch) find candidate pairs by containment without comparing every
pair; each candidate is then checked exactly, and its shared passages located in both texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSHEnsemble
from django.db import transaction

from archive.models import Document, DocumentRelationKind, Status

from .matching import match_key
from .models import Decision, Suggestion, SuggestionField, TextReuseProposal

SHINGLE_WORDS = 5
NUM_PERM = 128
MIN_CONTAINMENT = 0.1  # of the smaller text's shingles
MIN_SHARED_WORDS = 25
MIN_PASSAGE_WORDS = 8
REPUBLISH_CONTAINMENT = 0.8  # both ways

_WORD = re.compile(r"\w+")


@dataclass
class Shingled:
    pk: int
    text: str
    spans: list[tuple[int, int]]  # character span of each word
    shingles: list[str]  # shingle i covers words i .. i+SHINGLE_WORDS-1

    @property
    def unique(self) -> set[str]:
        return set(self.shingles)


def shingle(pk: int, text: str) -> Shingled:
    spans, words = [], []
    for match in _WORD.finditer(text):
        folded = match_key(match.group())
        if folded:
            spans.append(match.span())
            words.append(folded.replace(" ", ""))
    shingles = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    return Shingled(pk, text, spans, shingles)


def minhash(shingles: set[str]) -> MinHash:
    sketch = MinHash(num_perm=NUM_PERM)
    sketch.update_batch([s.encode("utf-8") for s in shingles])
    return sketch


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive shingle positions as word ranges [first word, last word + 1)."""
    runs, start, previous = [], None, None
    for p in positions:
        if start is None:
            start = previous = p
        elif p <= previous + SHINGLE_WORDS:
            previous = p
        else:
            runs.append((start, previous + SHINGLE_WORDS))
            start = previous = p
    if start is not None:
        runs.append((start, previous + SHINGLE_WORDS))
    return runs


def shared_passages(a: Shingled, b: Shingled) -> list[tuple[int, int, int, int]]:
    """[a start, a end, b start, b end] character spans of each passage the texts share."""
    common = a.unique & b.unique
    passages = []
    for first, last in _runs([i for i, s in enumerate(a.shingles) if s in common]):
        if last - first < MIN_PASSAGE_WORDS:
            continue
        wanted = set(a.shingles[first : last - SHINGLE_WORDS + 1])
        b_runs = _runs([j for j, s in enumerate(b.shingles) if s in wanted])
        if not b_runs:
            continue
        b_first, b_last = max(b_runs, key=lambda r: r[1] - r[0])
        passages.append((a.spans[first][0], a.spans[last - 1][1], b.spans[b_first][0], b.spans[b_last - 1][1]))
    return passages


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether a passage sits inside quotation marks opened earlier in its paragraph."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if max(before.rfind("“"), before.rfind("«")) > max(before.rfind("”"), before.rfind("»")):
        return True
    return before.count('"') % 2 == 1


@dataclass
class Proposal:
    source: int
    target: int
    kind: str
    containment: float
    shared_words: int
    passages: list
    reason: str


def judge(a: Shingled, b: Shingled, dates: dict[int, object]) -> Proposal | None:
    passages = shared_passages(a, b)
    shared_words = sum(len(_WORD.findall(a.text[s:e])) for s, e, _bs, _be in passages)
    if shared_words < MIN_SHARED_WORDS:
        return None
    common = a.unique & b.unique
    in_a, in_b = len(common) / len(a.unique), len(common) / len(b.unique)
    if min(in_a, in_b) >= REPUBLISH_CONTAINMENT:
        kind = DocumentRelationKind.REPUBLISHES
        da, db = dates.get(a.pk), dates.get(b.pk)
        if da and db and da != db:
            source_is_a, reason = da > db, "the later text republishes the earlier"
        else:
            source_is_a, reason = a.pk > b.pk, "the text added later republishes the one already here"
    else:
        kind = DocumentRelationKind.QUOTES
        quoted_a = sum(_quoted(a.text, s, e) for s, e, _bs, _be in passages)
        quoted_b = sum(_quoted(b.text, bs, be) for _s, _e, bs, be in passages)
        da, db = dates.get(a.pk), dates.get(b.pk)
        if quoted_a != quoted_b:
            source_is_a, reason = quoted_a > quoted_b, "the shared passages are in quotation marks in the quoting text"
        elif da and db and da != db:
            source_is_a, reason = da > db, "the later text quotes the earlier"
        else:
            source_is_a, reason = in_a > in_b, "the shared passages are a larger part of the quoting text"
    source, target = (a, b) if source_is_a else (b, a)
    if not source_is_a:
        passages = [(bs, be, s, e) for s, e, bs, be in passages]
    return Proposal(
        source.pk, target.pk, kind, round(len(common) / len(source.unique), 3), shared_words,
        [list(p) for p in passages], reason,
    )


def find_reuse(documents: list[tuple[int, str]], only: set[int] | None = None, dates=None) -> list[Proposal]:
    """Proposals among `documents` [(pk, text)]; with `only`, just pairs involving those."""
    dates = dates or {}
    shingled = {pk: shingle(pk, text) for pk, text in documents}
    shingled = {pk: s for pk, s in shingled.items() if s.shingles}
    if len(shingled) < 2:
        return []
    sketches = {pk: minhash(s.unique) for pk, s in shingled.items()}
    index = MinHashLSHEnsemble(threshold=MIN_CONTAINMENT, num_perm=NUM_PERM, num_part=8)
    index.index([(pk, sketches[pk], len(s.unique)) for pk, s in shingled.items()])
    proposals, seen = [], set()
    for pk in sorted(only if only is not None else shingled):
        if pk not in shingled:
            continue
        for other in index.query(sketches[pk], len(shingled[pk].unique)):
            pair = tuple(sorted((pk, other)))
            if other == pk or pair in seen:
                continue
            seen.add(pair)
            proposal = judge(shingled[pair[0]], shingled[pair[1]], dates)
            if proposal:
                proposals.append(proposal)
    # Pairs the index missed because the query text is the larger one: query the others too.
    if only is not None:
        for pk in shingled:
            if pk in only:
                continue
            for other in index.query(sketches[pk], len(shingled[pk].unique)):
                pair = tuple(sorted((pk, other)))
                if other in only and pair not in seen:
                    seen.add(pair)
                    proposal = judge(shingled[pair[0]], shingled[pair[1]], dates)
                    if proposal:
                        proposals.append(proposal)
    return proposals


def _dated_as(edtf: str) -> str:
    """An undated text that quotes one dated `edtf` is from about then, or later."""
    if "/" in edtf:
        return f"{edtf.split('/')[0].rstrip('~?%')}/.."
    return f"{edtf.rstrip('~?%')}~"


@transaction.atomic
def propose_text_reuse(documents=None) -> list[TextReuseProposal]:
    """Store proposals for `documents` (default: all) against every document; an undated
    draft that quotes or republishes a dated document gets a date suggestion from it."""
    rows = list(Document.objects.values_list("pk", "body", "date_lower", "date_edtf"))
    dates = {pk: lower for pk, _b, lower, _e in rows if lower}
    edtf = {pk: e for pk, _b, _l, e in rows}
    only = None if documents is None else set(documents.values_list("pk", flat=True))
    stored = []
    for p in find_reuse([(pk, body) for pk, body, _l, _e in rows], only, dates):
        existing = TextReuseProposal.objects.filter(source_id__in=(p.source, p.target), target_id__in=(p.source, p.target))
        if existing.exists():
            continue
        stored.append(TextReuseProposal.objects.create(
            source_id=p.source, target_id=p.target, kind=p.kind, containment=p.containment,
            shared_words=p.shared_words, passages=p.passages, reason=p.reason[:300],
        ))
        if not edtf.get(p.source) and edtf.get(p.target):
            _suggest_date(p.source, p.target, edtf[p.target])
    return stored


def _suggest_date(source_pk: int, target_pk: int, target_edtf: str):
    source = Document.objects.get(pk=source_pk)
    if source.status != Status.DRAFT or source.date_edtf:
        return
    target = Document.objects.only("title").get(pk=target_pk)
    value = _dated_as(target_edtf)
    Suggestion.objects.create(
        document=source, field=SuggestionField.DATE, value=value, order=50, source_text=target.title[:500],
        note=f"Undated: shares passages with “{target.title[:200]}”, dated {target_edtf}."[:500],
    )
    if not source.curation_suggestions.filter(field=SuggestionField.DATE, status=Decision.CONFIRMED).exists():
        source.date_edtf = value
        source.save()
