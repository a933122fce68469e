"""Sourced facts about organisations and people: relations between organisations and
memberships. Each cites the document that asserts it; the archive never asserts them itself."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from archive.text import validate_no_control_characters
from simple_history.models import HistoricalRecords

from .base import ChoiceLabels, EDTFDated
from .documents import Document
from .entities import Organisation, Person
from .visibility import document_q, person_q


class OrganisationRelationKind(models.TextChoices):
    PART_OF = "part_of", _("part of")
    FRONT_FOR = "front_for", _("front for")
    SUCCESSOR_OF = "successor_of", _("successor of")
    SPLIT_FROM = "split_from", _("split from")
    ALLIED_WITH = "allied_with", _("allied with")


ORGANISATION_INVERSE_LABELS = {
    OrganisationRelationKind.PART_OF: _("has part"),
    OrganisationRelationKind.FRONT_FOR: _("has as front"),
    OrganisationRelationKind.SUCCESSOR_OF: _("predecessor of"),
    OrganisationRelationKind.SPLIT_FROM: _("has split-off group"),
    OrganisationRelationKind.ALLIED_WITH: _("allied with"),
}


class OrganisationRelationQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Relations asserted by a document `viewer` may see: a claim shows only with its source."""
        return self.filter(document_q(viewer, "source_document__"))


class OrganisationRelationManager(models.Manager.from_queryset(OrganisationRelationQuerySet)):
    def get_by_natural_key(self, source_slug, kind, target_slug):
        return self.get(source__slug=source_slug, kind=kind, target__slug=target_slug)


class OrganisationRelation(ChoiceLabels, EDTFDated):
    source = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField(_("relation"), max_length=20, choices=OrganisationRelationKind.choices)
    target = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="relations_in")
    source_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="asserted_organisation_relations",
        verbose_name=_("asserted by"),
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_no_control_characters])

    objects = OrganisationRelationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("relation between organisations")
        verbose_name_plural = _("relations between organisations")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="organisation_relation_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="organisation_relation_not_self"),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self):
        return ORGANISATION_INVERSE_LABELS[self.kind]

    def natural_key(self):
        return (self.source.slug, self.kind, self.target.slug)

    natural_key.dependencies = ["archive.organisation", "archive.document"]


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Memberships of people `viewer` may see, asserted by documents `viewer` may see."""
        return self.filter(document_q(viewer, "source_document__") & person_q(viewer, "person__"))


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, person_slug, organisation_slug, role_title):
        return self.get(person__slug=person_slug, organisation__slug=organisation_slug, role_title=role_title)


class Membership(EDTFDated):
    """A person's place in an organisation, with EDTF dates (`1979/2003`), as a source says."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role_title = models.CharField(_("role"), max_length=200, blank=True, help_text=_("e.g. leader, member, director"), validators=[validate_no_control_characters])
    source_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="asserted_memberships", verbose_name=_("asserted by")
    )
    uncertain = models.BooleanField(_("uncertain"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[validate_no_control_characters])

    objects = MembershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "date_stated", "person"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation", "role_title"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.person} — {self.role_title or _('member')}, {self.organisation}"

    def natural_key(self):
        return (self.person.slug, self.organisation.slug, self.role_title)

    natural_key.dependencies = ["archive.person", "archive.organisation", "archive.document"]
