"""Merging two records for the same person, organisation or place.

Everything that points at the duplicate moves to the record that stays: roles, mentions,
memberships, relations between organisations, events, places inside a place and documents
written there. The duplicate's names become aliases of the survivor (a name the survivor
already has, ignoring case and accents, is not added twice), and every change is saved one by
one so the history of each record says who merged what. The duplicate's address, and every
address it had before, keep answering with a redirect to the survivor (`PastSlug`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from archive import registry
from archive.models import Membership, OrganisationRelation, PastSlug, Person, RetiredBecause, Role
from archive.text import name_key

from .models import MentionSuggestion, Suggestion


@dataclass
class MergePlan:
    """What a merge will do, for the confirmation page and for the merge itself."""

    survivor: object
    loser: object
    entity_type: str
    roles: list = field(default_factory=list)
    duplicate_roles: list = field(default_factory=list)
    new_aliases: list = field(default_factory=list)
    moved_names: list = field(default_factory=list)
    dropped_names: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    events: list = field(default_factory=list)
    children: list = field(default_factory=list)
    documents_written: list = field(default_factory=list)
    addresses: list = field(default_factory=list)
    mentions: int = 0
    suggestions: int = 0

    @property
    def sections(self) -> list[tuple[str, list]]:
        return [
            ("Roles toward documents", self.roles),
            ("Roles already held by the surviving record (removed)", self.duplicate_roles),
            ("Names that become aliases", self.new_aliases + self.moved_names),
            ("Names the surviving record already has (not repeated)", self.dropped_names),
            ("Memberships", self.memberships),
            ("Relations between organisations", self.relations),
            ("Events", self.events),
            ("Places inside this place", self.children),
            ("Documents written here", self.documents_written),
            ("Addresses that will lead to the surviving record", self.addresses),
        ]


def plan_merge(survivor, loser) -> MergePlan:
    if type(survivor) is not type(loser):
        raise ValueError("Only two records of the same kind can be merged.")
    if survivor.pk == loser.pk:
        raise ValueError("A record cannot be merged with itself.")
    entity_type = registry.of_model(type(survivor)).key
    plan = MergePlan(survivor, loser, entity_type)
    held = set(Role.objects.filter(**{entity_type: survivor}).values_list("document_id", "role"))
    for role in Role.objects.filter(**{entity_type: loser}).select_related("document"):
        (plan.duplicate_roles if (role.document_id, role.role) in held else plan.roles).append(role)
    keys = {survivor.name_key} | set(survivor.names.values_list("key", flat=True))
    if name_key(loser.name) not in keys:
        plan.new_aliases.append(loser.name)
        keys.add(name_key(loser.name))
    for name in loser.names.all():
        if name.key in keys:
            plan.dropped_names.append(name)
        else:
            plan.moved_names.append(name)
            keys.add(name.key)
    if entity_type in ("person", "organisation"):
        plan.memberships = list(Membership.objects.filter(**{entity_type: loser}).select_related("person", "organisation"))
    if entity_type == "organisation":
        plan.relations = list(
            OrganisationRelation.objects.filter(source=loser).select_related("source", "target")
        ) + list(OrganisationRelation.objects.filter(target=loser).select_related("source", "target"))
    plan.events = list(getattr(loser, "events").all())
    if entity_type == "place":
        plan.children = list(loser.children.all())
        plan.documents_written = list(loser.documents_written_here.all())
    plan.addresses = [loser.slug, *PastSlug.objects.leading_to(loser).values_list("slug", flat=True)]
    plan.mentions = MentionSuggestion.objects.filter(**{entity_type: loser}).count()
    plan.suggestions = Suggestion.objects.filter(**{entity_type: loser}).count()
    return plan


def _save(instance, user, reason):
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def _delete(instance, user, reason):
    instance._history_user = user
    instance._change_reason = reason
    instance.delete()


@transaction.atomic
def merge(survivor, loser, user=None) -> MergePlan:
    """Merge `loser` into `survivor` and delete `loser`; all or nothing."""
    plan = plan_merge(survivor, loser)
    t = plan.entity_type
    reason = f"Merged {loser.name} ({loser.slug}) into {survivor.name} ({survivor.slug})"
    for role in plan.duplicate_roles:
        _delete(role, user, reason)
    for role in plan.roles:
        setattr(role, t, survivor)
        _save(role, user, reason)
    kind = registry.entity_type(t)
    for name in plan.dropped_names:
        _delete(name, user, reason)
    for name in plan.moved_names:
        setattr(name, t, survivor)
        name.note = (name.note or f"from the merged record {loser.slug}")[:255]
        _save(name, user, reason)
    for alias in plan.new_aliases:
        _save(kind.name_model(**{t: survivor}, name=alias, note=f"preferred name of the merged record {loser.slug}"[:255]),
              user, reason)
    for membership in plan.memberships:
        setattr(membership, t, survivor)
        clash = Membership.objects.filter(
            person=membership.person, organisation=membership.organisation, role_title=membership.role_title
        ).exclude(pk=membership.pk)
        if clash.exists():
            _delete(membership, user, reason)
        else:
            _save(membership, user, reason)
    for relation in plan.relations:
        if relation.source_id == loser.pk:
            relation.source = survivor
        if relation.target_id == loser.pk:
            relation.target = survivor
        clash = OrganisationRelation.objects.filter(
            source=relation.source, kind=relation.kind, target=relation.target
        ).exclude(pk=relation.pk)
        if relation.source_id == relation.target_id or clash.exists():
            _delete(relation, user, reason)
        else:
            _save(relation, user, reason)
    for event in plan.events:
        getattr(event, kind.events_field).remove(loser)
        getattr(event, kind.events_field).add(survivor)
    if t == "place":
        if survivor.parent_id == loser.pk:
            survivor.parent = loser.parent
        for child in plan.children:
            if child.pk == survivor.pk:
                continue
            child.parent = survivor
            _save(child, user, reason)
        for document in plan.documents_written:
            document.place_written = survivor
            _save(document, user, reason)
    for mention in MentionSuggestion.objects.filter(**{t: loser}):
        if MentionSuggestion.objects.filter(document=mention.document_id, start=mention.start, end=mention.end,
                                            **{t: survivor}).exists():
            _delete(mention, user, reason)
        else:
            setattr(mention, t, survivor)
            _save(mention, user, reason)
    for suggestion in Suggestion.objects.filter(**{t: loser}):
        setattr(suggestion, t, survivor)
        _save(suggestion, user, reason)
    if isinstance(survivor, Person) and loser.is_private and not survivor.is_private:
        # Merging must never make a private person's mentions public.
        survivor.is_private = True
    _save(survivor, user, reason)
    # Citations of the duplicate keep working: its addresses now lead to the survivor, in
    # one hop however many renames and merges came before.
    PastSlug.objects.leading_to(loser).update(record_id=survivor.pk)
    PastSlug.objects.retire(loser, loser.slug, RetiredBecause.MERGED, record_id=survivor.pk)
    _delete(type(loser).objects.get(pk=loser.pk), user, reason)
    return plan
