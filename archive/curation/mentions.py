"""Mentions of known people, organisations and places in documents' text.

A scan only ever adds suggestions; a curator's decision (confirmed or rejected) is kept across
re-scans, so a rejected false match does not come back. Confirming a mention gives the document
a "mentioned" role, except for a private person: the suggestion is recorded but nothing that
readers see is created.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive import registry
from archive.models import Document, Role, RoleKind

from .matching import NameMatcher, match_key
from .models import Decision, MentionSuggestion

CHUNK = 500


def entity_names(entity_type: str, ids: Iterable[int] | None = None) -> Iterator[tuple[str, tuple[str, int]]]:
    """(name, (entity_type, pk)) for the preferred name and every alias."""
    kind = registry.entity_type(entity_type)
    records = kind.model.objects.all() if ids is None else kind.model.objects.filter(pk__in=list(ids))
    for pk, name in records.values_list("pk", "name").iterator():
        yield name, (entity_type, pk)
    names = kind.name_model.objects.all()
    if ids is not None:
        names = names.filter(**{f"{entity_type}_id__in": list(ids)})
    for pk, name in names.values_list(f"{entity_type}_id", "name").iterator():
        yield name, (entity_type, pk)


def build_matcher(only: dict[str, list[int]] | None = None) -> NameMatcher:
    """A matcher for every known name, or only for the given records' names."""
    def names():
        for entity_type in registry.KEYS:
            if only is None:
                yield from entity_names(entity_type)
            elif only.get(entity_type):
                yield from entity_names(entity_type, only[entity_type])

    return NameMatcher(names())


def _suggestion(document_id: int, match, target) -> MentionSuggestion:
    entity_type, pk = target
    return MentionSuggestion(
        document_id=document_id, start=match.start, end=match.end, text=match.text[:300], **{f"{entity_type}_id": pk}
    )


def scan_documents(documents, matcher: NameMatcher) -> int:
    """Add a suggestion for every match not already recorded; returns how many were added."""
    added = 0
    ids = documents.values_list("pk", flat=True).order_by("pk")
    last = 0
    while True:
        chunk = list(Document.objects.filter(pk__in=ids, pk__gt=last).order_by("pk").values_list("pk", "body")[:CHUNK])
        if not chunk:
            return added
        last = chunk[-1][0]
        found = []
        for pk, body in chunk:
            for match in matcher.find(body):
                found.extend(_suggestion(pk, match, target) for target in match.targets)
        if found:
            existing = set(
                MentionSuggestion.objects.filter(document_id__in=[pk for pk, _ in chunk]).values_list(
                    "document_id", "start", "end", "person_id", "organisation_id", "place_id"
                )
            )
            new = [
                s for s in found
                if (s.document_id, s.start, s.end, s.person_id, s.organisation_id, s.place_id) not in existing
            ]
            MentionSuggestion.objects.bulk_create(new, ignore_conflicts=True)
            added += len(new)


def drop_stale_mentions(document: Document) -> int:
    """After the document's text changed: undecided suggestions go (the next scan finds the
    names afresh, at their new offsets); a decided one follows its words to their nearest
    occurrence, and goes when its words are no longer in the text. Returns how many went."""
    body = document.body
    stale, moved = [], []
    for mention in MentionSuggestion.objects.filter(document=document).only("pk", "start", "end", "text", "status"):
        if mention.status == Decision.SUGGESTED:
            stale.append(mention.pk)
            continue
        if body[mention.start : mention.end] == mention.text:
            continue
        found = [m.start() for m in _occurrences(body, mention.text)]
        if not found:
            stale.append(mention.pk)
            continue
        start = min(found, key=lambda at: abs(at - mention.start))
        mention.start, mention.end = start, start + len(mention.text)
        moved.append(mention)
    MentionSuggestion.objects.filter(pk__in=stale).delete()
    for mention in moved:
        # Two decided mentions may now claim the same span; the first keeps it.
        if not MentionSuggestion.objects.filter(document=document, start=mention.start, end=mention.end).exclude(
                pk=mention.pk).exists():
            MentionSuggestion.objects.filter(pk=mention.pk).update(start=mention.start, end=mention.end)
        else:
            MentionSuggestion.objects.filter(pk=mention.pk).delete()
    return len(stale)


