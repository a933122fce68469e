"""Documents, their roles and the relations between them, in the admin.

Publishing goes through `archive.publishing` from every control here: the two actions and
the change form's status field (a refused publication is an error on that field).
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import publishing
from archive.curation.admin_mixins import DocumentReviewMixin
from archive.models import Document, DocumentRelation, OriginalFile, Role, Status

from .common import ArchiveAdmin, YearListFilter


class RoleInline(admin.TabularInline):
    model = Role
    fields = ("role", "order", "person", "organisation", "place", "name_as_written", "note")
    autocomplete_fields = ("person", "organisation", "place")
    extra = 1


class OutgoingRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    fields = ("kind", "target", "note")
    autocomplete_fields = ("target",)
    extra = 0
    verbose_name = _("relation to another document")
    verbose_name_plural = _("relations to other documents")


class IncomingRelationInline(admin.TabularInline):
    """The same relations read from the other end ("part of", "reported on by")."""

    model = DocumentRelation
    fk_name = "target"
    fields = ("source", "kind", "note")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("relation from another document")
    verbose_name_plural = _("relations from other documents")


class OriginalFileInline(admin.TabularInline):
    """The files behind the document. A stored file is never changed (its checksum is the
    proof it is the file received): a curator adds files, or deletes one added by mistake."""

    model = OriginalFile
    fields = (
        "file", "order", "media_type", "size", "sha256", "received_at", "page_count", "progress", "text_source",
        "extraction_note",
    )
    readonly_fields = (
        "media_type", "size", "sha256", "received_at", "page_count", "progress", "text_source", "extraction_note",
    )
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("text extraction"))
    def progress(self, original):
        return original.progress if original.pk else ""


class LanguageListFilter(admin.SimpleListFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = Document.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(code, code) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class DocumentAdminForm(forms.ModelForm):
    def clean_status(self):
        status = self.cleaned_data["status"]
        # self.instance still holds the stored status here.
        if status == Status.PUBLISHED and self.instance.pk and self.instance.status != Status.PUBLISHED:
            if reason := publishing.refusal(self.instance):
                raise forms.ValidationError(reason)
        return status


@admin.register(Document)
class DocumentAdmin(DocumentReviewMixin, ArchiveAdmin):
    form = DocumentAdminForm
    list_display = ("title", "kind", "date_edtf", "status", "language", "updated_at")
    list_filter = ("status", "kind", LanguageListFilter, YearListFilter, "featured", "topics")
    list_select_related = ("place_written",)
    # A search for any name or alias finds the documents linked to that person,
    # organisation or place, as well as the words of the title.
    search_fields = (
        "title", "slug", "summary", "roles__name_as_written",
        "roles__person__name", "roles__person__names__name",
        "roles__organisation__name", "roles__organisation__names__name",
        "roles__place__name", "roles__place__names__name",
    )
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("place_written", "topics")
    readonly_fields = ("date_lower", "date_upper", "date_stated", "created_at", "updated_at", "published_at", "curation_review")
    inlines = [RoleInline, OutgoingRelationInline, IncomingRelationInline, OriginalFileInline]
    actions = ["publish", "unpublish", "review_suggestions", "scan_for_mentions"]
    fieldsets = (
        # What a curator edits on every visit first; fields several on a line where they are short.
        (None, {"fields": (
            "title", ("kind", "status", "featured"), "slug", "topics", "curation_review",
        )}),
        (_("Date and place"), {"fields": (
            ("date_edtf", "date_as_written"), ("place_written", "place_written_as"),
        )}),
        (_("Text"), {"fields": ("summary", "body", ("language", "text_direction"))}),
        (_("Provenance"), {"fields": (
            ("source_title", "source_url"), "retrieved_on", ("classification", "release_date_edtf", "release_channel"),
            "provenance_note",
        )}),
        # Rarely needed: derived bounds, timestamps and the curators' own notes.
        (_("Curation"), {"classes": ("collapse",), "fields": (
            "curator_notes", ("date_stated", "date_lower", "date_upper"),
            ("created_at", "updated_at", "published_at"),
        )}),
    )

    def save_model(self, request, obj, form, change):
        # The form's status is a request to the publishing service, not a value to save.
        wanted, obj.status = obj.status, form.initial.get("status", Status.DRAFT) if change else Status.DRAFT
        super().save_model(request, obj, form, change)
        publishing.set_status(document=obj, status=wanted, user=request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            # About a screen of text at once; admin.css makes it as wide as the form.
            field.widget.attrs.update(rows=30, cols=100)
        elif db_field.name in ("summary", "curator_notes", "provenance_note"):
            field.widget.attrs.update(rows=4)
        return field


    @admin.action(description=_("Publish the selected documents"), permissions=["change"])
    def publish(self, request, queryset):
        count, refused = 0, []
        for document in queryset.exclude(status=Status.PUBLISHED):
            try:
                count += publishing.publish(document=document, user=request.user)
            except publishing.PublishRefused as exc:
                refused.append(f"{document.title} ({exc.reason})")
        if refused:
            self.message_user(
                request, _("Not published: %(titles)s") % {"titles": "; ".join(refused)}, messages.WARNING
            )
        self.message_user(
            request, ngettext("%d document published.", "%d documents published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish the selected documents (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for document in queryset.filter(status=Status.PUBLISHED):
            count += publishing.unpublish(document=document, user=request.user)
        self.message_user(
            request, ngettext("%d document unpublished.", "%d documents unpublished.", count) % count, messages.SUCCESS
        )


@admin.register(Role)
class RoleAdmin(ArchiveAdmin):
    list_display = ("document", "role", "entity_display", "name_as_written", "order")
    list_filter = ("role",)
    list_select_related = ("document", "person", "organisation", "place")
    search_fields = ("document__title", "name_as_written", "person__name", "organisation__name", "place__name")
    autocomplete_fields = ("document", "person", "organisation", "place")

    @admin.display(description=_("person, organisation or place"))
    def entity_display(self, obj):
        return obj.entity


@admin.register(DocumentRelation)
class DocumentRelationAdmin(ArchiveAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    list_select_related = ("source", "target")
    search_fields = ("source__title", "target__title")
    autocomplete_fields = ("source", "target")
