"""Public pages, one module per page family. Views read the request, call a selector, render."""

from .documents import document_citation, document_detail
from .entities import organisation_detail, person_detail, place_detail
from .names import name_suggestions
from .originals import original_file
from .search import document_list
from .pages import about, home, robots_txt, timeline, topic_detail, topic_list

__all__ = [
    "about", "document_citation", "document_detail", "document_list", "home", "name_suggestions", "organisation_detail", "original_file",
    "person_detail", "place_detail", "robots_txt", "timeline", "topic_detail", "topic_list",
]
