"""The curators' screens for what the curation app records: imported pages (and the upload
form), import suggestions, mentions and shared text.

A document's review screen lives under the document admin and a merge under the admin of
the records merged (`admin_mixins`, mixed into the classes in `archive/admin/`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import registry
from archive.admin.common import ArchiveAdmin
from archive.models import Document, OriginalFile
from archive.originals import FileRefused

from .admin_mixins import review_url
from .forms import UploadForm
from .importer import DUPLICATE, IMPORTED, SKIPPED, PageImporter, Summary
from .mentions import confirm_mentions, reject_mentions
from .models import Decision, ImportedPage, MentionSuggestion, Suggestion, TextReuseProposal
from .paged import page_image
from .pages import MAX_PAGE_BYTES
from .reuse import STATE_LABELS, check_state
from .review import decide_reuse
from .sidebyside import marked_passages
from .tasks import queue_reuse_checks


@admin.register(ImportedPage)
class ImportedPageAdmin(ArchiveAdmin):
    list_display = ("filename", "document_link", "shared_text", "needs_splitting", "size", "imported_at", "imported_by")
    list_filter = ("needs_splitting",)
    list_select_related = ("document", "document__reuse_check", "imported_by")
    search_fields = ("filename", "document__title", "content_hash")
    readonly_fields = ("content_hash", "filename", "size", "document", "imported_at", "imported_by", "raw_text")
    fields = ("filename", "document", "needs_splitting", "content_hash", "size", "imported_at", "imported_by", "raw_text")
    change_list_template = "admin/curation/importedpage/change_list.html"

    def has_add_permission(self, request):
        return False  # pages come in through the upload form

    @admin.display(description=_("draft"))
    def document_link(self, obj):
        if not obj.document:
            return "—"
        return format_html('<a href="{}">{}</a>', review_url(obj.document), obj.document.title)

    @admin.display(description=_("shared text"))
    def shared_text(self, obj):
        if not obj.document:
            return "—"
        return STATE_LABELS[check_state(obj.document)]

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="curation_upload"),
            path(
                "original/<int:original_id>/page/<int:number>/", self.admin_site.admin_view(self.page_image_view),
                name="curation_page_image",
            ),
            *super().get_urls(),
        ]

    # -- upload ---------------------------------------------------------------------------
    def upload_view(self, request):
        if not request.user.has_perm("archive.add_document"):
            raise PermissionDenied
        summary = None
        form = UploadForm(*(request.POST, request.FILES) if request.method == "POST" else ())
        if request.method == "POST" and form.is_valid():
            importer, summary = PageImporter(request.user), Summary()
            for upload in form.cleaned_data["pages"]:
                # Reading one byte over the limit is enough to say the file is too large.
                data = upload.read(max(MAX_PAGE_BYTES, settings.ORIGINAL_MAX_BYTES) + 1)
                summary.outcomes.append(importer.import_bytes(data, upload.name))
            drafts = [o.document for o in summary.of(IMPORTED)]
            # Looking the drafts up for shared text is background work: the answer comes at once.
            queue_reuse_checks(d.pk for d in drafts)
            self.message_user(request, "; ".join(summary.lines()[:3]), messages.SUCCESS if drafts else messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import saved pages, PDFs and scans"),
            "form": form,
            "summary": summary,
            "imported": _with_reuse_states(summary.of(IMPORTED)) if summary else [],
            "problems": (summary.of(DUPLICATE) + summary.of(SKIPPED)) if summary else [],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/curation/upload.html", context)

    def page_image_view(self, request, original_id, number):
        """One page of a draft's or a document's original, drawn for the review screen."""
        if not request.user.has_perm("archive.view_document"):
            raise PermissionDenied
        original = get_object_or_404(OriginalFile, pk=original_id)
        with original.file.open("rb") as stream:
            data = stream.read()
        try:
            png = page_image(data, original.media_type, number)
        except (IndexError, FileRefused) as exc:
            raise Http404(_("The file has no such page.")) from exc
        response = HttpResponse(png, content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        return response


def _with_reuse_states(outcomes):
    """Each imported draft with where its check for shared text stands, read after the
    request's work (with an immediate tasks backend the check is already done)."""
    checks = Document.objects.filter(pk__in=[o.document.pk for o in outcomes]).select_related("reuse_check")
    states = {d.pk: STATE_LABELS[check_state(d)] for d in checks}
    return [(o, states.get(o.document.pk, "")) for o in outcomes]


