"""Name changes ask for a background re-scan (coalesced: `rescans`); a document whose
text changed loses the mention suggestions its new text no longer bears out at once, and is
scanned again for names and looked up again for shared text in the background."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from archive import registry
from archive.models import Document

from .mentions import drop_stale_mentions
from .rescans import request_rescan
from .tasks import queue_reuse_checks, scan_document_mentions


def name_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures: `scan_mentions` scans once after loading
    entity_type = registry.of_name_model(sender).key
    request_rescan(entity_type=entity_type, pk=getattr(instance, f"{entity_type}_id"))


def entity_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    # Only a new record or a new preferred name can change what the text matches.
    if created or getattr(instance, "tracker_name_changed", False):
        request_rescan(entity_type=registry.of_model(sender).key, pk=instance.pk)


def remember_name(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first() if instance.pk else None
    instance.tracker_name_changed = previous != instance.name


def remember_body(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    instance.previous_body = sender.objects.filter(pk=instance.pk).values_list("body", flat=True).first()


def body_saved(sender, instance, created, raw=False, **kwargs):
    previous = getattr(instance, "previous_body", None)
    if raw or created or previous is None or previous == instance.body:
        return
    drop_stale_mentions(instance)
    transaction.on_commit(partial(scan_document_mentions.enqueue, instance.pk))
    queue_reuse_checks([instance.pk])


def connect():
    from django.db.models.signals import pre_save

    pre_save.connect(remember_body, sender=Document, dispatch_uid="curation-document-body")
    post_save.connect(body_saved, sender=Document, dispatch_uid="curation-document-body-saved")

    for kind in registry.ENTITY_TYPES.values():
        names, model = kind.name_model, kind.model
        post_save.connect(name_changed, sender=names, dispatch_uid=f"curation-rescan-save-{names.__name__}")
        post_delete.connect(name_changed, sender=names, dispatch_uid=f"curation-rescan-delete-{names.__name__}")
        pre_save.connect(remember_name, sender=model, dispatch_uid=f"curation-name-{model.__name__}")
        post_save.connect(entity_saved, sender=model, dispatch_uid=f"curation-rescan-{model.__name__}")
