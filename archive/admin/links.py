from django.contrib import admin

from archive.models import Event, Membership, OrganisationRelation

from .common import ArchiveAdmin, YearListFilter


@admin.register(OrganisationRelation)
class OrganisationRelationAdmin(ArchiveAdmin):
    list_display = ("source", "kind", "target", "date_edtf", "source_document", "uncertain")
    list_filter = ("kind", "uncertain")
    list_select_related = ("source", "target", "source_document")
    search_fields = ("source__name", "source__names__name", "target__name", "target__names__name", "note")
    autocomplete_fields = ("source", "target", "source_document")


@admin.register(Membership)
class MembershipAdmin(ArchiveAdmin):
    list_display = ("person", "role_title", "organisation", "date_edtf", "source_document", "uncertain")
    list_filter = ("uncertain",)
    list_select_related = ("person", "organisation", "source_document")
    search_fields = ("person__name", "person__names__name", "organisation__name", "organisation__names__name", "role_title")
    autocomplete_fields = ("person", "organisation", "source_document")


@admin.register(Event)
class EventAdmin(ArchiveAdmin):
    list_display = ("title", "date_edtf", "date_lower", "date_upper", "date_stated")
    list_filter = (YearListFilter,)
    search_fields = ("title", "description", "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("people", "organisations", "places", "sources")
    readonly_fields = ("date_lower", "date_upper", "date_stated")
    fields = ("title", "slug", "date_edtf", "date_lower", "date_upper", "date_stated", "description", "people", "organisations", "places", "sources")
