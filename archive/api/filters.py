"""Query parameters: the one place they are parsed and validated.

Every list has a FilterSet; a parameter it does not know, a value it cannot read or bytes
that are not UTF-8 get a 400 naming the parameter, never a silently ignored filter.
"""

import datetime
import re
from urllib.parse import unquote_to_bytes

import django_filters as filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from archive.models import DocumentKind, Organisation, OrganisationKind, Place, PlaceKind, Role, RoleKind, Status, Topic

from .visibility import can_see_drafts, visible_people

# Parameters every list understands besides its filters (pagination and DRF's format switch).
COMMON_PARAMETERS = frozenset({"page", "page_size", "format"})
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
YEAR = re.compile(r"^[0-9]{4}$")
ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def undecodable_parameters(query_string: str) -> list[str]:
    """Names of parameters whose name or value is not valid UTF-8 once percent-decoded.

    Django decodes such bytes to U+FFFD without complaint; a filter would then quietly
    search for a replacement character instead of telling the client what went wrong.
    """
    try:
        raw = query_string.encode("latin-1")
    except UnicodeEncodeError:
        raw = query_string.encode("utf-8")
    bad = []
    for pair in raw.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(value.replace(b"+", b" "))
        try:
            name_bytes.decode("utf-8")
            value_bytes.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(name_bytes.decode("utf-8", errors="replace"))
    return bad


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


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}})
class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Records named by slug; an unknown (or invisible) slug is a 400 naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class RepeatedInput(forms.TextInput):
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class LanguageListField(forms.Field):
    widget = RepeatedInput

    def to_python(self, value):
        values = [value] if isinstance(value, str) else list(value or [])
        for code in values:
            if not LANGUAGE_TAG.match(code):
                raise forms.ValidationError(f"“{code[:40]}” is not a language code such as en, fa, ar or fr.")
        return values


