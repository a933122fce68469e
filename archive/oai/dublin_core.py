"""A published document as simple Dublin Core (`oai_dc`).

Only what the public pages show: private people are left out, related documents are
listed only when published, and nothing is said in the archive's own voice.
"""

from archive.models import RoleKind

from .xml import sub

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

CREATOR_ROLES = (RoleKind.AUTHOR, RoleKind.CO_SIGNATORY)


def dc_fields(document, absolute) -> list[tuple[str, str]]:
    """(element, value) pairs in a stable order; `absolute` turns a path into a full URL."""
    roles = [role for role in document.roles.all() if role.is_public]
    fields = [("title", document.title)]
    fields += [("creator", role.entity.name) for role in roles if role.role in CREATOR_ROLES]
    fields += [("publisher", role.entity.name) for role in roles if role.role == RoleKind.PUBLISHER]
    fields += [("subject", topic.name) for topic in document.topics.all()]
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
    fields += [("relation", absolute(r.target.get_absolute_url())) for r in document.relations_out.all()]
    fields += [("relation", absolute(r.source.get_absolute_url())) for r in document.relations_in.all()]
    if document.place_written is not None:
        fields.append(("coverage", document.place_written.name))
    fields += [("coverage", role.entity.name) for role in roles if role.entity_type == "place"]
    return fields


def append_oai_dc(parent, document, absolute):
    dc = sub(
        parent, f"{{{OAI_DC_NS}}}dc",
        {"{http://www.w3.org/2001/XMLSchema-instance}schemaLocation": f"{OAI_DC_NS} {OAI_DC_SCHEMA}"},
    )
    for element, value in dc_fields(document, absolute):
        sub(dc, f"{{{DC_NS}}}{element}", text=value)
    return dc
