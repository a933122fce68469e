"""Query parameters of the API's lists, checked before anything is read.

Documents take the filters every surface shares, read by `archive.filters`; the other lists
have a FilterSet each. A parameter a list does not know, a value it cannot read or bytes
that are not UTF-8 get a 400 naming the parameter, never a silently ignored filter.
"""

import django_filters as filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from archive.dates import calendar_bounds
from archive.filters import FilterError, parameter_specs, parse_document_filters, undecodable_parameters
from archive.models import Organisation, OrganisationKind, Person, Place, PlaceKind
from archive.models.visibility import sees_drafts
from archive.search.engine import ListedByDate, filter_documents

# Parameters every list understands besides its filters (pagination and DRF's format switch).
COMMON_PARAMETERS = frozenset({"page", "page_size", "format"})


def check_query_string(request, known: set[str], explanations: dict[str, str] | None = None) -> None:
    errors = {name: ["Not valid UTF-8 text."] for name in undecodable_parameters(request.META.get("QUERY_STRING", ""))}
    for name in request.query_params:
        if name not in known and name not in errors:
            message = (explanations or {}).get(name) or f"Unknown parameter. Known parameters: {', '.join(sorted(known))}."
            errors[name] = [message]
    if errors:
        raise ValidationError(errors)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for parameters the list does not know."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        known = set(COMMON_PARAMETERS)
        if filterset is not None:
            known |= set(filterset.filters)
        check_query_string(request, known, getattr(filterset, "restricted", None))
        return filterset


class DocumentFilterBackend(BaseFilterBackend):
    """The document filters every surface shares (`archive.filters`), applied to the
    viewer's own documents: a curator's `status=draft&q=…` searches the drafts."""

    def filter_queryset(self, request, queryset, view):
        try:
            filters = parse_document_filters(
                request.query_params, viewer=request.user, query_string=request.META.get("QUERY_STRING", ""),
                surface_parameters=COMMON_PARAMETERS,
            )
        except FilterError as exc:
            raise ValidationError({name: [message] for name, message in exc.errors.items()}) from None
        if getattr(view, "action", None) == "list" and not filters.q.strip() and not sees_drafts(request.user):
            # A reader's list without words: counted and paged on the search columns (the
            # same documents and order), not a COUNT(*) and an OFFSET sort of every row.
            return ListedByDate(filters, queryset)
        return filter_documents(queryset, filters)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": name, "in": "query", "required": False, "description": description, "schema": schema,
             **({"style": "form", "explode": True} if schema["type"] == "array" else {})}
            for name, schema, description in parameter_specs(curators=True)
        ]


@extend_schema_field({"type": "string", "pattern": r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$", "example": "2011-05"})
class CalendarDateFilter(filters.Filter):
    """A year, month or day as every filter reads it (`archive.dates.calendar_bounds`),
    standing for its first day (`date_from`) or last day (`date_to`)."""

    field_class = forms.CharField

    def __init__(self, *, end=False, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        bounds = calendar_bounds(value.strip())
        if bounds is None:
            raise ValidationError({self.field_name: ["Give a year (2011), a month (2011-05) or a day (2011-05-17)."]})
        return qs.in_date_range(end=bounds.upper) if self.end else qs.in_date_range(start=bounds.lower)


class NameFilterMixin(filters.FilterSet):
    name = filters.CharFilter(method="filter_name", max_length=255, help_text="Any form of the name, folded.")

    def filter_name(self, queryset, name, value):
        return queryset.matching_name(value)


class PersonFilter(NameFilterMixin):
    class Meta:
        fields = []


class OrganisationFilter(NameFilterMixin):
    kind = filters.MultipleChoiceFilter(choices=OrganisationKind.choices)

    class Meta:
        fields = []


class PlaceFilter(NameFilterMixin):
    kind = filters.MultipleChoiceFilter(choices=PlaceKind.choices)
    parent = filters.ModelChoiceFilter(queryset=Place.objects.all(), to_field_name="slug", help_text="Parent place slug.")

    class Meta:
        fields = []


class TopicFilter(filters.FilterSet):
    class Meta:
        fields = []


def _people(request):
    return Person.objects.visible_to(getattr(request, "user", None))


class EventFilter(filters.FilterSet):
    date_from = CalendarDateFilter(field_name="date_from")
    date_to = CalendarDateFilter(field_name="date_to", end=True)
    person = filters.ModelChoiceFilter(queryset=_people, to_field_name="slug", field_name="people")
    organisation = filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug", field_name="organisations"
    )
    place = filters.ModelChoiceFilter(queryset=Place.objects.all(), to_field_name="slug", field_name="places")

    class Meta:
        fields = []
