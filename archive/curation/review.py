"""A curator's decisions on a draft's suggestions and mentions, applied in one transaction.

Publishing is not decided here: the review screen calls `archive.publishing` after these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from archive.dates import parse_bounds
from archive.models import Document, DocumentKind, DocumentRelation, Role, RoleKind
from archive.models.vocab import TextDirection, direction_of

from .mentions import confirm_mentions, reject_mentions
from .models import ENTITY_FIELDS, Decision, Suggestion, SuggestionField, TextReuseProposal
from .records import find_or_create_entity, find_or_create_topic, unique_slug


@dataclass
class Decided:
    status: str  # Decision.CONFIRMED or Decision.REJECTED (anything else leaves it open)
    value: str = ""  # the corrected value; empty keeps the suggested one


class ReviewError(ValidationError):
    pass


def _validate(suggestion: Suggestion, value: str) -> None:
    if suggestion.field == SuggestionField.DATE:
        try:
            parse_bounds(value)
        except ValidationError as exc:
            raise ReviewError({str(suggestion.pk): exc.messages}) from exc
    elif suggestion.field == SuggestionField.KIND and value not in DocumentKind.values:
        raise ReviewError({str(suggestion.pk): [f"“{value}” is not a kind; use one of {', '.join(DocumentKind.values)}."]})
    elif not value.strip() and suggestion.field not in (SuggestionField.SPLIT, SuggestionField.REMOVED):
        raise ReviewError({str(suggestion.pk): ["A kept value cannot be empty; reject the suggestion instead."]})


def _apply(document: Document, suggestion: Suggestion, value: str, user) -> None:
    field = suggestion.field
    if field in (SuggestionField.TITLE, SuggestionField.SUBTITLE):
        document.title = value[:500]
        follow_title(document)
    elif field == SuggestionField.KIND:
        document.kind = value
    elif field == SuggestionField.SPLIT:
        document.kind = DocumentKind.COMPILATION
    elif field == SuggestionField.DATE:
        document.date_edtf = value
        document.date_as_written = suggestion.as_written[:200] if value == suggestion.value else ""
    elif field == SuggestionField.CLASSIFICATION:
        document.classification = value[:100]
    elif field == SuggestionField.PROVENANCE:
        document.provenance_note = "\n".join(filter(None, [document.provenance_note, value]))
    elif field == SuggestionField.LANGUAGE:
        document.language = value[:16]
        document.text_direction = TextDirection.RTL if direction_of(value) == TextDirection.RTL else ""
    elif field == SuggestionField.TOPIC:
        topic = suggestion.topic if suggestion.topic and value == suggestion.value else find_or_create_topic(value)
        document.topics.add(topic)
    if field in ENTITY_FIELDS:
        entity_type, role = ENTITY_FIELDS[field]
        unchanged = value == suggestion.value and suggestion.entity is not None
        entity = suggestion.entity if unchanged else find_or_create_entity(
            entity_type, value, user, f"Named in the imported draft “{document.title[:100]}”"
        )[0]
        written = suggestion.as_written if value == suggestion.value else value
        if field == SuggestionField.PLACE_WRITTEN:
            document.place_written = entity
            document.place_written_as = (written or value)[:200]
        elif field == SuggestionField.SOURCE_TITLE:
            document.source_title = value[:300]
        if role:
            order = Role.objects.filter(document=document, role=role).count()
            existing = Role.objects.filter(document=document, role=role, **{entity_type: entity}).first()
            if existing is None:
                new_role = Role(document=document, role=role, order=order, name_as_written=(written or value)[:300],
                                **{entity_type: entity})
                new_role._history_user = user
                new_role.save()
        setattr(suggestion, entity_type, entity)


@transaction.atomic
def apply_review(document: Document, decisions: dict[int, Decided], user=None) -> dict:
    """Apply the curator's decisions; raise ReviewError (naming each suggestion) and change
    nothing if any kept value is invalid. Returns counts."""
    now = timezone.now()
    suggestions = {s.pk: s for s in document.curation_suggestions.for_review()}
    counts = {"confirmed": 0, "rejected": 0}
    errors = {}
    for pk, decided in decisions.items():
        suggestion = suggestions.get(pk)
        if suggestion is None or decided.status not in (Decision.CONFIRMED, Decision.REJECTED):
            continue
        value = (decided.value or suggestion.value).strip()
        if decided.status == Decision.CONFIRMED:
            try:
                _validate(suggestion, value)
            except ReviewError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ReviewError(errors)
    for pk, decided in decisions.items():
        suggestion = suggestions.get(pk)
        if suggestion is None or decided.status not in (Decision.CONFIRMED, Decision.REJECTED):
            continue
        value = (decided.value or suggestion.value).strip()
        if decided.status == Decision.CONFIRMED:
            _apply(document, suggestion, value, user)
            suggestion.decided_value = value[:500]
            counts["confirmed"] += 1
        else:
            if suggestion.field == SuggestionField.REMOVED:
                # Rejecting a removal means the text was the document's: it goes back.
                document.body = with_block_restored(document.body, suggestion)
            counts["rejected"] += 1
        suggestion.status, suggestion.decided_by, suggestion.decided_at = decided.status, user, now
        suggestion._history_user = user
        suggestion.save()
    document._history_user = user
    document._change_reason = "Import suggestions reviewed"
    document.save()
    return counts


def follow_title(document: Document) -> None:
    """Until a document is first published its address follows its title; after that it
    stays, so that a citation never breaks."""
    if document.published_at is None:
        document.slug = unique_slug(Document, document.title, "document", exclude_pk=document.pk)


def with_block_restored(body: str, suggestion: Suggestion) -> str:
    """`body` with a removed block put back where it stood: after the paragraph it followed
    (found by its opening words, so edits above it do not move it), else at its index."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    block = suggestion.source_text.strip()
    if not block:
        return body
    anchor = suggestion.as_written.strip()
    at = None
    if anchor:
        at = next((i + 1 for i, p in enumerate(paragraphs) if p.strip().startswith(anchor[:120])), None)
    if at is None:
        try:
            at = min(int(suggestion.value) + 1, len(paragraphs))
        except ValueError:
            at = len(paragraphs)
    at = max(0, at)
    return "\n\n".join(paragraphs[:at] + [block] + paragraphs[at:])


