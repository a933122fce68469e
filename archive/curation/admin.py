"""The curators' screens for imports, suggestions, mentions, shared text and merges."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.admin.common import ArchiveAdmin
from archive.models import Document

from .forms import AddRoleForm, MergeForm, SlugForm, UploadForm
from .importer import DUPLICATE, IMPORTED, SKIPPED, PageImporter, Summary
from .mentions import ENTITY_MODELS, confirm_mentions, reject_mentions
from .merging import merge, plan_merge
from .pages import MAX_PAGE_BYTES
from .models import Decision, ImportedPage, MentionSuggestion, Suggestion, TextReuseProposal
from .reuse import propose_text_reuse
from .review import (
    EDITABLE_ROLES,
    Decided,
    ReviewError,
    add_role,
    apply_review,
    decide_reuse,
    remove_role,
    restore_block,
    set_slug,
)
from .sidebyside import marked_passages


def review_url(document) -> str:
    return reverse("admin:curation_review", args=[document.pk])


@admin.register(ImportedPage)
class ImportedPageAdmin(ArchiveAdmin):
    list_display = ("filename", "document_link", "needs_splitting", "size", "imported_at", "imported_by")
    list_filter = ("needs_splitting",)
    list_select_related = ("document", "imported_by")
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

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="curation_upload"),
            path("review/<int:document_id>/", wrap(self.review_view), name="curation_review"),
            path("merge/<str:entity_type>/", wrap(self.merge_view), name="curation_merge"),
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
                data = upload.read(MAX_PAGE_BYTES + 1)
                summary.outcomes.append(importer.import_bytes(data, upload.name))
            drafts = [o.document for o in summary.of(IMPORTED)]
            if drafts:
                propose_text_reuse(Document.objects.filter(pk__in=[d.pk for d in drafts]))
            self.message_user(request, "; ".join(summary.lines()[:3]), messages.SUCCESS if drafts else messages.WARNING)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import saved pages"),
            "form": form,
            "summary": summary,
            "imported": summary.of(IMPORTED) if summary else [],
            "problems": (summary.of(DUPLICATE) + summary.of(SKIPPED)) if summary else [],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/curation/upload.html", context)

    # -- review of one draft ---------------------------------------------------------------
    def review_view(self, request, document_id):
        document = get_object_or_404(Document.objects.select_related("place_written"), pk=document_id)
        if not request.user.has_perm("archive.change_document"):
            raise PermissionDenied
        errors = {}
        if request.method == "POST" and request.POST.get("restore", "").isdigit():
            # "Put back" on one removed block: done at once, nothing else on the form is saved.
            suggestion = get_object_or_404(document.curation_suggestions, pk=int(request.POST["restore"]))
            try:
                restore_block(document, suggestion, request.user)
            except ReviewError as exc:
                self.message_user(request, " ".join(m for ms in exc.message_dict.values() for m in ms), messages.ERROR)
            else:
                self.message_user(request, _("The block is back in the text, where it stood."), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        role_form = AddRoleForm(request.POST or None)
        slug_form = SlugForm(request.POST or None, initial={"slug": document.slug})
        if request.method == "POST":
            shown_slug = document.slug
            decisions = {}
            for suggestion in document.curation_suggestions.open():
                status = request.POST.get(f"decision-{suggestion.pk}", "")
                if status in (Decision.CONFIRMED, Decision.REJECTED):
                    decisions[suggestion.pk] = Decided(status, request.POST.get(f"value-{suggestion.pk}", "")[:500])
            publish = request.POST.get("publish") == "1"
            try:
                with transaction.atomic():
                    counts = apply_review(document, decisions, request.user, publish=False)
                    self._edit_roles_and_slug(request, document, role_form, slug_form, shown_slug)
                    mention_counts = self._decide_mentions(request, document)
                    if publish:
                        if not request.user.has_perm("archive.change_document"):
                            raise PermissionDenied
                        if document.curation_suggestions.open().exists():
                            raise ReviewError({"publish": ["Decide every suggestion before publishing."]})
                        document.publish()
                        document._history_user = request.user
                        document.save()
            except ReviewError as exc:
                errors = exc.message_dict
                self.message_user(request, _("Nothing was saved: correct the values marked below."), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(c)d suggestions accepted, %(r)d rejected; %(m)d mentions confirmed, %(n)d rejected.")
                    % {"c": counts["confirmed"], "r": counts["rejected"], "m": mention_counts[0], "n": mention_counts[1]}
                    + (" " + str(_("Published.")) if publish else ""),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        suggestions = list(document.curation_suggestions.for_review())
        mentions = self._mention_groups(document)
        page = ImportedPage.objects.filter(document=document).only("raw_text", "filename").first()
        roles = document.roles.filter(role__in=EDITABLE_ROLES).select_related("person", "organisation").order_by("role", "order")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review “%(title)s”") % {"title": document.title},
            "document": document,
            "suggestions": [s for s in suggestions if s.field != "removed"],
            "removed_blocks": [s for s in suggestions if s.field == "removed"],
            "saved_page": page,
            "roles": roles,
            "role_form": role_form if errors else AddRoleForm(),
            "slug_form": slug_form if errors else SlugForm(initial={"slug": document.slug}),
            "slug_editable": document.published_at is None,
            "open_count": sum(1 for s in suggestions if s.status == Decision.SUGGESTED),
            "mention_groups": mentions,
            "errors": errors,
            "posted": request.POST if errors else {},
            "opts": Document._meta,
            "reuse": TextReuseProposal.objects.for_review().filter(source=document)
            | TextReuseProposal.objects.for_review().filter(target=document),
        }
        return TemplateResponse(request, "admin/curation/review.html", context)

    def _edit_roles_and_slug(self, request, document, role_form, slug_form, shown_slug):
        """The authors, recipients and address the curator changed on the review screen."""
        for role_id in request.POST.getlist("remove-role"):
            if role_id.isdigit():
                remove_role(document, int(role_id), request.user)
        if request.POST.get("add-role-name", "").strip():
            if not role_form.is_valid():
                raise ReviewError({"add_role": [m for ms in role_form.errors.values() for m in ms]})
            data = role_form.cleaned_data
            add_role(document, role=data["role"], entity_type=data["entity_type"], name=data["name"], user=request.user)
        if slug_form.is_valid():
            slug = slug_form.cleaned_data["slug"]
            # Only a slug the curator typed: an unchanged field lets the slug follow the title.
            if slug and slug != shown_slug:
                set_slug(document, slug, request.user)
        elif slug_form.is_bound:
            raise ReviewError({"slug": [m for ms in slug_form.errors.values() for m in ms]})

    def _mention_groups(self, document):
        groups = {}
        for mention in document.mention_suggestions.for_review():
            key = mention.entity_key
            group = groups.setdefault(key, {"key": f"{key[0]}-{key[1]}", "entity": mention.entity, "type": key[0],
                                            "mentions": [], "statuses": set()})
            group["mentions"].append(mention)
            group["statuses"].add(mention.status)
        for group in groups.values():
            group["status"] = group["statuses"].pop() if len(group["statuses"]) == 1 else "mixed"
            group["private"] = group["type"] == "person" and group["entity"].is_private
        return sorted(groups.values(), key=lambda g: (g["type"], str(g["entity"])))

    def _decide_mentions(self, request, document):
        confirmed = rejected = 0
        for key in {k[len("mention-"):] for k in request.POST if k.startswith("mention-")}:
            entity_type, _sep, pk = key.partition("-")
            if entity_type not in ENTITY_MODELS or not pk.isdigit():
                continue
            mentions = document.mention_suggestions.filter(**{f"{entity_type}_id": int(pk)})
            decision = request.POST.get(f"mention-{key}")
            if decision == Decision.CONFIRMED:
                confirmed += confirm_mentions(mentions, request.user)[0]
            elif decision == Decision.REJECTED:
                rejected += reject_mentions(mentions, request.user)
        return confirmed, rejected

    # -- merge ----------------------------------------------------------------------------
    def merge_view(self, request, entity_type):
        model = ENTITY_MODELS.get(entity_type)
        if model is None:
            raise Http404("Only people, organisations and places can be merged.")
        opts = model._meta
        if not (request.user.has_perm(f"archive.change_{opts.model_name}")
                and request.user.has_perm(f"archive.delete_{opts.model_name}")):
            raise PermissionDenied
        ids = [i for i in request.GET.get("ids", "").split(",") if i.isdigit()][:2]
        records = list(model.objects.filter(pk__in=ids))
        if len(records) != 2:
            self.message_user(request, _("Choose exactly two records to merge."), messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:archive_{opts.model_name}_changelist"))
        chosen = request.POST.get("survivor") or request.GET.get("survivor") or str(records[0].pk)
        survivor = next((r for r in records if str(r.pk) == chosen), records[0])
        loser = next(r for r in records if r.pk != survivor.pk)
        form = MergeForm(records, request.POST or None, initial={"survivor": str(survivor.pk)})
        if request.method == "POST" and request.POST.get("confirm") == "1" and form.is_valid():
            merge(survivor, loser, request.user)
            self.message_user(request, _("Merged “%(l)s” into “%(s)s”.") % {"l": loser.name, "s": survivor.name},
                              messages.SUCCESS)
            return HttpResponseRedirect(reverse(f"admin:archive_{opts.model_name}_change", args=[survivor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge two %(things)s") % {"things": opts.verbose_name_plural},
            "form": form,
            "plan": plan_merge(survivor, loser),
            "records": records,
            "ids": ",".join(str(r.pk) for r in records),
            "opts": opts,
        }
        return TemplateResponse(request, "admin/curation/merge_confirm.html", context)


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
        return [("person", _("person")), ("organisation", _("organisation")), ("place", _("place"))]

    def queryset(self, request, queryset):
        if self.value() in ENTITY_MODELS:
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
