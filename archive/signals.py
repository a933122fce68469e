"""Derived fields, kept right on every save path: forms, the ORM, and raw `loaddata` saves.

`loaddata` bypasses `Model.save()`, so the derivations live in `pre_save` handlers, which
it does send.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from archive.dates import parse_bounds
from archive.models.base import EDTFDated
from archive.models.documents import Document, Status
from archive.models.entities import Entity, NameVariant
from archive.models.files import OriginalFile
from archive.originals import locate_paragraphs
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
        if instance.status == Status.PUBLISHED and instance.published_at is None:
            instance.published_at = timezone.now()
        if not raw and instance.pk is not None:
            _locate_paragraphs(instance)
    if isinstance(instance, Entity):
        instance.name_key = name_key(instance.name)
    if isinstance(instance, NameVariant):
        instance.key = name_key(instance.name)
        if not instance.key:
            raise ValueError(f"{_label(instance)}: a name needs at least one letter or digit.")
        if instance.key == instance.entity_name_key():
            raise ValueError(f"{_label(instance)} “{instance.name}” is the preferred name of {instance.entity.slug}.")
