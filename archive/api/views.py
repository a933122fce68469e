"""API views: thin viewsets that pick a named queryset and a serializer per use.

Reads go through the models' `visible_to(user)` (published documents, non-private people for
everyone but curators); writes need Django model permissions and are recorded in the
change history with the user who made them. A detail asked for at a renamed or merged
record's old slug answers 301 to the record's current address (`archive.moved`).
"""

from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from archive import moved
from archive.models import Document, Event, Organisation, Person, Place, Topic
from archive.models.visibility import sees_drafts, sees_private_people
from archive.versions import lock
from archive.views import selectors

from . import querysets
from .conditional import ConditionalGetMixin, check_if_match, etag_of
from .filters import (
    DocumentFilterBackend,
    EventFilter,
    OrganisationFilter,
    PersonFilter,
    PlaceFilter,
    StrictFilterBackend,
    TopicFilter,
    check_query_string,
)
from .pagination import ArchivePagination
from .parsers import refuse_nul_characters
from .serializers import documents, entities, writes


def _crud_schema(list_serializer, detail_serializer, write_serializer, noun):
    return extend_schema_view(
        list=extend_schema(summary=f"List {noun}", responses=list_serializer),
        retrieve=extend_schema(summary=f"One {noun[:-1] if noun.endswith('s') else noun} in full", responses=detail_serializer),
        create=extend_schema(summary="Create (curators)", request=write_serializer, responses={201: detail_serializer}),
        update=extend_schema(summary="Replace (curators)", request=write_serializer, responses=detail_serializer),
        partial_update=extend_schema(summary="Update (curators)", request=write_serializer, responses=detail_serializer),
        destroy=extend_schema(summary="Delete (curators)"),
    )


