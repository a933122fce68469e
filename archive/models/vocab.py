"""Curated vocabularies: topics, and the language codes documents are written in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.routes import slug_path
from archive.text import validate_no_control_characters
from simple_history.models import HistoricalRecords

from .base import SluggedModel, SlugManager

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ku", "ps", "ur", "yi", "ckb"})


class TextDirection(models.TextChoices):
    LTR = "ltr", _("left to right")
    RTL = "rtl", _("right to left")


def direction_of(language_code: str) -> str:
    primary = (language_code or "").split("-")[0].lower()
    return TextDirection.RTL if primary in RTL_LANGUAGES else TextDirection.LTR


class TopicQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Topics are the curators' public vocabulary."""
        return self.all()


class Topic(SluggedModel):
    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_no_control_characters])
    description = models.TextField(_("description"), blank=True, validators=[validate_no_control_characters])

    objects = SlugManager.from_queryset(TopicQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_path("topic-detail", self.slug)
