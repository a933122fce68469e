"""Named querysets for the API: each carries its own joins, so views never build them inline
and a list's query count stays the same whatever its size or nesting.

Visibility is not decided here: every nested list reads through the models' own
`visible_to(user)`, the same reads the public pages make for an anonymous reader.
"""

from django.db.models import Count, Prefetch, Q

from archive.models import (
    Document,
    DocumentRelation,
    Event,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Place,
    RoleKind,
)


def count_field(role: str) -> str:
    return f"documents_as_{role}"


def documents_for_list(queryset):
    return queryset.with_roles().without_long_texts()


def documents_for_detail(queryset, user):
    """Roles, topics and place, plus relations to and from documents this user may see."""
    relations = DocumentRelation.objects.visible_to(user)
    return queryset.with_roles().prefetch_related(
        Prefetch("relations_out", queryset=relations.select_related("target")),
        Prefetch("relations_in", queryset=relations.select_related("source")),
        Prefetch("events", queryset=Event.objects.visible_to(user).order_by("date_stated", "title")),
    )


def with_document_counts(queryset, user):
    """Annotate `documents_as_<role>` for every role kind, counting only visible documents."""
    documents = Document.objects.visible_to(user)
    return queryset.annotate(
        **{
            count_field(kind): Count(
                "roles__document", filter=Q(roles__role=kind, roles__document__in=documents), distinct=True
            )
            for kind in RoleKind.values
        }
    )


def _memberships(user, select):
    return Membership.objects.visible_to(user).select_related(*select, "source_document")


def people_for_list(queryset):
    return queryset.with_names()


def people_for_detail(queryset, user):
    return with_document_counts(queryset.with_names(), user).prefetch_related(
        Prefetch("memberships", queryset=_memberships(user, ["organisation"]))
    )


def organisations_for_list(queryset):
    return queryset.with_names()


def organisations_for_detail(queryset, user):
    relations = OrganisationRelation.objects.visible_to(user).select_related("source_document")
    return with_document_counts(queryset.with_names(), user).prefetch_related(
        Prefetch("memberships", queryset=_memberships(user, ["person"])),
        Prefetch("relations_out", queryset=relations.select_related("target")),
        Prefetch("relations_in", queryset=relations.select_related("source")),
    )


def places_for_list(queryset):
    return queryset.with_names().select_related("parent")


def places_for_detail(queryset, user):
    documents = Document.objects.visible_to(user)
    return (
        with_document_counts(places_for_list(queryset), user)
        .annotate(documents_written_here_count=Count("documents_written_here", filter=Q(documents_written_here__in=documents), distinct=True))
        .prefetch_related(Prefetch("children", queryset=Place.objects.visible_to(user).order_by("name")))
    )


def topics_with_counts(queryset, user):
    documents = Document.objects.visible_to(user)
    return queryset.annotate(document_count=Count("documents", filter=Q(documents__in=documents), distinct=True))


def events_with_links(queryset, user):
    return queryset.prefetch_related(
        Prefetch("people", queryset=Person.objects.visible_to(user).order_by("name")),
        Prefetch("organisations", queryset=Organisation.objects.visible_to(user).order_by("name")),
        Prefetch("places", queryset=Place.objects.visible_to(user).order_by("name")),
        Prefetch("sources", queryset=Document.objects.visible_to(user).order_by("date_stated", "title")),
    )
