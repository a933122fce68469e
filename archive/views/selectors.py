"""The reads behind the public pages, each a fixed number of queries whatever the data size.

Pages are public: every read goes through the models' `visible_to(PUBLIC)`, the same reads
the API makes for an anonymous client, so what readers may see is decided in one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, Min, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from archive import registry
from archive.models import (
    Document,
    DocumentKind,
    DocumentRelation,
    Event,
    Membership,
    OrganisationRelation,
    Person,
    Role,
    RoleKind,
    Topic,
)
from archive.models.visibility import PUBLIC

# The order and headings of a record's documents on its page.
ROLE_SECTIONS = [
    (RoleKind.AUTHOR, _("Wrote")),
    (RoleKind.CO_SIGNATORY, _("Signed")),
    (RoleKind.RECIPIENT, _("Received")),
    (RoleKind.PUBLISHER, _("Published")),
    (RoleKind.MENTIONED, _("Mentioned in")),
]
ROLE_HEADINGS = {
    RoleKind.AUTHOR: _("Authors"),
    RoleKind.CO_SIGNATORY: _("Co-signatories"),
    RoleKind.RECIPIENT: _("Recipients"),
    RoleKind.PUBLISHER: _("Publishers"),
    RoleKind.MENTIONED: _("Mentioned"),
}


def published():
    return Document.objects.visible_to(PUBLIC)


# --- Documents -------------------------------------------------------------------------


@dataclass
class RelationGroup:
    label: str
    documents: list[Document]


@dataclass
class DocumentPage:
    document: Document
    roles: dict[str, list[Role]]
    relations: list[RelationGroup]
    related: list[Document]
    events: list[Event]
    part_of: list[Document] = field(default_factory=list)
    parts: list[Document] = field(default_factory=list)
    originals: list = field(default_factory=list)

    @property
    def paged_original(self):
        """The original the paragraphs' page numbers refer to: the first one with pages."""
        return next((o for o in self.originals if o.page_count), None)


def document_page(document: Document) -> DocumentPage:
    """Everything the document page shows beyond the record; `document` comes from
    `published().with_roles()`."""
    roles = defaultdict(list)
    for role in document.roles.all():
        roles[role.role].append(role)

    groups: dict[str, list[Document]] = {}
    relations = DocumentRelation.objects.visible_to(PUBLIC)
    outgoing = (
        relations.filter(source=document)
        .select_related("target")
        .order_by("kind", "target__date_stated", "target__title")
    )
    incoming = (
        relations.filter(target=document)
        .select_related("source")
        .order_by("kind", "source__date_stated", "source__title")
    )
    part_of, parts = [], []
    for relation in outgoing:
        groups.setdefault(str(relation.get_kind_display()).capitalize(), []).append(relation.target)
        if relation.kind == "contains":
            parts.append(relation.target)
    for relation in incoming:
        groups.setdefault(str(relation.inverse_label).capitalize(), []).append(relation.source)
        if relation.kind == "contains":
            part_of.append(relation.source)

    return DocumentPage(
        document=document,
        roles={kind: roles[kind] for kind in RoleKind.values if roles[kind]},
        relations=[RelationGroup(label, docs) for label, docs in groups.items()],
        related=related_documents(document),
        events=list(document.events.visible_to(PUBLIC).order_by("date_stated", "title")[:50]),
        part_of=part_of,
        parts=parts,
        originals=list(document.originals.only(
            "pk", "document_id", "filename", "media_type", "size", "sha256", "received_at", "page_count", "order"
        )),
    )


def related_documents(document: Document, limit: int = 6) -> list[Document]:
    """Published documents sharing the most public people, organisations and topics."""
    roles = [r for r in document.roles.all() if r.is_public]
    people = [r.person_id for r in roles if r.person_id]
    organisations = [r.organisation_id for r in roles if r.organisation_id]
    topics = [t.pk for t in document.topics.all()]
    if not (people or organisations or topics):
        return []
    shared = (
        Q(roles__person__in=Person.objects.visible_to(PUBLIC).filter(pk__in=people))
        | Q(roles__organisation_id__in=organisations)
        | Q(topics__in=topics)
    )
    return list(
        published()
        .exclude(pk=document.pk)
        .filter(shared)
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-date_stated", "title")[:limit]
    )


# --- People, organisations and places --------------------------------------------------


def role_counts(entity_field: str, entity) -> dict[str, int]:
    rows = (
        Role.objects.visible_to(PUBLIC).filter(**{entity_field: entity})
        .values("role")
        .annotate(n=Count("document", distinct=True))
        .order_by()
    )
    return {row["role"]: row["n"] for row in rows}


