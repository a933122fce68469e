"""Finding and creating people, organisations and places from a name as a page writes it."""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import slugify

from archive import registry
from archive.models import Topic
from archive.text import name_key

from .pages import clean_name


def unique_slug(model, text: str, fallback: str = "record", exclude_pk=None) -> str:
    base = (slugify(text) or slugify(fallback) or "record")[:100].strip("-")
    slug, n = base, 1
    taken = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def find_entities(entity_type: str, *names: str) -> list:
    """Records any of whose names has the key of one of `names`, trying them in order;
    for people, a lone surname ("Ms. Clinton" → "Clinton") matches one record's last name."""
    model = registry.entity_type(entity_type).model
    for name in names:
        if name and name_key(name):
            found = list(model.objects.matching_name(name)[:5])
            if found:
                return found
    if entity_type == "person":
        for name in names:
            key = name_key(clean_name(name or ""))
            if key and " " not in key:
                found = list(
                    model.objects.filter(Q(name_key__endswith=f" {key}") | Q(names__key__endswith=f" {key}"))
                    .distinct()[:5]
                )
                if len(found) == 1:
                    return found
    return []


def kind_of_name(name: str) -> str | None:
    """Whether a name is a known person, organisation or place (the first that matches)."""
    for entity_type in ("place", "organisation", "person"):
        if find_entities(entity_type, name):
            return entity_type
    return None


def find_or_create_entity(entity_type: str, name: str, user=None, note: str = ""):
    """The record with this name, or a new one (a new record is what the curator accepted)."""
    found = find_entities(entity_type, name)
    if found:
        return found[0], False
    model = registry.entity_type(entity_type).model
    record = model(name=name, slug=unique_slug(model, name, entity_type))
    record._history_user = user
    record._change_reason = note or "Created from an import suggestion"
    record.save()
    return record, True


def find_or_create_topic(name: str) -> Topic:
    topic = Topic.objects.filter(name__iexact=name).first() or Topic.objects.filter(slug=slugify(name)).first()
    if topic is None:
        topic = Topic.objects.create(name=name, slug=unique_slug(Topic, name, "topic"))
    return topic
