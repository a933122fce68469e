"""Derived fields, kept right on every save path: forms, the ORM, and raw `loaddata` saves;
and the past addresses of records whose slug changes, however it is changed.

`loaddata` bypasses `Model.save()`, so the derivations live in `pre_save` handlers, which
it does send. A document's status and `published_at` are not derived: they change only
through `archive.publishing`; a fixture that loads a published document without its
first publication time gets the load time, by that module's rule. A slug can change in the
admin, through the API or in a command, so the past address is kept by a handler too rather
than by each of them. Whether a record was public before a write and is after it is read
once per write, by its model's `visible_to(PUBLIC)`: it decides the past addresses and the
public change log (`archive/models/changes.py`) that public responses' `Last-Modified` reads.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from archive.dates import parse_bounds
from archive.models.addresses import PastSlug, RetiredBecause
from archive.models.base import EDTFDated
from archive.models.changes import PublicChange
from archive.models.documents import Document
from archive.models.entities import Entity, NameVariant, Organisation, Person, Place
from archive.models.files import OriginalFile
from archive.models.visibility import PUBLIC, has_public_rule, is_public
from archive.models.vocab import Topic
from archive.originals import locate_paragraphs
from archive.publishing import stamp_first_publication
from archive.text import name_key


def _label(instance) -> str:
    natural = getattr(instance, "slug", "") or instance.pk or ""
    return f"{instance._meta.verbose_name} “{natural}”" if natural else str(instance._meta.verbose_name)


TIMESTAMP_FIELDS = ("created_at", "updated_at", "published_at")


def _keep_timestamps(model, instance):
    """auto_now(_add) is skipped on raw saves, and a fixture may leave timestamps out: keep
    the stored ones on a reload (so loading twice changes nothing), else use now."""
    missing = [f for f in TIMESTAMP_FIELDS if hasattr(instance, f) and getattr(instance, f) is None]
    if not missing:
        return
    stored = {}
    if instance.pk is not None:
        stored = model._default_manager.filter(pk=instance.pk).values(*missing).first() or {}
    for field_name in missing:
        value = stored.get(field_name)
        if value is None and field_name != "published_at":
            value = timezone.now()
        setattr(instance, field_name, value)


# Why a version saved by no curator was saved, for its history (django-simple-history reads
# `_change_reason`; `loaddata` sets many-to-many links after its raw save, and each link
# change is a version).
FIXTURE_CHANGE_REASON = "loaded from fixtures"


def _newlines_as_lf(instance):
    """Text as LF: browsers send a textarea's line breaks as CRLF, so a body saved unchanged
    in the admin would otherwise differ from the stored one in every line."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.TextField, models.CharField)) and not field.choices:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, value.replace("\r\n", "\n").replace("\r", "\n"))
def _locate_paragraphs(document: Document) -> None:
    """A curator's edit of a text read from a paged original keeps each paragraph's page
    (a paragraph added by hand, found on no page, has none)."""
    page_texts = (
        OriginalFile.objects.filter(document_id=document.pk).exclude(page_count=None)
        .order_by("order", "pk").values_list("page_texts", flat=True).first()
    )
    if page_texts:
        document.paragraph_pages = locate_paragraphs(document.paragraphs, page_texts)


@receiver(pre_save)
def derive_fields(sender, instance, raw=False, **kwargs):
    if raw:
        _keep_timestamps(sender, instance)
    if sender._meta.app_label == "archive":
        _newlines_as_lf(instance)
        if raw:
            instance._change_reason = FIXTURE_CHANGE_REASON
    if isinstance(instance, EDTFDated):
        try:
            instance.derive_date_bounds()
        except ValidationError as exc:
            # ValueError is what loaddata reports with the fixture and the record.
            raise ValueError(f"{_label(instance)}: {' '.join(exc.messages)}") from exc
    if isinstance(instance, Document):
        if instance.release_date_edtf:
            try:
                parse_bounds(instance.release_date_edtf)
            except ValidationError as exc:
                raise ValueError(f"{_label(instance)}: release date: {' '.join(exc.messages)}") from exc
        if raw:
            stamp_first_publication(instance)
        elif instance.pk is not None:
            _locate_paragraphs(instance)
    if isinstance(instance, Entity):
        instance.name_key = name_key(instance.name)
    if isinstance(instance, NameVariant):
        instance.key = name_key(instance.name)
        if not instance.key:
            raise ValueError(f"{_label(instance)}: a name needs at least one letter or digit.")
        if instance.key == instance.entity_name_key():
            raise ValueError(f"{_label(instance)} “{instance.name}” is the preferred name of {instance.entity.slug}.")


