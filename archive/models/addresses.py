"""Addresses that never die: the slugs a record answered to before, kept as records.

A published document, a person, an organisation, a place or a topic is cited by its address.
When its slug changes, or when it is merged into another record, the old address keeps
answering with a permanent redirect to the record it now leads to; a published document
that is deleted or withdrawn stays known to OAI-PMH harvesters as a deleted record.

One row per retired address: the record type (its model label, e.g. `archive.person`),
the old slug, and the record it now leads to, by primary key, so a chain of renames
resolves in one hop. `record_id` is empty once the record itself is gone (a tombstone).

Rows are written by `archive.signals` (renames, withdrawals, deletions, on every save path)
and by the merge service (`archive.curation.merging`), which moves a loser's addresses to
the survivor. Reads go through `PastSlugQuerySet`; a live record's slug always wins over a
past one, and a past slug leads only to a record the reader may see.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def model_label(model) -> str:
    return model._meta.label_lower


class RetiredBecause(models.TextChoices):
    RENAMED = "renamed", _("the record's slug changed")
    MERGED = "merged", _("the record was merged into another")
    WITHDRAWN = "withdrawn", _("the document was unpublished")
    DELETED = "deleted", _("the record was deleted")


class PastSlugQuerySet(models.QuerySet):
    def of(self, model):
        return self.filter(model=model_label(model))

    def leading_to(self, record):
        return self.of(type(record)).filter(record_id=record.pk)

    def record_id_for(self, model, slug: str) -> int | None:
        """The primary key `slug` now leads to, or None (unknown slug, or a tombstone)."""
        return self.of(model).filter(slug=slug).values_list("record_id", flat=True).first()

    def retire(self, record, slug: str, because: str, *, record_id=models.NOT_PROVIDED):
        """Keep `slug` as a past address of `record` (or of nothing, for a tombstone).

        A later event for the same address replaces the earlier one: an address that led to
        a merged record, then to its survivor, leads to the survivor only."""
        target = record.pk if record_id is models.NOT_PROVIDED else record_id
        return self.update_or_create(
            model=model_label(type(record)), slug=slug,
            defaults={"record_id": target, "because": because, "retired_at": timezone.now()},
        )[0]


class PastSlug(models.Model):
    model = models.CharField(_("record type"), max_length=100, help_text=_("Model label, e.g. archive.person."))
    slug = models.SlugField(_("past slug"), max_length=120)
    record_id = models.PositiveBigIntegerField(_("record it leads to"), null=True, blank=True)
    because = models.CharField(_("retired because"), max_length=10, choices=RetiredBecause.choices)
    retired_at = models.DateTimeField(_("retired at"), default=timezone.now, db_index=True)

    objects = PastSlugQuerySet.as_manager()

    class Meta:
        ordering = ["retired_at", "pk"]
        verbose_name = _("past slug")
        verbose_name_plural = _("past slugs")
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="past_slug_unique_per_type")]
        indexes = [models.Index(fields=["model", "record_id"], name="past_slug_record")]

    def __str__(self):
        return f"{self.model}:{self.slug} → {self.record_id or '—'}"
