"""People, organisations and places, each with every variant of its name.

A record has one preferred name; every other spelling a source uses (acronym,
transliteration, translation, former name, a label its critics use) is a name row with its
kind and language. Names are compared by `archive.text.name_key`, so "Al-Maliki" and
"al-Maliki" are one name.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from nameparser import HumanName
from simple_history.models import HistoricalRecords

from archive.routes import slug_path
from archive.text import name_key, validate_no_control_characters

from .base import ChoiceLabels, SluggedModel, SlugManager
from .visibility import person_q

wikidata_validator = RegexValidator(re.compile(r"^Q[1-9][0-9]*$"), _("A Wikidata item id looks like Q12345."))


class NameKind(models.TextChoices):
    VARIANT = "variant", _("variant spelling")
    ACRONYM = "acronym", _("acronym")
    TRANSLITERATION = "transliteration", _("transliteration")
    TRANSLATION = "translation", _("translation")
    FORMER = "former", _("former name")
    LABEL = "label", _("label used by others")
    ORIGINAL = "original", _("name in original script")


class EntityQuerySet(models.QuerySet):
    def matching_name(self, text: str):
        """Records whose preferred name or any alias has the same folded key as `text`."""
        key = name_key(text)
        return self.filter(Q(name_key=key) | Q(names__key=key)).distinct()

    def with_names(self):
        return self.prefetch_related("names")

    def visible_to(self, viewer):
        """Organisations and places are public records; people override this."""
        return self.all()


class Entity(ChoiceLabels, SluggedModel):
    """What people, organisations and places have in common."""

    name = models.CharField(_("preferred name"), max_length=255, validators=[validate_no_control_characters])
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Neutral and sourced: say who says what, never in the archive's voice."),
        validators=[validate_no_control_characters],
    )
    wikidata_id = models.CharField(_("Wikidata item"), max_length=20, blank=True, validators=[wikidata_validator])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        # The API's Last-Modified reads the latest `updated_at` on every response.
        indexes = [models.Index(fields=["updated_at"], name="%(class)s_updated_at")]

    def __str__(self):
        return self.name

    def all_names(self):
        """The preferred name followed by every alias, each once."""
        return [self.name] + [n.name for n in self.names.all() if n.key != self.name_key]


class NameVariant(ChoiceLabels, models.Model):
    """One spelling of an entity's name, as some source writes it."""

    name = models.CharField(_("name"), max_length=255, validators=[validate_no_control_characters])
    key = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.VARIANT)
    language = models.CharField(_("language"), max_length=16, blank=True, help_text=_("BCP 47 code: en, fa, ar, fr…"))
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_no_control_characters])

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.entity.natural_key(), self.name)

    @property
    def entity(self):
        raise NotImplementedError

    def clean(self):
        self.key = name_key(self.name)
        if not self.key:
            raise ValidationError({"name": _("A name needs at least one letter or digit.")})
        if self.key == self.entity_name_key():
            raise ValidationError({"name": _("This is the preferred name (ignoring case, accents and punctuation).")})

    def entity_name_key(self) -> str:
        entity = self.entity
        return name_key(entity.name) if entity is not None else ""


class NameQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Names of records `viewer` may see (a private person's aliases stay private)."""
        if self.model._default_manager.entity_field == "person":
            return self.filter(person_q(viewer, "person__"))
        return self.all()


class NameManager(models.Manager.from_queryset(NameQuerySet)):
    entity_field = ""

    def get_by_natural_key(self, entity_slug, name):
        return self.get(**{f"{self.entity_field}__slug": entity_slug, "name": name})


def _unique_name(entity_field: str, model: str):
    return models.UniqueConstraint(
        fields=[entity_field, "key"],
        name=f"{model}_name_unique_per_record",
        violation_error_message=_("This record already has that name (ignoring case, accents and punctuation)."),
    )


class PersonQuerySet(EntityQuerySet):
    def public(self):
        """The one rule for who may be shown: private people never leave the admin."""
        return self.filter(person_q(None))

    def visible_to(self, viewer):
        return self.filter(person_q(viewer))


def propose_name_parts(name: str) -> tuple[str, str]:
    """(family name, given names) as `nameparser` reads a preferred name written given-first.

    Only a proposal: it knows Western name order and common particles ("bin Laden",
    "al-Maliki" stay whole), not every naming tradition, so curators correct it per person."""
    parsed = HumanName(name)
    family = " ".join(part for part in (parsed.last, parsed.suffix) if part)
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    if not family:
        # One word ("Khomeini"): a name a citation sorts by is a family name.
        family, given = given, ""
    return family, given


class Person(Entity):
    is_private = models.BooleanField(
        _("private individual"),
        default=False,
        help_text=_("Kept off public pages, the API and facets; document text is untouched."),
    )
    family_name = models.CharField(
        _("family name"),
        max_length=255,
        blank=True,
        help_text=_(
            "As citations sort it (“Sayyad Shirazi”, “al-Maliki”). Proposed from the preferred "
            "name when left empty with the given names; correct it where the proposal is wrong."
        ),
    )
    given_names = models.CharField(_("given names"), max_length=255, blank=True)

    objects = SlugManager.from_queryset(PersonQuerySet)()
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self):
        return slug_path("person-detail", self.slug)

    def save(self, *args, **kwargs):
        if not self.family_name and not self.given_names:
            self.family_name, self.given_names = propose_name_parts(self.name)
        super().save(*args, **kwargs)

    def name_parts(self) -> tuple[str, str]:
        """(family, given) as stored, or as proposed for a record loaded without them."""
        if self.family_name or self.given_names:
            return self.family_name, self.given_names
        return propose_name_parts(self.name)


class PersonNameManager(NameManager):
    entity_field = "person"


class PersonName(NameVariant):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")

    objects = PersonNameManager()
    history = HistoricalRecords()

    class Meta(NameVariant.Meta):
        verbose_name = _("name of a person")
        verbose_name_plural = _("names of people")
        constraints = [_unique_name("person", "person")]

    @property
    def entity(self):
        return self.person if self.person_id else None


class OrganisationKind(models.TextChoices):
    POLITICAL = "political", _("political organisation")
    ARMED = "armed", _("armed group")
    GOVERNMENT = "government", _("government or state body")
    MINISTRY = "ministry", _("ministry or department")
    LEGISLATURE = "legislature", _("legislature")
    NGO = "ngo", _("non-governmental organisation")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental body or UN agency")
    MEDIA = "media", _("media outlet or website")
    ACADEMIC = "academic", _("university or research body")
    OTHER = "other", _("other")


class Organisation(Entity):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)

    objects = SlugManager.from_queryset(EntityQuerySet)()
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def get_absolute_url(self):
        return slug_path("organisation-detail", self.slug)


class OrganisationNameManager(NameManager):
    entity_field = "organisation"


class OrganisationName(NameVariant):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="names")

    objects = OrganisationNameManager()
    history = HistoricalRecords()

    class Meta(NameVariant.Meta):
        verbose_name = _("name of an organisation")
        verbose_name_plural = _("names of organisations")
        constraints = [_unique_name("organisation", "organisation")]

    @property
    def entity(self):
        return self.organisation if self.organisation_id else None


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("province or region")
    CITY = "city", _("city or town")
    CAMP = "camp", _("camp or base")
    BUILDING = "building", _("building or site")
    OTHER = "other", _("other")


class Place(Entity):
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = SlugManager.from_queryset(EntityQuerySet)()
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            )
        ]

    def get_absolute_url(self):
        return slug_path("place-detail", self.slug)

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A place cannot be inside itself.")})
            ancestor = ancestor.parent

    def ancestors(self):
        chain, place = [], self.parent
        while place is not None and place not in chain:
            chain.append(place)
            place = place.parent
        return chain


class PlaceNameManager(NameManager):
    entity_field = "place"


class PlaceName(NameVariant):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")

    objects = PlaceNameManager()
    history = HistoricalRecords()

    class Meta(NameVariant.Meta):
        verbose_name = _("name of a place")
        verbose_name_plural = _("names of places")
        constraints = [_unique_name("place", "place")]

    @property
    def entity(self):
        return self.place if self.place_id else None
