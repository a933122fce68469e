"""Pieces every archive model shares: slugs as natural keys, EDTF-dated records, and the
labels of choices."""

import functools

from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from archive.dates import parse_bounds, validate_edtf

SLUG_HELP = _("Stable address of the record; never change it once published.")


class ChoiceLabels:
    """`get_<field>_display()` from a table made once per field. Django's own builds the
    field's whole mapping of choices again on each call, hashing every lazy label (about
    0.2 ms): a list of a hundred documents showing each one's kind spent 20 ms on it. The
    table holds the lazy labels, so each call still answers in the current language."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(value, value), strings_only=True)


@functools.cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


class SlugManager(models.Manager):
    """Looks records up by slug, so fixtures can refer to them by a stable name."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=SLUG_HELP)

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class EDTFDated(models.Model):
    """A record with an EDTF date, its derived lower and upper bounds, and the day it names.

    The derived fields are never edited: `archive.signals` derives them on every save,
    including raw saves by `loaddata`, so they can be trusted. Range filters read the bounds
    (widened for approximate and uncertain dates); ordering, years and spans read
    `date_stated` (see `archive.dates.DateBounds`).
    """

    date_edtf = models.CharField(
        _("date (EDTF)"),
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text=_("e.g. 2014-10-16, 2011-05, 2009/2013, 2010-01~ (approximate), 2011? (uncertain)."),
    )
    date_lower = models.DateField(_("earliest possible day"), null=True, blank=True, editable=False, db_index=True)
    date_upper = models.DateField(_("latest possible day"), null=True, blank=True, editable=False, db_index=True)
    date_stated = models.DateField(
        _("date as stated"), null=True, blank=True, editable=False, db_index=True,
        help_text=_("The first day the date names, without the widening of ~ and ?: for ordering and years."),
    )

    class Meta:
        abstract = True

    def derive_date_bounds(self):
        bounds = parse_bounds(self.date_edtf)
        self.date_lower, self.date_upper, self.date_stated = bounds.lower, bounds.upper, bounds.stated

    @property
    def date_meaning(self) -> str:
        from archive.dates import describe

        return describe(self.date_edtf)


class DatedQuerySet(models.QuerySet):
    def in_date_range(self, start=None, end=None):
        """Records whose possible dates overlap [start, end]: `2011-05` is inside 2011, and a
        missing bound is open (`1979/` reaches any later date). The in-memory search columns
        apply the same rule (a test holds them together)."""
        qs = self
        if start is not None:
            qs = qs.filter(Q(date_upper__gte=start) | Q(date_upper__isnull=True, date_lower__isnull=False))
        if end is not None:
            qs = qs.filter(Q(date_lower__lte=end) | Q(date_lower__isnull=True, date_upper__isnull=False))
        return qs


class LinksOneEntity:
    """For rows that point at exactly one of a person, an organisation or a place (roles,
    mention suggestions): which one, and of what type."""

    @property
    def entity(self):
        return self.person or self.organisation or self.place

    @property
    def entity_type(self) -> str:
        return "person" if self.person_id else "organisation" if self.organisation_id else "place"
