from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Membership,
    Organisation,
    OrganisationName,
    OrganisationRelation,
    Person,
    PersonName,
    Place,
    PlaceName,
    Topic,
)

from archive.curation.admin_mixins import EntityMergeMixin

from .common import ArchiveAdmin

NAME_FIELDS = ("name", "kind", "language", "note")


class PersonNameInline(admin.TabularInline):
    model = PersonName
    fields = NAME_FIELDS
    extra = 1


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    fields = NAME_FIELDS
    extra = 1


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    fields = NAME_FIELDS
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("person", "organisation", "role_title", "date_edtf", "source_document", "uncertain", "note")
    autocomplete_fields = ("person", "organisation", "source_document")
    extra = 0


class OutgoingOrganisationRelationInline(admin.TabularInline):
    model = OrganisationRelation
    fk_name = "source"
    fields = ("kind", "target", "date_edtf", "source_document", "uncertain", "note")
    autocomplete_fields = ("target", "source_document")
    extra = 0
    verbose_name = _("relation to another organisation")
    verbose_name_plural = _("relations to other organisations")


class IncomingOrganisationRelationInline(admin.TabularInline):
    model = OrganisationRelation
    fk_name = "target"
    fields = ("source", "kind", "date_edtf", "source_document", "uncertain", "note")
    autocomplete_fields = ("source", "source_document")
    extra = 0
    verbose_name = _("relation from another organisation")
    verbose_name_plural = _("relations from other organisations")


class EntityAdmin(EntityMergeMixin, ArchiveAdmin):
    # Searching matches the preferred name and every alias.
    search_fields = ("name", "names__name", "slug", "wikidata_id")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles", distinct=True))

    @admin.display(description=_("documents"), ordering="role_count")
    def document_count(self, obj):
        return obj.role_count


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    list_display = ("name", "slug", "is_private", "document_count", "updated_at")
    list_filter = ("is_private",)
    inlines = [PersonNameInline, MembershipInline]
    fields = (
        "name", ("family_name", "given_names"), "slug", "is_private", "description", "wikidata_id",
        "created_at", "updated_at",
    )


@admin.register(Organisation)
class OrganisationAdmin(EntityAdmin):
    list_display = ("name", "slug", "kind", "document_count", "updated_at")
    list_filter = ("kind",)
    inlines = [
        OrganisationNameInline,
        OutgoingOrganisationRelationInline,
        IncomingOrganisationRelationInline,
        MembershipInline,
    ]
    fields = ("name", "slug", "kind", "description", "wikidata_id", "created_at", "updated_at")


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    list_display = ("name", "slug", "kind", "parent", "document_count")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    inlines = [PlaceNameInline]
    autocomplete_fields = ("parent",)
    fields = (
        "name", "slug", "kind", "parent", "description", "latitude", "longitude", "wikidata_id",
        "created_at", "updated_at",
    )


class NameAdmin(ArchiveAdmin):
    list_display = ("name", "entity_link", "kind", "language")
    list_filter = ("kind", "language")

    @admin.display(description=_("record"))
    def entity_link(self, obj):
        return obj.entity


@admin.register(PersonName)
class PersonNameAdmin(NameAdmin):
    search_fields = ("name", "person__name")
    autocomplete_fields = ("person",)
    list_select_related = ("person",)


@admin.register(OrganisationName)
class OrganisationNameAdmin(NameAdmin):
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)


@admin.register(PlaceName)
class PlaceNameAdmin(NameAdmin):
    search_fields = ("name", "place__name")
    autocomplete_fields = ("place",)
    list_select_related = ("place",)


@admin.register(Topic)
class TopicAdmin(ArchiveAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
