"""The kinds of record a document names — people, organisations and places — in one table.

Everything that treats the three alike reads this table rather than a dictionary of its
own: the importer and the mention scan (which model, which names), merging (which fields
point at a record), the API (the `entity_type` values it accepts) and the public pages
(which records a reader may filter by). The models themselves (`LinksOneEntity` and the
three foreign keys on each linking row) come before this table and name the three kinds
directly.

`key` is also the name of the field on every row that links exactly one of them (roles,
mention and import suggestions: `person`, `organisation`, `place`), and the value of
`entity_type` in the API and in exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from archive.models import Organisation, OrganisationName, Person, PersonName, Place, PlaceName


@dataclass(frozen=True)
class EntityType:
    key: str  # "person": the linking field on roles and suggestions, the API's entity_type
    model: type[models.Model]
    name_model: type[models.Model]  # its other names; their link back is the field `key`
    events_field: str  # the many-to-many on Event ("people")

    def visible_to(self, viewer) -> models.QuerySet:
        """The records `viewer` may see (`archive.models.visibility`; pages pass PUBLIC)."""
        return self.model.objects.visible_to(viewer)

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> str:
        return self.model._meta.verbose_name_plural

    @property
    def admin_name(self) -> str:
        """The model's name in admin URL names (`admin:archive_person_changelist`)."""
        return self.model._meta.model_name


ENTITY_TYPES: dict[str, EntityType] = {
    t.key: t
    for t in (
        EntityType("person", Person, PersonName, "people"),
        EntityType("organisation", Organisation, OrganisationName, "organisations"),
        EntityType("place", Place, PlaceName, "places"),
    )
}
KEYS: tuple[str, ...] = tuple(ENTITY_TYPES)
_BY_MODEL = {t.model: t for t in ENTITY_TYPES.values()}
_BY_NAME_MODEL = {t.name_model: t for t in ENTITY_TYPES.values()}


def entity_type(key: str) -> EntityType:
    """The entry for `key`; KeyError for anything that is not a kind of record."""
    return ENTITY_TYPES[key]


def of_model(model: type[models.Model]) -> EntityType:
    """The entry for a person, organisation or place model (or one of its records' types)."""
    return _BY_MODEL[model]


def of_name_model(model: type[models.Model]) -> EntityType:
    return _BY_NAME_MODEL[model]
