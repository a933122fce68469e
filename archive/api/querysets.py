"""Named querysets for the API: each carries its own joins, so views never build them inline
and a list's query count stays the same whatever its size or nesting.

The models' own managers already provide `published()`, `public()`, `with_roles()` and
`with_names()`; what the API needs beyond those (relations in both directions, memberships,
counts of documents by role) is built here on top of them, always filtered through the
visibility rules in `archive.api.visibility`.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from archive.models import (
    DocumentRelation,
    Event,
    Membership,
    Organisation,
    OrganisationRelation,
    Place,
    RoleKind,
)

from .visibility import visible_documents, visible_people


def count_field(role: str) -> str:
    return f"documents_as_{role}"


def documents_for_list(queryset):
    return queryset.with_roles()


def documents_for_detail(queryset, user):
    """Roles, topics and place, plus relations to and from documents this user may see."""
    documents = visible_documents(user)
    return queryset.with_roles().prefetch_related(
        Prefetch(
            "relations_out",
            queryset=DocumentRelation.objects.filter(target__in=documents).select_related("target"),
        ),
        Prefetch(
            "relations_in",
            queryset=DocumentRelation.objects.filter(source__in=documents).select_related("source"),
        ),
        Prefetch("events", queryset=Event.objects.order_by("date_stated", "title")),
    )


def with_document_counts(queryset, user):
    """Annotate `documents_as_<role>` for every role kind, counting only visible documents."""
    documents = visible_documents(user)
    return queryset.annotate(
        **{
            count_field(kind): Count(
                "roles__document", filter=Q(roles__role=kind, roles__document__in=documents), distinct=True
            )
            for kind in RoleKind.values
        }
    )


def _memberships(user, select):
    return Membership.objects.filter(
        source_document__in=visible_documents(user), person__in=visible_people(user)
    ).select_related(*select, "source_document")


def people_for_list(queryset):
    return queryset.with_names()


def people_for_detail(queryset, user):
    return with_document_counts(queryset.with_names(), user).prefetch_related(
        Prefetch("memberships", queryset=_memberships(user, ["organisation"]))
    )


def organisations_for_list(queryset):
    return queryset.with_names()


def organisations_for_detail(queryset, user):
    documents = visible_documents(user)
    relations = OrganisationRelation.objects.filter(source_document__in=documents).select_related("source_document")
    return with_document_counts(queryset.with_names(), user).prefetch_related(
        Prefetch("memberships", queryset=_memberships(user, ["person"])),
        Prefetch("relations_out", queryset=relations.select_related("target")),
        Prefetch("relations_in", queryset=relations.select_related("source")),
    )


def places_for_list(queryset):
    return queryset.with_names().select_related("parent")


def places_for_detail(queryset, user):
    documents = visible_documents(user)
    return (
        with_document_counts(places_for_list(queryset), user)
        .annotate(documents_written_here_count=Count("documents_written_here", filter=Q(documents_written_here__in=documents), distinct=True))
        .prefetch_related(Prefetch("children", queryset=Place.objects.order_by("name")))
    )


def topics_with_counts(queryset, user):
    documents = visible_documents(user)
    return queryset.annotate(document_count=Count("documents", filter=Q(documents__in=documents), distinct=True))


def visible_events(queryset, user):
    """Events are facts taken from documents: shown only when a source is visible."""
    documents = visible_documents(user)
    return queryset.filter(Exists(documents.filter(events=OuterRef("pk"))))


def events_with_links(queryset, user):
    return queryset.prefetch_related(
        Prefetch("people", queryset=visible_people(user).order_by("name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("places", queryset=Place.objects.order_by("name")),
        Prefetch("sources", queryset=visible_documents(user).order_by("date_stated", "title")),
    )