class DayOrYearField(forms.Field):
    """An ISO date (2011-05-03) or a year (2011), which stands for its first or last day."""

    def __init__(self, *, end=False, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            if YEAR.match(value):
                return datetime.date(int(value), 12, 31) if self.end else datetime.date(int(value), 1, 1)
            if ISO_DAY.match(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        raise forms.ValidationError("Give an ISO date such as 2011-05-03, or a year such as 2011.")


def overlapping(queryset, start=None, end=None):
    """Events whose possible dates overlap [start, end], by the rule documents use
    (`DocumentQuerySet.in_date_range`), which the Event manager does not carry."""
    if start is not None:
        queryset = queryset.filter(Q(date_upper__gte=start) | Q(date_upper__isnull=True, date_lower__isnull=False))
    if end is not None:
        queryset = queryset.filter(Q(date_lower__lte=end) | Q(date_lower__isnull=True, date_upper__isnull=False))
    return queryset


@extend_schema_field({"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$", "example": "2011-05-03"})
class DayOrYearFilter(filters.Filter):
    field_class = DayOrYearField


@extend_schema_field({"type": "array", "items": {"type": "string", "pattern": LANGUAGE_TAG.pattern}})
class LanguageFilter(filters.Filter):
    field_class = LanguageListField

    def filter(self, qs, value):
        return qs.filter(language__in=value) if value else qs


class NullsLastOrderingFilter(filters.OrderingFilter):
    """Undated records sort last either way, on SQLite and PostgreSQL alike; the primary
    key breaks ties so that pages never overlap."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map[param.lstrip("-")])
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class DocumentFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("role") and not (data.get("person") or data.get("organisation")):
            self.add_error("role", "Give person or organisation with role.")
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            self.add_error("date_before", "date_before is earlier than date_after.")
        if data.get("expand") and not data.get("q"):
            self.add_error("expand", "expand applies only together with q.")
        return data


def _people(request):
    return visible_people(getattr(request, "user", None)) if request is not None else visible_people(None)


class DocumentFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", max_length=500, help_text="Full-text search, with alias expansion.")
    expand = filters.ChoiceFilter(
        method="filter_nothing", choices=[("1", "on"), ("0", "off"), ("true", "on"), ("false", "off")],
        help_text="Expand names in q to every alias of the person, organisation or place (default on).",
    )
    kind = filters.MultipleChoiceFilter(choices=DocumentKind.choices)
    language = LanguageFilter(help_text="BCP 47 code; repeat for several.")
    topic = SlugsFilter(
        queryset=Topic.objects.all(), method="filter_topic", help_text="Topic slug; repeatable."
    )
    person = SlugsFilter(
        queryset=_people, method="filter_person", help_text="Person slug; repeatable."
    )
    organisation = SlugsFilter(
        queryset=Organisation.objects.all(), method="filter_organisation",
        help_text="Organisation slug; repeatable.",
    )
    place = SlugsFilter(
        queryset=Place.objects.all(), method="filter_place",
        help_text="Place slug (mentioned, or where written); repeatable.",
    )
    role = filters.ChoiceFilter(
        choices=RoleKind.choices, method="filter_nothing",
        help_text="With person or organisation: only documents where they have this role.",
    )
    date_after = DayOrYearFilter(method="filter_dates", help_text="ISO date or year; matched against the EDTF bounds.")
    date_before = DayOrYearFilter(
        method="filter_dates", end=True, help_text="ISO date or year; matched against the EDTF bounds."
    )
    year = filters.NumberFilter(
        field_name="date_stated", lookup_expr="year", min_value=1, max_value=9999,
        help_text="The year the document's date states (an approximate January 2010 is 2010), as the year facet counts.",
    )
    status = filters.ChoiceFilter(choices=Status.choices, help_text="Curators only.")
    ordering = NullsLastOrderingFilter(fields=(("date_stated", "date"), ("title", "title")))

    restricted = {"status": "Only curators may filter by status."}

    class Meta:
        form = DocumentFilterForm
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if not can_see_drafts(getattr(request, "user", None)):
            del self.filters["status"]

    def filter_nothing(self, queryset, name, value):
        # Read by the filters it qualifies (role by person/organisation, expand by q).
        return queryset

    def filter_q(self, queryset, name, value):
        from archive.search import SearchParams, filter_documents

        expand = self.form.cleaned_data.get("expand") not in ("0", "false")
        return filter_documents(queryset, SearchParams(q=value, expand=expand))

    # Model-choice filters hand their methods an empty queryset when not given, which
    # django-filter does not count as empty.

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        topics = [t.pk for t in value]
        return queryset.filter(Exists(Topic.documents.through.objects.filter(document=OuterRef("pk"), topic__in=topics)))

    def _having_role(self, queryset, field, value):
        if not value:
            return queryset
        roles = Role.objects.filter(document=OuterRef("pk"), **{f"{field}__in": [v.pk for v in value]})
        if role := self.form.cleaned_data.get("role"):
            roles = roles.filter(role=role)
        return queryset.filter(Exists(roles))

    def filter_person(self, queryset, name, value):
        return self._having_role(queryset, "person", value)

    def filter_organisation(self, queryset, name, value):
        return self._having_role(queryset, "organisation", value)

    def filter_place(self, queryset, name, value):
        if not value:
            return queryset
        pks = [p.pk for p in value]
        return queryset.filter(Q(Exists(Role.objects.filter(document=OuterRef("pk"), place__in=pks))) | Q(place_written__in=pks))

    def filter_dates(self, queryset, name, value):
        if name == "date_after":
            return queryset.in_date_range(start=value)
        return queryset.in_date_range(end=value)


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


class EventFilter(filters.FilterSet):
    date_after = DayOrYearFilter(method="filter_dates")
    date_before = DayOrYearFilter(method="filter_dates", end=True)
    person = filters.ModelChoiceFilter(queryset=_people, to_field_name="slug", field_name="people")
    organisation = filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), to_field_name="slug", field_name="organisations"
    )
    place = filters.ModelChoiceFilter(queryset=Place.objects.all(), to_field_name="slug", field_name="places")

    class Meta:
        fields = []

    def filter_dates(self, queryset, name, value):
        start, end = (value, None) if name == "date_after" else (None, value)
        return overlapping(queryset, start, end)