@admin.register(Suggestion)
class SuggestionAdmin(ArchiveAdmin):
    list_display = ("document", "field", "value", "status", "entity_display")
    list_filter = ("status", "field")
    list_select_related = ("document", "person", "organisation", "place")
    search_fields = ("value", "source_text", "document__title")
    readonly_fields = ("document", "field", "value", "as_written", "source_text", "note", "person", "organisation",
                       "place", "topic", "decided_by", "decided_at", "decided_value", "status")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("record"))
    def entity_display(self, obj):
        return obj.entity or "—"


class MentionEntityTypeFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.label) for kind in registry.ENTITY_TYPES.values()]

    def queryset(self, request, queryset):
        if self.value() in registry.KEYS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(MentionSuggestion)
class MentionSuggestionAdmin(ArchiveAdmin):
    list_display = ("text", "entity_display", "document", "context_display", "status")
    list_filter = ("status", MentionEntityTypeFilter)
    list_select_related = ("document", "person", "organisation", "place")
    search_fields = ("text", "document__title", "person__name", "organisation__name", "place__name")
    readonly_fields = ("document", "person", "organisation", "place", "start", "end", "text", "status",
                       "decided_by", "decided_at")
    actions = ["confirm", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("record"))
    def entity_display(self, obj):
        return obj.entity

    @admin.display(description=_("in context"))
    def context_display(self, obj):
        before, found, after = obj.context(40)
        return format_html("…{}<mark>{}</mark>{}…", before, found, after)

    @admin.action(description=_("Confirm the selected mentions"), permissions=["change"])
    def confirm(self, request, queryset):
        confirmed, private = confirm_mentions(queryset, request.user)
        self.message_user(request, ngettext("%d mention confirmed.", "%d mentions confirmed.", confirmed) % confirmed)
        if private:
            self.message_user(
                request,
                ngettext("%d of them names a private person: recorded, never shown publicly.",
                         "%d of them name a private person: recorded, never shown publicly.", private) % private,
                messages.WARNING,
            )

    @admin.action(description=_("Reject the selected mentions"), permissions=["change"])
    def reject(self, request, queryset):
        count = reject_mentions(queryset, request.user)
        self.message_user(request, ngettext("%d mention rejected.", "%d mentions rejected.", count) % count)


@admin.register(TextReuseProposal)
class TextReuseProposalAdmin(ArchiveAdmin):
    list_display = ("source", "kind", "target", "shared_words", "containment", "status", "compare_link")
    list_filter = ("status", "kind")
    list_select_related = ("source", "target")
    search_fields = ("source__title", "target__title")
    readonly_fields = ("source", "target", "containment", "shared_words", "passages", "reason", "status",
                       "decided_by", "decided_at")
    fields = ("source", "kind", "target", "containment", "shared_words", "reason", "status", "decided_by", "decided_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("side by side"))
    def compare_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:curation_compare", args=[obj.pk]), _("compare"))

    def get_urls(self):
        return [
            path("<int:pk>/compare/", self.admin_site.admin_view(self.compare_view), name="curation_compare"),
            *super().get_urls(),
        ]

    def compare_view(self, request, pk):
        proposal = get_object_or_404(TextReuseProposal.objects.for_review(), pk=pk)
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, proposal):
                raise PermissionDenied
            status = request.POST.get("decision")
            if status in (Decision.CONFIRMED, Decision.REJECTED):
                decide_reuse(proposal, status, request.user, request.POST.get("kind", ""))
                self.message_user(request, _("Decision recorded."), messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            self.message_user(request, _("Choose to accept or reject the proposal."), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": str(proposal),
            "proposal": proposal,
            "pairs": marked_passages(proposal),
            "kinds": TextReuseProposal.KIND_CHOICES,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/curation/reuse_compare.html", context)