# --- What the public could see --------------------------------------------------------
# Whether a record was public before a save or delete and is after it, by its model's one
# rule (`is_public`, i.e. `visible_to(PUBLIC)`): read here once, for the public change log
# and the past addresses below. These receivers come first, so the others can read them.


def _has_public_rule(sender) -> bool:
    return sender._meta.app_label == "archive" and has_public_rule(sender)


@receiver(pre_save)
@receiver(pre_delete)
def note_public_before(sender, instance, **kwargs):
    if _has_public_rule(sender):
        instance._was_public = is_public(instance)


@receiver(post_save)
def note_public_after(sender, instance, **kwargs):
    if _has_public_rule(sender):
        instance._is_public = is_public(instance)
        if instance._was_public or instance._is_public:
            PublicChange.note(instance)


@receiver(post_delete)
def note_public_deletion(sender, instance, **kwargs):
    if _has_public_rule(sender) and getattr(instance, "_was_public", False):
        PublicChange.note(instance)


@receiver(m2m_changed)
def note_public_links(sender, instance, action, model, pk_set, **kwargs):
    """A link (a document's topics, an event's people and sources) is public when both of
    its ends are; a clear's ends are not listed, so a public record's clear counts."""
    if action not in ("post_add", "post_remove", "pre_clear") or not _has_public_rule(type(instance)):
        return
    if not is_public(instance):
        return
    if pk_set is not None and _has_public_rule(model):
        if not model._default_manager.visible_to(PUBLIC).filter(pk__in=pk_set).exists():
            return
    PublicChange.note(instance)


# --- Past addresses ---------------------------------------------------------------------

ADDRESSED_MODELS = (Document, Person, Organisation, Place, Topic)


@receiver(pre_save)
def note_retired_address(sender, instance, raw=False, **kwargs):
    """Remember the slug the row has before it changes."""
    if raw or sender not in ADDRESSED_MODELS:
        return
    instance._stored_slug = (
        sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if instance.pk is not None else None
    )


@receiver(post_save)
def keep_retired_address(sender, instance, created=False, raw=False, **kwargs):
    """Keep an address only readers could have cited (a draft's or a private person's slug
    was never public, so it is not kept); a public record taking an address ends its past life."""
    if raw or sender not in ADDRESSED_MODELS:
        return
    stored, was, now = instance._stored_slug, instance._was_public, instance._is_public
    renamed = stored is not None and stored != instance.slug
    if renamed and was:
        PastSlug.objects.retire(instance, stored, RetiredBecause.RENAMED)
    elif sender is Document and was and not now:
        # Harvesters learn of a withdrawn document as a deleted record.
        PastSlug.objects.retire(instance, instance.slug, RetiredBecause.WITHDRAWN)
    taken = stored is None or renamed or (sender is Document and not was and now)
    if taken and now:
        # A past slug never shadows a live one: a public record taking an address back
        # (a rename undone, a document published again) ends its past life.
        PastSlug.objects.of(sender).filter(slug=instance.slug).delete()
    instance._stored_slug = None


@receiver(post_delete)
def keep_deleted_address(sender, instance, **kwargs):
    """The record is gone: its past addresses lead nowhere, and its own becomes a tombstone
    (unless the merge service has already pointed it at a survivor)."""
    if sender not in ADDRESSED_MODELS:
        return
    PastSlug.objects.leading_to(instance).update(record_id=None)
    if instance._was_public and not PastSlug.objects.of(sender).filter(slug=instance.slug).exists():
        PastSlug.objects.retire(instance, instance.slug, RetiredBecause.DELETED, record_id=None)
