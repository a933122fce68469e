"""When public content last changed: the `Last-Modified` of every public response.

A row is written whenever a record that the public could see before or after a save or a
delete is saved or deleted (`archive/signals.py`, by `is_public()` of
`archive/models/visibility.py`). A curator's edit of a draft or of a private person writes
none, so public responses do not tell when unpublished work moves. The log is append-only:
writers never wait on each other for one row, and the latest entry is one index probe.
"""

from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicChangeQuerySet(models.QuerySet):
    def last_changed(self):
        """The time of the latest public change, or None before the first."""
        return self.aggregate(latest=Max("changed_at"))["latest"]


class PublicChange(models.Model):
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    # Which record, for whoever reads the log ("archive.document 12").
    record = models.CharField(_("record"), max_length=120, blank=True)

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")

    def __str__(self):
        return f"{self.record} at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def note(cls, instance) -> None:
        cls.objects.create(record=f"{instance._meta.label_lower} {instance.pk}"[:120])