@transaction.atomic
def restore_block(document: Document, suggestion: Suggestion, user=None) -> None:
    """Put one removed block back into the draft's text, in one step."""
    if suggestion.field != SuggestionField.REMOVED or suggestion.status != Decision.SUGGESTED:
        raise ReviewError({str(suggestion.pk): ["Only an undecided removed block can be put back."]})
    document.body = with_block_restored(document.body, suggestion)
    suggestion.status, suggestion.decided_by, suggestion.decided_at = Decision.REJECTED, user, timezone.now()
    suggestion._history_user = user
    suggestion.save()
    document._history_user = user
    document._change_reason = "A removed block put back"
    document.save()


@transaction.atomic
def set_slug(document: Document, slug: str, user=None) -> None:
    """A curator's own address for a draft; refused once the document has been published."""
    from django.core.validators import validate_slug

    if document.published_at is not None:
        raise ReviewError({"slug": ["The address is fixed once the document has been published."]})
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise ReviewError({"slug": exc.messages}) from exc
    if Document.objects.exclude(pk=document.pk).filter(slug=slug).exists():
        raise ReviewError({"slug": [f"Another document has the address “{slug}”."]})
    document.slug = slug
    document._history_user = user
    document.save()


EDITABLE_ROLES = (RoleKind.AUTHOR, RoleKind.RECIPIENT)


@transaction.atomic
def add_role(document: Document, *, role: str, entity_type: str, name: str, user=None) -> Role:
    """Add an author or recipient by name: the record with that name (any alias), or a new
    one of the kind the curator chose."""
    name = " ".join(name.split())
    if role not in EDITABLE_ROLES or entity_type not in ("person", "organisation") or not name:
        raise ReviewError({"add_role": ["Choose author or recipient, person or organisation, and a name."]})
    entity, _created = find_or_create_entity(entity_type, name, user, f"Added on the review of “{document.title[:100]}”")
    existing = Role.objects.filter(document=document, role=role, **{entity_type: entity}).first()
    if existing:
        return existing
    new_role = Role(document=document, role=role, name_as_written=name[:300],
                    order=Role.objects.filter(document=document, role=role).count(), **{entity_type: entity})
    new_role._history_user = user
    new_role.save()
    return new_role


@transaction.atomic
def remove_role(document: Document, role_id: int, user=None) -> None:
    role = Role.objects.filter(document=document, pk=role_id, role__in=EDITABLE_ROLES).first()
    if role is None:
        raise ReviewError({"remove_role": ["No such author or recipient on this document."]})
    role._history_user = user
    role.delete()


def accept_all(document: Document, user=None) -> dict:
    """Accept the draft as the import filled it in: every open suggestion, except the
    alternatives to a date already chosen (they are rejected) and the notes that need no
    decision (a fuller title, removed furniture)."""
    decisions = {}
    for s in document.curation_suggestions.open():
        if s.field in (SuggestionField.SUBTITLE, SuggestionField.REMOVED):
            continue
        if s.field == SuggestionField.DATE and s.value != document.date_edtf:
            decisions[s.pk] = Decided(Decision.REJECTED)
        else:
            decisions[s.pk] = Decided(Decision.CONFIRMED)
    return apply_review(document, decisions, user)


@transaction.atomic
def decide_reuse(proposal: TextReuseProposal, status: str, user=None, kind: str = "") -> None:
    """Accepting a proposal records the relation between the two documents."""
    proposal.status, proposal.decided_by, proposal.decided_at = status, user, timezone.now()
    if kind in dict(TextReuseProposal.KIND_CHOICES):
        proposal.kind = kind
    proposal._history_user = user
    proposal.save()
    if status == Decision.CONFIRMED:
        DocumentRelation.objects.get_or_create(
            source=proposal.source, target=proposal.target, kind=proposal.kind,
            defaults={"note": f"{proposal.shared_words} words in shared passages."},
        )


def mention_groups(document: Document) -> list[dict]:
    """The document's mentions grouped by record, for deciding a record's mentions at once."""
    groups = {}
    for mention in document.mention_suggestions.for_review():
        key = mention.entity_key
        group = groups.setdefault(key, {"key": f"{key[0]}-{key[1]}", "entity": mention.entity, "type": key[0],
                                        "mentions": [], "statuses": set()})
        group["mentions"].append(mention)
        group["statuses"].add(mention.status)
    for group in groups.values():
        group["status"] = group["statuses"].pop() if len(group["statuses"]) == 1 else "mixed"
        group["private"] = group["type"] == "person" and group["entity"].is_private
    return sorted(groups.values(), key=lambda g: (g["type"], str(g["entity"])))


def decide_mentions(document: Document, decisions: dict[tuple[str, int], str], user=None) -> tuple[int, int]:
    """Confirm or reject each record's mentions in `document`; returns (confirmed, rejected)."""
    confirmed = rejected = 0
    for (entity_type, pk), decision in decisions.items():
        mentions = document.mention_suggestions.filter(**{f"{entity_type}_id": pk})
        if decision == Decision.CONFIRMED:
            confirmed += confirm_mentions(mentions, user)[0]
        elif decision == Decision.REJECTED:
            rejected += reject_mentions(mentions, user)
    return confirmed, rejected
