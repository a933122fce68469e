"""Dated events, each taken from one or more source documents (e.g. a cable's timeline)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.text import validate_no_control_characters
from simple_history.models import HistoricalRecords

from .base import DatedQuerySet, EDTFDated, SluggedModel, SlugManager
from .documents import Document
from .entities import Organisation, Person, Place
from .visibility import document_q


class EventQuerySet(DatedQuerySet):
    def visible_to(self, viewer):
        """Events are facts taken from documents: shown only while a source is visible."""
        sources = Document.objects.filter(document_q(viewer), events=models.OuterRef("pk"))
        return self.filter(models.Exists(sources))


class Event(SluggedModel, EDTFDated):
    title = models.CharField(_("title"), max_length=300, validators=[validate_no_control_characters])
    description = models.TextField(_("description"), blank=True, help_text=_("As the source tells it, attributed."), validators=[validate_no_control_characters])
    people = models.ManyToManyField(Person, blank=True, related_name="events", verbose_name=_("people"))
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("organisations")
    )
    places = models.ManyToManyField(Place, blank=True, related_name="events", verbose_name=_("places"))
    sources = models.ManyToManyField(Document, related_name="events", verbose_name=_("source documents"))

    objects = SlugManager.from_queryset(EventQuerySet)()
    history = HistoricalRecords(m2m_fields=[people, organisations, places, sources])

    class Meta:
        ordering = ["date_stated", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline") + f"#event-{self.slug}"