def documents_in_role(entity_field: str, entity, role: str):
    """Published documents in which `entity` plays `role`, oldest first, undated last."""
    return (
        published()
        .filter(pk__in=Role.objects.visible_to(PUBLIC).filter(**{entity_field: entity}, role=role).values("document"))
        .annotate(undated=Case(When(date_stated__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("undated", "date_stated", "title")
    )


def documents_written_at(place):
    return published().filter(place_written=place).order_by("date_stated", "title")


def documents_per_year(queryset) -> list[tuple[int, int]]:
    """(year, count) for dated documents in `queryset`, by the year their date states (the
    year a bar's link, `?year=`, lists)."""
    rows = (
        queryset.filter(date_stated__isnull=False)
        .annotate(year=ExtractYear("date_stated"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return [(row["year"], row["n"]) for row in rows]


def documents_of(entity_field: str, entity):
    """Published documents naming `entity` in any role (for a place, also written there)."""
    named = Q(pk__in=Role.objects.visible_to(PUBLIC).filter(**{entity_field: entity}).values("document"))
    if entity_field == "place":
        named |= Q(place_written=entity)
    return published().filter(named)


def memberships_of_person(person):
    return (
        Membership.objects.visible_to(PUBLIC).filter(person=person)
        .select_related("organisation", "source_document")
        .order_by("date_stated", "organisation__name")
    )


def members_of(organisation):
    return (
        Membership.objects.visible_to(PUBLIC).filter(organisation=organisation)
        .select_related("person", "source_document")
        .order_by("date_stated", "person__name")
    )


@dataclass
class OrganisationLink:
    label: str
    other: object
    relation: OrganisationRelation


def organisation_links(organisation) -> list[OrganisationLink]:
    """Relations to other organisations, read from this one's side, each with its source."""
    relations = OrganisationRelation.objects.visible_to(PUBLIC)
    outgoing = relations.filter(source=organisation)
    incoming = relations.filter(target=organisation)
    links = [
        OrganisationLink(str(r.get_kind_display()), r.target, r)
        for r in outgoing.select_related("target", "source_document")
    ]
    links += [
        OrganisationLink(str(r.inverse_label), r.source, r)
        for r in incoming.select_related("source", "source_document")
    ]
    return sorted(links, key=lambda link: (link.label, link.other.name))


def events_of(entity_field: str, entity, limit: int = 100):
    return Event.objects.visible_to(PUBLIC).filter(**{entity_field: entity}).order_by("date_stated", "title")[:limit]


# --- Home, topics, timeline ------------------------------------------------------------


@dataclass
class Overview:
    total: int
    by_kind: list[tuple[str, str, int]]
    earliest: object
    latest: object


def overview() -> Overview:
    rows = published().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    labels = dict(DocumentKind.choices)
    by_kind = [(row["kind"], labels.get(row["kind"], row["kind"]), row["n"]) for row in rows]
    # The span of the dates as stated, as the year chart draws it: "about January 2010" does
    # not make the archive start in 2008.
    span = published().aggregate(earliest=Min("date_stated"), latest=Max("date_stated"))
    return Overview(sum(n for _k, _l, n in by_kind), by_kind, span["earliest"], span["latest"])


def topics_with_counts():
    return Topic.objects.visible_to(PUBLIC).annotate(n=Count("documents", filter=Q(documents__in=published()))).order_by("name")


def timeline_items(person=None, organisation=None, place=None):
    """Dated events and published documents as one list ordered by date (a SQL UNION, so a
    page of it is two queries however long the timeline is)."""
    events = Event.objects.visible_to(PUBLIC).filter(date_stated__isnull=False)
    documents = published().filter(date_stated__isnull=False)
    for entity_field, entity in (("person", person), ("organisation", organisation), ("place", place)):
        if entity is None:
            continue
        events = events.filter(**{registry.entity_type(entity_field).events_field: entity})
        in_role = Role.objects.visible_to(PUBLIC).filter(**{entity_field: entity}).values("document")
        if entity_field == "place":
            documents = documents.filter(Q(pk__in=in_role) | Q(place_written=entity))
        else:
            documents = documents.filter(pk__in=in_role)
    columns = ("item", "slug", "title", "date_edtf", "date_stated")
    events = events.order_by().annotate(item=Value("event")).values(*columns)
    documents = documents.order_by().annotate(item=Value("document")).values(*columns)
    return events.union(documents, all=True).order_by("date_stated", "title")
