"""The curation screens that belong to a record, mixed into that record's admin class in
`archive/admin/`: a document's review (its import suggestions and mentions) under the
document admin, the merge of two people, organisations or places under their own admins.

The decisions are made by services (`review`, `mentions`, `merging`, `archive.publishing`);
these views read a form, call them, and render.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive import publishing, registry

from .forms import AddRoleForm, MergeForm, ReviewForm, SlugForm
from .merging import merge, plan_merge
from .models import Decision, ImportedPage, SuggestionField, TextReuseProposal
from .reuse import STATE_LABELS, check_state
from .review import (
    EDITABLE_ROLES,
    ReviewError,
    add_role,
    apply_review,
    decide_mentions,
    mention_groups,
    remove_role,
    restore_block,
    set_slug,
)


def review_url(document) -> str:
    return reverse("admin:archive_document_review", args=[document.pk])


def _editable_roles(document) -> list:
    """The authors and recipients the review screen lists, each with a "remove" box."""
    return list(document.roles.filter(role__in=EDITABLE_ROLES).select_related("person", "organisation")
                .order_by("role", "order"))


class DocumentReviewMixin:
    """The review screen of one document (`<pk>/review/`), a link to it on the change form,
    a "review" action, and a mention re-scan action."""

    def get_urls(self):
        return [
            path("<path:object_id>/review/", self.admin_site.admin_view(self.review_view),
                 name="archive_document_review"),
            *super().get_urls(),
        ]

    @admin.display(description=_("import suggestions and mentions"))
    def curation_review(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', review_url(obj), _("Review suggestions and mentions"))

    @admin.action(description=_("Find known names in the selected documents"), permissions=["change"])
    def scan_for_mentions(self, request, queryset):
        from archive.curation.mentions import build_matcher, scan_documents

        added = scan_documents(queryset, build_matcher())
        self.message_user(request, ngettext("%d mention suggested.", "%d mentions suggested.", added) % added)

    @admin.action(description=_("Review the selected document's suggestions"), permissions=["change"])
    def review_suggestions(self, request, queryset):
        return HttpResponseRedirect(review_url(queryset.order_by("pk").first()))

    def review_view(self, request, object_id):
        document = get_object_or_404(self.model.objects.select_related("place_written", "reuse_check"), pk=object_id)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        suggestions = list(document.curation_suggestions.for_review())
        groups = mention_groups(document)
        roles = _editable_roles(document)
        data = request.POST if request.method == "POST" else None
        form = ReviewForm(data, suggestions=suggestions, mention_groups=groups, roles=roles)
        role_form = AddRoleForm(data)
        slug_form = SlugForm(data, initial={"slug": document.slug})
        errors = {}
        if request.method == "POST":
            if form.is_valid() and form.restore():
                return self._restore(request, document, form.restore())
            if form.is_valid() and role_form.is_valid() and slug_form.is_valid():
                shown_slug = document.slug
                try:
                    with transaction.atomic():
                        counts = apply_review(document, form.decisions(), request.user)
                        self._edit_roles_and_slug(request, document, form, role_form, slug_form, shown_slug)
                        mentions = decide_mentions(document, form.mention_decisions(), request.user)
                        published = form.cleaned_data["publish"] and publishing.publish(
                            document=document, user=request.user
                        )
                except ReviewError as exc:
                    errors = exc.message_dict
                except publishing.PublishRefused as exc:
                    errors = {"publish": [exc.reason]}
                else:
                    self.message_user(
                        request,
                        _("%(c)d suggestions accepted, %(r)d rejected; %(m)d mentions confirmed, %(n)d rejected.")
                        % {"c": counts["confirmed"], "r": counts["rejected"], "m": mentions[0], "n": mentions[1]}
                        + (" " + str(_("Published.")) if published else ""),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
            else:
                errors = form.errors_by_suggestion() if not form.is_valid() else {}
                if not role_form.is_valid():
                    errors["add_role"] = [m for ms in role_form.errors.values() for m in ms]
                if not slug_form.is_valid():
                    errors["slug"] = [m for ms in slug_form.errors.values() for m in ms]
            self.message_user(request, _("Nothing was saved: correct the values marked below."), messages.ERROR)
            # What the rolled-back transaction changed on these instances is not what is stored.
            document.refresh_from_db()
            suggestions = list(document.curation_suggestions.for_review())
            groups = mention_groups(document)
            roles = _editable_roles(document)
        original = document.originals.exclude(page_count=None).first()
        saved_page = ImportedPage.objects.filter(document=document).only("raw_text", "filename").first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review “%(title)s”") % {"title": document.title},
            "document": document,
            "form": form,
            "suggestions": [s for s in suggestions if s.field != SuggestionField.REMOVED],
            "removed_blocks": [s for s in suggestions if s.field == SuggestionField.REMOVED],
            "saved_page": saved_page,
            "roles": roles,
            "role_form": role_form if errors else AddRoleForm(),
            "slug_form": slug_form if errors else SlugForm(initial={"slug": document.slug}),
            "slug_editable": document.published_at is None,
            "open_count": sum(1 for s in suggestions if s.status == Decision.SUGGESTED),
            "mention_groups": groups,
            "errors": errors,
            "opts": self.model._meta,
            "reuse": TextReuseProposal.objects.for_review().filter(source=document)
            | TextReuseProposal.objects.for_review().filter(target=document),
            "reuse_state": STATE_LABELS[check_state(document)],
            "original": original,
            # Each page's image beside the text read from it (the first 50: a long release
            # is checked against its file, not scrolled here page by page).
            "original_pages": list(enumerate(original.page_texts[:50], start=1)) if original else [],
        }
        return TemplateResponse(request, "admin/curation/review.html", context)

    def _restore(self, request, document, suggestion):
        """"Put back" on one removed block: done at once, nothing else on the form is saved."""
        try:
            restore_block(document, suggestion, request.user)
        except ReviewError as exc:
            self.message_user(request, " ".join(m for ms in exc.message_dict.values() for m in ms), messages.ERROR)
        else:
            self.message_user(request, _("The block is back in the text, where it stood."), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def _edit_roles_and_slug(self, request, document, form, role_form, slug_form, shown_slug):
        """The authors, recipients and address the curator changed on the review screen."""
        for role_id in form.roles_to_remove():
            remove_role(document, role_id, request.user)
        if role_form.wanted():
            data = role_form.cleaned_data
            add_role(document, role=data["role"], entity_type=data["entity_type"], name=data["name"], user=request.user)
        slug = slug_form.cleaned_data["slug"]
        # Only a slug the curator typed: an unchanged field lets the slug follow the title.
        if slug and slug != shown_slug:
            set_slug(document, slug, request.user)


class EntityMergeMixin:
    """"Merge the two selected records…" on people, organisations and places, and the
    confirmation page (`merge/?ids=1,2`) that shows what will move."""

    actions = ["merge_selected"]

    def _merge_url_name(self) -> str:
        return f"archive_{registry.of_model(self.model).admin_name}_merge"

    def get_urls(self):
        return [
            path("merge/", self.admin_site.admin_view(self.merge_view), name=self._merge_url_name()),
            *super().get_urls(),
        ]

    @admin.action(description=_("Merge the two selected records…"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, _("Choose exactly two records to merge."), messages.ERROR)
            return None
        return HttpResponseRedirect(f"{reverse(f'admin:{self._merge_url_name()}')}?ids={ids[0]},{ids[1]}")

    def merge_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        ids = [i for i in request.GET.get("ids", "").split(",") if i.isdigit()][:2]
        records = list(self.model.objects.filter(pk__in=ids))
        if len(records) != 2:
            self.message_user(request, _("Choose exactly two records to merge."), messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:archive_{opts.model_name}_changelist"))
        # The page's own GET form changes which record stays; its POST confirms the merge.
        data = request.POST if request.method == "POST" else request.GET if "survivor" in request.GET else None
        form = MergeForm(records, data, initial={"survivor": str(records[0].pk)})
        chosen = form.cleaned_data["survivor"] if form.is_bound and form.is_valid() else str(records[0].pk)
        survivor = next(r for r in records if str(r.pk) == chosen)
        loser = next(r for r in records if r.pk != survivor.pk)
        if request.method == "POST" and form.is_valid() and form.cleaned_data["confirm"]:
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
