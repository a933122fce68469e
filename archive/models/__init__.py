"""The archive's records, one module per concept."""

from .addresses import PastSlug, RetiredBecause
from .changes import PublicChange
from .documents import (
    INVERSE_LABELS,
    Document,
    DocumentKind,
    DocumentRelation,
    DocumentRelationKind,
    Role,
    RoleKind,
    Status,
)
from .entities import (
    NameKind,
    Organisation,
    OrganisationKind,
    OrganisationName,
    Person,
    PersonName,
    Place,
    PlaceKind,
    PlaceName,
)
from .events import Event
from .files import Extraction, OriginalFile, TextSource
from .links import Membership, OrganisationRelation, OrganisationRelationKind
from .vocab import TextDirection, Topic

__all__ = [
    "INVERSE_LABELS", "Document", "DocumentKind", "DocumentRelation", "DocumentRelationKind", "Event",
    "Extraction", "Membership", "NameKind", "OriginalFile", "Organisation", "OrganisationKind", "OrganisationName",
    "OrganisationRelation", "OrganisationRelationKind", "PastSlug", "Person", "PersonName", "Place", "PlaceKind",
    "PlaceName", "PublicChange", "Role", "RoleKind", "RetiredBecause", "Status", "TextDirection", "TextSource", "Topic",
]