class ArchiveViewSet(ConditionalGetMixin, viewsets.ModelViewSet):
    lookup_field = "slug"
    # Any segment reaches the view, so a malformed slug gets the API's JSON 404 rather
    # than the site's HTML page.
    lookup_value_regex = r"[^/]+"
    pagination_class = ArchivePagination
    filter_backends = [StrictFilterBackend]
    list_serializer_class = None
    detail_serializer_class = None
    write_serializer_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action != "list":
            # Lists check their parameters in the filter backend, with their filters known.
            check_query_string(request, {"format"})
        if request.method in ("POST", "PUT", "PATCH"):
            refuse_nul_characters(request.data)

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.detail_serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_private_people"] = sees_private_people(self.request.user)
        return context

    def base_queryset(self):
        raise NotImplementedError

    def list_queryset(self, queryset):
        return queryset

    def detail_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.action == "list":
            return self.list_queryset(queryset)
        if self.action == "retrieve":
            return self.detail_queryset(queryset)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # A renamed or merged record's old address leads to it, if this reader may see it.
            location = moved.new_location(request, self.base_queryset(), kwargs[self.lookup_field])
            if location is None:
                raise
            return HttpResponsePermanentRedirect(location)

    def read_back(self, instance):
        """The record as a reader of its detail would now see it."""
        fresh = self.detail_queryset(self.base_queryset()).get(pk=instance.pk)
        return self.detail_serializer_class(fresh, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        location = reverse(f"api:{instance._meta.model_name}-detail", kwargs={"slug": instance.slug}, request=request)
        return Response(self.read_back(instance), status=status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            check_if_match(request, lambda: self.current_etag(lock(instance)))
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            return Response(self.read_back(serializer.save()))

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            check_if_match(request, lambda: self.current_etag(lock(instance)))
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def current_etag(self, instance) -> str:
        """The ETag a GET of this record's detail (as JSON) answers this user now."""
        return etag_of(JSONRenderer().render(self.read_back(instance)))


@_crud_schema(documents.DocumentListSerializer, documents.DocumentDetailSerializer, writes.DocumentWriteSerializer, "documents")
class DocumentViewSet(ArchiveViewSet):
    """Documents: published ones for everyone, drafts too for curators."""

    filter_backends = [DocumentFilterBackend]
    list_serializer_class = documents.DocumentListSerializer
    detail_serializer_class = documents.DocumentDetailSerializer
    write_serializer_class = writes.DocumentWriteSerializer

    def base_queryset(self):
        return Document.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        # Ordered by the filters (`sort`), as on the search page.
        return querysets.documents_for_list(queryset)

    def detail_queryset(self, queryset):
        return querysets.documents_for_detail(queryset, self.request.user)


@_crud_schema(entities.PersonListSerializer, entities.PersonDetailSerializer, writes.PersonWriteSerializer, "people")
class PersonViewSet(ArchiveViewSet):
    """People named in the documents; private individuals are never shown to readers."""

    filterset_class = PersonFilter
    list_serializer_class = entities.PersonListSerializer
    detail_serializer_class = entities.PersonDetailSerializer
    write_serializer_class = writes.PersonWriteSerializer

    def base_queryset(self):
        return Person.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        return querysets.people_for_list(queryset).order_by("name", "pk")

    def detail_queryset(self, queryset):
        return querysets.people_for_detail(queryset, self.request.user)


@_crud_schema(
    entities.OrganisationListSerializer, entities.OrganisationDetailSerializer, writes.OrganisationWriteSerializer,
    "organisations",
)
class OrganisationViewSet(ArchiveViewSet):
    filterset_class = OrganisationFilter
    list_serializer_class = entities.OrganisationListSerializer
    detail_serializer_class = entities.OrganisationDetailSerializer
    write_serializer_class = writes.OrganisationWriteSerializer

    def base_queryset(self):
        return Organisation.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        return querysets.organisations_for_list(queryset).order_by("name", "pk")

    def detail_queryset(self, queryset):
        return querysets.organisations_for_detail(queryset, self.request.user)


@_crud_schema(entities.PlaceListSerializer, entities.PlaceDetailSerializer, writes.PlaceWriteSerializer, "places")
class PlaceViewSet(ArchiveViewSet):
    filterset_class = PlaceFilter
    list_serializer_class = entities.PlaceListSerializer
    detail_serializer_class = entities.PlaceDetailSerializer
    write_serializer_class = writes.PlaceWriteSerializer

    def base_queryset(self):
        return Place.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        return querysets.places_for_list(queryset).order_by("name", "pk")

    def detail_queryset(self, queryset):
        return querysets.places_for_detail(queryset, self.request.user)


@_crud_schema(entities.TopicSerializer, entities.TopicSerializer, writes.TopicWriteSerializer, "topics")
class TopicViewSet(ArchiveViewSet):
    filterset_class = TopicFilter
    list_serializer_class = entities.TopicSerializer
    detail_serializer_class = entities.TopicSerializer
    write_serializer_class = writes.TopicWriteSerializer

    def base_queryset(self):
        return Topic.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        if sees_drafts(self.request.user):
            return querysets.topics_with_counts(queryset, self.request.user).order_by("name", "pk")
        return queryset.order_by("name", "pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list" and not sees_drafts(self.request.user):
            # The public counts come from the search columns (as on /topics/), not from an
            # aggregate over every topic link.
            counts = selectors.published_per_topic()
            for topic in page:
                topic.document_count = counts.get(topic.pk, 0)
        return page

    def detail_queryset(self, queryset):
        return querysets.topics_with_counts(queryset, self.request.user)


@_crud_schema(entities.EventSerializer, entities.EventSerializer, writes.EventWriteSerializer, "events")
class EventViewSet(ArchiveViewSet):
    """Dated events, each shown only while one of its source documents is visible."""

    filterset_class = EventFilter
    list_serializer_class = entities.EventSerializer
    detail_serializer_class = entities.EventSerializer
    write_serializer_class = writes.EventWriteSerializer

    def base_queryset(self):
        return Event.objects.visible_to(self.request.user)

    def list_queryset(self, queryset):
        return querysets.events_with_links(queryset, self.request.user).order_by(
            F("date_stated").asc(nulls_last=True), "title", "pk"
        )

    def detail_queryset(self, queryset):
        return querysets.events_with_links(queryset, self.request.user)

    def get_queryset(self):
        # A curator must be able to edit an event whose sources are all drafts.
        if self.action in ("update", "partial_update", "destroy"):
            return Event.objects.all()
        return super().get_queryset()


ROOT_ENTRIES = {
    "documents": "api:document-list",
    "people": "api:person-list",
    "organisations": "api:organisation-list",
    "places": "api:place-list",
    "topics": "api:topic-list",
    "events": "api:event-list",
    "search": "api-search",
    "schema": "api:schema",
    "docs": "api:docs",
    "oai": "oai",
}


class APIRootView(ConditionalGetMixin, APIView):
    """Every endpoint of the API, by name."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="The API's endpoints",
        responses=inline_serializer("APIRoot", {name: serializers.URLField() for name in ROOT_ENTRIES}),
    )
    def get(self, request, format=None):
        check_query_string(request, {"format"})
        return Response({name: reverse(route, request=request) for name, route in ROOT_ENTRIES.items()})


def not_found(request, *args, **kwargs):
    """Anything else under /api/ is a JSON 404, as API clients expect."""
    return JsonResponse({"detail": "No such endpoint. See the API root for the list."}, status=404)
