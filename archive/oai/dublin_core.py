"""A published document as simple Dublin Core (`oai_dc`).

Only what the public pages show: private people are left out, related documents are
listed only when published, and nothing is said in the archive's own voice.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from archive.models import DocumentRelation, Role, RoleKind, Topic
from archive.models.visibility import PUBLIC
from archive.routes import slug_path

from .xml import text

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

CREATOR_ROLES = (RoleKind.AUTHOR, RoleKind.CO_SIGNATORY)


@dataclass
class Links:
    """What a document's record says of its people, organisations, places, topics and
    related documents, as Dublin Core names them: (role, record type, name) of the public
    roles, (slug, name) of the topics, and the slugs of the related published documents."""

    roles: list[tuple[str, str, str]] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def read_links(documents) -> dict[int, Links]:
    """{document id: its `Links}` for `documents` (a page of records), in three queries of
    plain rows. Read as model objects through `prefetch_related`, the few hundred roles,
    records and topics of a page of a hundred records took longer than the rest of the
    answer together."""
    links = {document.pk: Links() for document in documents}
    ids = list(links)
    roles = Role.objects.filter(document_id__in=ids).order_by("document_id", "role", "order", "pk").values_list(
        "document_id", "role", "person__name", "person__is_private", "organisation__name", "place__name")
    for document_id, role, person, private, organisation, place in roles:
        if private:
            continue  # a private person is named nowhere public (see `Role.is_public`)
        kind, name = ("person", person) if person is not None else (
            ("organisation", organisation) if organisation is not None else ("place", place))
        links[document_id].roles.append((role, kind, name))
    for document_id, slug, name in Topic.objects.filter(documents__in=ids).values_list("documents", "slug", "name"):
        links[document_id].topics.append((slug, name))
    # Both directions in one query: the ones from the document first, then the ones to it,
    # each in the relations' own order.
    relations = DocumentRelation.objects.visible_to(PUBLIC).filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    rows = list(relations.values_list("source_id", "target_id", "source__slug", "target__slug"))
    for source, _target, _source_slug, target_slug in rows:
        if source in links:
            links[source].related.append(target_slug)
    for _source, target, source_slug, _target_slug in rows:
        if target in links:
            links[target].related.append(source_slug)
    return links


def dc_fields(document, links: Links, absolute) -> list[tuple[str, str]]:
    """(element, value) pairs in a stable order; `absolute` turns a path into a full URL."""
    roles = links.roles
    fields = [("title", document.title)]
    fields += [("creator", name) for role, _kind, name in roles if role in CREATOR_ROLES]
    fields += [("publisher", name) for role, _kind, name in roles if role == RoleKind.PUBLISHER]
    fields += [("subject", name) for _slug, name in links.topics]
    if document.summary:
        fields.append(("description", document.summary))
    if document.date_edtf:
        fields.append(("date", document.date_edtf))
    fields += [("type", "Text"), ("type", document.get_kind_display())]
    fields.append(("format", "text/plain"))
    fields.append(("identifier", absolute(document.get_absolute_url())))
    if document.language:
        fields.append(("language", document.language))
    if document.source_url or document.source_title:
        fields.append(("source", document.source_url or document.source_title))
    fields += [("relation", absolute(slug_path("document-detail", slug))) for slug in links.related]
    if document.place_written is not None:
        fields.append(("coverage", document.place_written.name))
    fields += [("coverage", name) for _role, kind, name in roles if kind == "place"]
    return fields


def oai_dc(document, links: Links, absolute) -> str:
    """The document's `oai_dc:dc` element, as markup (see `xml.Markup`)."""
    elements = "".join(f"<dc:{name}>{text(value)}</dc:{name}>" for name, value in dc_fields(document, links, absolute))
    return (f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{DC_NS}" '
            f'xsi:schemaLocation="{OAI_DC_NS} {OAI_DC_SCHEMA}">{elements}</oai_dc:dc>')
