"""Documents that share long passages: a post quoting a letter, one letter on two sites.

Each text becomes a sequence of word 5-grams ("shingles", folded like names). A few of their
64-bit hashes are kept per document by winnowing, as MOSS does (Schleimer, Wilkerson and
Aiken, "Winnowing: local algorithms for document fingerprinting", 2003): in every window of
`WINDOW` consecutive shingles the smallest hash is chosen. Two texts sharing a run of
`WINDOW` shingles choose the same hash in it, so a shared passage of `MIN_SHARED_WORDS`
words always leaves at least one hash in common. The hashes are stored once per document
(`TextFingerprint`, replaced when the text changes); checking a new document is one lookup
of its hashes, and only the documents found are read and judged exactly (`judge`), their
shared passages located in both texts. Where each document's check stands is kept in
`ReuseCheck`, with the digest of the text each step was made on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import Document, DocumentRelationKind, Status

from .matching import match_key
from .models import Decision, ReuseCheck, Suggestion, SuggestionField, TextFingerprint, TextReuseProposal

SHINGLE_WORDS = 5
MIN_SHARED_WORDS = 25
MIN_PASSAGE_WORDS = 8
REPUBLISH_CONTAINMENT = 0.8  # both ways
# A passage of MIN_SHARED_WORDS words holds MIN_SHARED_WORDS - SHINGLE_WORDS + 1 = 21
# shingles, so with windows of 21 shingles at least one window lies wholly inside it, and
# that window's smallest hash is chosen in both texts: any one passage of 25 words or more is
# always found. (Pairs that only share shorter passages adding up to 25 words can be missed.)
# About 2 / (WINDOW + 1) of a text's shingles are kept: 36 hashes for 400 words.
WINDOW = MIN_SHARED_WORDS - SHINGLE_WORDS + 1
LOOKUP_CHUNK = 5000  # hashes per query, well under SQLite's limit on parameters
BODY_CHUNK = 200  # candidate texts read at a time

_WORD = re.compile(r"\w+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: a shingle's hash depends on its words' order


@dataclass
class Shingled:
    pk: int
    text: str
    spans: list[tuple[int, int]]  # character span of each word
    shingles: list[str]  # shingle i covers words i .. i+SHINGLE_WORDS-1
    words: list[str]

    @property
    def unique(self) -> set[str]:
        return set(self.shingles)


@lru_cache(maxsize=1 << 17)
def _fold_word(word: str) -> str:
    return match_key(word).replace(" ", "")


def _words(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    spans, words = [], []
    for match in _WORD.finditer(text):
        folded = _fold_word(match.group())
        if folded:
            spans.append(match.span())
            words.append(folded)
    return spans, words


def shingle(pk: int, text: str) -> Shingled:
    spans, words = _words(text)
    shingles = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    return Shingled(pk, text, spans, shingles, words)


@lru_cache(maxsize=1 << 18)
def _word_hash(folded: str) -> int:
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little") or 1


@lru_cache(maxsize=1 << 18)
def _token_hash(token: str) -> int:
    """A word as the text writes it to the hash of its folded form; 0 for no word."""
    folded = _fold_word(token)
    return _word_hash(folded) if folded else 0


def shingle_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """The 64-bit hash of each shingle: a polynomial in its words' hashes, computed for all
    shingles at once (numpy's unsigned arithmetic wraps modulo 2**64)."""
    count = len(word_hashes) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        hashes = hashes * _MULTIPLIER + word_hashes[offset : offset + count]
    return hashes


def hashes_of_words(words: list[str]) -> np.ndarray:
    return np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))


def winnow(hashes: np.ndarray) -> list[int]:
    """The distinct hashes chosen by winnowing (the smallest of each window), as signed 64-bit
    integers for the database. Which of two equal smallest hashes a window takes (the
    rightmost, in robust winnowing) does not change the set of hashes kept. A text shorter
    than one window can share no passage that matters, and keeps none."""
    if len(hashes) < WINDOW:
        return []
    # The minimum of every window by doubling: windows of 1, 2, 4, 8, 16, then two
    # overlapping windows of 16 make each window of 21 (five vector operations per text).
    smallest, width = hashes, 1
    while width * 2 <= WINDOW:
        smallest, width = np.minimum(smallest[:-width], smallest[width:]), width * 2
    if width < WINDOW:
        smallest = np.minimum(smallest[: len(smallest) - (WINDOW - width)], smallest[WINDOW - width :])
    return np.unique(smallest).view(np.int64).tolist()