def _occurrences(text: str, words: str):
    return re.finditer(re.escape(words), text)


def scan_document(document: Document) -> int:
    return scan_documents(Document.objects.filter(pk=document.pk), build_matcher())


def rescan_entities(records: dict[str, Iterable[int]]) -> int:
    """After records' names changed: find their names everywhere, in one pass over the
    documents for all of them, and withdraw undecided suggestions that none of a record's
    names match any more (a deleted or corrected alias). `records` maps an entity type to
    primary keys; records deleted since are skipped. Returns the suggestions added."""
    existing = {}
    for entity_type, pks in records.items():
        model = registry.entity_type(entity_type).model
        existing[entity_type] = list(model.objects.filter(pk__in=list(pks)).values_list("pk", flat=True))
    for entity_type, pks in existing.items():
        _withdraw_unmatched(entity_type, pks)
    matcher = build_matcher(existing)
    return scan_documents(Document.objects.all(), matcher) if matcher.size else 0


def _withdraw_unmatched(entity_type: str, pks: list[int]) -> None:
    keys: dict[int, set[str]] = {pk: set() for pk in pks}
    for name, (_type, pk) in entity_names(entity_type, pks):
        keys[pk].add(match_key(name))
    field = f"{entity_type}_id"
    suggestions = MentionSuggestion.objects.suggested().filter(**{f"{field}__in": pks}).only("pk", "text", field)
    stale = [s.pk for s in suggestions if match_key(s.text) not in keys[getattr(s, field)]]
    MentionSuggestion.objects.filter(pk__in=stale).delete()


def _role_for(mention: MentionSuggestion) -> Role | None:
    if mention.person_id and mention.person.is_private:
        return None
    role, _created = Role.objects.get_or_create(
        document_id=mention.document_id,
        role=RoleKind.MENTIONED,
        **{f"{mention.entity_type}_id": mention.entity_key[1]},
        defaults={"name_as_written": mention.text[:300], "order": 100},
    )
    return role


@transaction.atomic
def confirm_mentions(mentions, user=None) -> tuple[int, int]:
    """Confirm mentions; returns (confirmed, held back because the person is private)."""
    now, confirmed, private = timezone.now(), 0, 0
    for mention in mentions.select_related("person").filter(~Q(status=Decision.CONFIRMED)):
        mention.status, mention.decided_by, mention.decided_at = Decision.CONFIRMED, user, now
        mention._history_user = user
        mention.save()
        if _role_for(mention) is None:
            private += 1
        confirmed += 1
    return confirmed, private


@transaction.atomic
def reject_mentions(mentions, user=None) -> int:
    """Reject mentions; a "mentioned" role that only a confirmed mention supported goes too."""
    now, count = timezone.now(), 0
    for mention in mentions.filter(~Q(status=Decision.REJECTED)):
        was_confirmed = mention.status == Decision.CONFIRMED
        mention.status, mention.decided_by, mention.decided_at = Decision.REJECTED, user, now
        mention._history_user = user
        mention.save()
        if was_confirmed:
            field, pk = mention.entity_key
            still_supported = MentionSuggestion.objects.filter(
                document_id=mention.document_id, status=Decision.CONFIRMED, **{f"{field}_id": pk}
            ).exists()
            if not still_supported:
                for role in Role.objects.filter(
                    document_id=mention.document_id, role=RoleKind.MENTIONED, **{f"{field}_id": pk}
                ):
                    role._history_user = user
                    role.delete()
        count += 1
    return count
