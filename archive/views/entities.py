"""Pages for people, organisations and places: names, sourced facts, and their documents."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive import registry
from archive.models import NameKind, Organisation, Person, Place
from archive.models.visibility import PUBLIC

from . import charts, selectors
from .base import page_of, record_at, render_page, wants_fragment

PER_SECTION = 20
WRITTEN_HERE = _("Written here")


class DocumentSection:
    """One role's documents on a record's page, paged on its own (`?author=2`)."""

    def __init__(self, key, label, page):
        self.key, self.label, self.page = key, label, page


def _sections(request, documents: selectors.RecordDocuments):
    labels = {selectors.WRITTEN: WRITTEN_HERE, **dict(selectors.ROLE_SECTIONS)}
    return [
        DocumentSection(key, labels[key], page_of(request, listed, PER_SECTION, key))
        for key, listed in documents.sections.items()
    ]


def _entity_page(request, entity_field, entity, extra):
    documents = selectors.RecordDocuments(entity_field, entity)
    sections = _sections(request, documents)
    section_key = request.GET.get("section", "")
    if wants_fragment(request) and section_key:
        # "Load more" on one section: only that section's next items.
        section = next((s for s in sections if s.key == section_key), None)
        if section is not None:
            return render_page(
                request, "archive/entity_detail.html", {"entity": entity, "section": section, "entity_type": entity_field},
                partial="section_items",
            )
    years = documents.per_year
    search_url = f"{reverse('document-list')}?{entity_field}={entity.slug}"
    chart = charts.year_chart(years, lambda year: f"{search_url}&year={year}")
    context = {
        "entity": entity,
        "entity_type": entity_field,
        "names": [n for n in entity.names.all() if n.key != entity.name_key],
        "sections": sections,
        "years": years,
        "chart": chart,
        "search_url": search_url,
        "events": selectors.events_of(registry.entity_type(entity_field).events_field, entity),
        **extra,
    }
    return render_page(request, "archive/entity_detail.html", context)


def person_detail(request, slug):
    person, redirect = record_at(request, Person.objects.visible_to(PUBLIC).with_names(), slug)
    if redirect:
        return redirect
    return _entity_page(request, "person", person, {"memberships": selectors.memberships_of_person(person)})


def organisation_detail(request, slug):
    organisation, redirect = record_at(request, Organisation.objects.visible_to(PUBLIC).with_names(), slug)
    if redirect:
        return redirect
    extra = {"members": selectors.members_of(organisation), "links": selectors.organisation_links(organisation)}
    return _entity_page(request, "organisation", organisation, extra)


def place_detail(request, slug):
    place, redirect = record_at(request, Place.objects.visible_to(PUBLIC).with_names().select_related("parent__parent__parent"), slug)
    if redirect:
        return redirect
    extra = {
        "ancestors": place.ancestors(),
        "children": place.children.order_by("name"),
        "former_names": [n for n in place.names.all() if n.kind == NameKind.FORMER],
    }
    return _entity_page(request, "place", place, extra)