def fingerprints(text: str) -> list[int]:
    """The winnowed hashes of a text's shingles (those of `shingle`, without building them)."""
    word_hashes = np.fromiter(map(_token_hash, _WORD.findall(text)), dtype=np.uint64)
    return winnow(shingle_hashes(word_hashes[word_hashes != 0]))


def body_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


PENDING, CHECKED, UNCHECKED = "pending", "checked", "unchecked"
STATE_LABELS = {
    PENDING: _("checking for shared text…"),
    CHECKED: _("checked for shared text"),
    UNCHECKED: _("not checked for shared text"),
}


def check_state(document: Document) -> str:
    """Where the search for shared text stands for a document as it is now (its
    `reuse_check` best selected with it): asked for and not done yet, done on this very
    text, or never done on it."""
    try:
        check = document.reuse_check
    except ReuseCheck.DoesNotExist:
        return UNCHECKED
    if check.is_pending:
        return PENDING
    return CHECKED if check.checked_digest == body_digest(document.body) else UNCHECKED


def unchecked(document_ids: Iterable[int]) -> list[int]:
    """Those of the documents whose present text has no completed check (never asked for,
    asked for and lost, or done on an earlier text)."""
    documents = Document.objects.filter(pk__in=list(document_ids)).select_related("reuse_check")
    return [d.pk for d in documents if check_state(d) != CHECKED]


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


def fingerprint_documents(rows: Iterable[tuple[int, str]]) -> int:
    """Store the fingerprints of each (pk, body) whose stored ones were made from another text
    or are missing; returns how many documents were fingerprinted."""
    digests = {pk: (body, body_digest(body)) for pk, body in rows}
    done = dict(
        ReuseCheck.objects.filter(document_id__in=list(digests)).values_list("document_id", "fingerprinted_digest")
    )
    stale = {pk: value for pk, value in digests.items() if done.get(pk) != value[1]}
    if not stale:
        return 0
    with transaction.atomic():
        # One DELETE … WHERE document_id IN (…): nothing refers to a fingerprint, and the
        # collector's path would read every row back first to delete it by its two-column key.
        old = TextFingerprint.objects.filter(document_id__in=list(stale))
        old._raw_delete(old.db)
        _insert_fingerprints((pk, h) for pk, (body, _d) in stale.items() for h in fingerprints(body))
        ReuseCheck.objects.bulk_create(
            [ReuseCheck(document_id=pk, fingerprinted_digest=digest) for pk, (_b, digest) in stale.items()],
            update_conflicts=True, unique_fields=["document"], update_fields=["fingerprinted_digest"],
        )
    return len(stale)


def _insert_fingerprints(rows: Iterable[tuple[int, int]]) -> None:
    """Plain (document, hash) rows, 400 to a statement (800 parameters: under every SQLite's
    limit): `bulk_create` would build a model instance for each, three quarters of the time of
    fingerprinting an archive. A row already there was written meanwhile by another check of
    the same text."""
    table = connection.ops.quote_name(TextFingerprint._meta.db_table)
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 400):
            batch = rows[start : start + 400]
            cursor.execute(
                f'INSERT INTO {table} ("document_id", "hash") VALUES {", ".join(["(%s, %s)"] * len(batch))} '
                "ON CONFLICT DO NOTHING",
                [value for row in batch for value in row],
            )


def fingerprint_archive(chunk: int = 1000) -> int:
    """Fingerprint every document whose fingerprints are missing or stale, a chunk at a time."""
    done, last = 0, 0
    while True:
        rows = list(Document.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "body")[:chunk])
        if not rows:
            return done
        last = rows[-1][0]
        done += fingerprint_documents(rows)


def candidates(pk: int, hashes: list[int], below: int | None = None) -> list[int]:
    """Documents sharing at least one fingerprint with document `pk`, most shared first
    (only those with smaller ids with `below`, so that a pass over the archive meets each pair
    once)."""
    shared: dict[int, int] = {}
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        found = TextFingerprint.objects.filter(hash__in=hashes[start : start + LOOKUP_CHUNK]).exclude(document_id=pk)
        if below is not None:
            found = found.filter(document_id__lt=below)
        for document_id, count in found.values("document_id").annotate(n=Count("hash")).values_list("document_id", "n"):
            shared[document_id] = shared.get(document_id, 0) + count
    return sorted(shared, key=lambda d: (-shared[d], d))


def _judge_candidates(new: Shingled, others: list[int], dates: dict, edtf: dict) -> list[Proposal]:
    proposals = []
    for start in range(0, len(others), BODY_CHUNK):
        rows = Document.objects.filter(pk__in=others[start : start + BODY_CHUNK]).values_list(
            "pk", "body", "date_lower", "date_edtf"
        )
        for pk, body, lower, date_edtf in rows:
            dates[pk], edtf[pk] = lower, date_edtf
            other = shingle(pk, body)
            if not other.shingles:
                continue
            a, b = sorted((new, other), key=lambda s: s.pk)
            proposal = judge(a, b, dates)
            if proposal:
                proposals.append(proposal)
    return proposals


def check_document(pk: int, below: int | None = None) -> list[TextReuseProposal]:
    """Look one document's text up against the archive's fingerprints, judge the documents
    found, store new proposals, and record the check as done on this text."""
    row = Document.objects.filter(pk=pk).values_list("body", "date_lower", "date_edtf").first()
    if row is None:
        return []
    body, lower, date_edtf = row
    # Committed before the lookup: of two documents checked at the same moment, the one
    # looking up second always finds the first.
    fingerprint_documents([(pk, body)])
    new = shingle(pk, body)
    with transaction.atomic():
        stored = []
        if new.shingles:
            dates, edtf = {pk: lower}, {pk: date_edtf}
            hashes = winnow(shingle_hashes(hashes_of_words(new.words)))
            found = _judge_candidates(new, candidates(pk, hashes, below), dates, edtf)
            stored = _store(found, edtf)
        # What was asked for is done: a request for a later text queued its own check, and a
        # text changed without asking (a bulk update) must not leave the check pending forever.
        digest = body_digest(body)
        ReuseCheck.objects.filter(document_id=pk).update(
            checked_digest=digest, requested_digest=digest, checked_at=timezone.now()
        )
    return stored


def check_archive(progress=None) -> list[TextReuseProposal]:
    """Every document against every other: fingerprint what is missing or stale, then look each
    document up once against those before it."""
    fingerprint_archive()
    stored = []
    ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        stored.extend(check_document(pk, below=pk))
        if progress:
            progress()
    return stored

def _dated_as(edtf: str) -> str:
    """An undated text that quotes one dated `edtf` is from about then, or later."""
    if "/" in edtf:
        return f"{edtf.split('/')[0].rstrip('~?%')}/.."
    return f"{edtf.rstrip('~?%')}~"


def propose_text_reuse(documents=None) -> list[TextReuseProposal]:
    """Check `documents` (default: all) against every document now; an undated draft that
    quotes or republishes a dated document gets a date suggestion from it. Returns the new
    proposals. (Imports and edits ask for the same check in the background: `tasks`.)"""
    if documents is None:
        return check_archive()
    stored = []
    for pk in documents.order_by("pk").values_list("pk", flat=True):
        stored.extend(check_document(pk))
    return stored


def _store(proposals: list[Proposal], edtf: dict[int, str]) -> list[TextReuseProposal]:
    stored = []
    for p in proposals:
        existing = TextReuseProposal.objects.filter(source_id__in=(p.source, p.target), target_id__in=(p.source, p.target))
        if existing.exists():
            continue
        try:
            with transaction.atomic():
                proposal = TextReuseProposal.objects.create(
                    source_id=p.source, target_id=p.target, kind=p.kind, containment=p.containment,
                    shared_words=p.shared_words, passages=p.passages, reason=p.reason[:300],
                )
        except IntegrityError:
            continue  # the other document's check stored the same pair meanwhile
        stored.append(proposal)
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
