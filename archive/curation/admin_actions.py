"""Curation actions for the archive's own admin classes (mixed into them in archive/admin/)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class MergeActionMixin:
    """"Merge the two selected records…" on people, organisations and places."""

    actions = ["merge_selected"]

    @admin.action(description=_("Merge the two selected records…"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:3])
        if len(ids) != 2:
            self.message_user(request, _("Choose exactly two records to merge."), messages.ERROR)
            return None
        url = reverse("admin:curation_merge", args=[self.model._meta.model_name])
        return HttpResponseRedirect(f"{url}?ids={ids[0]},{ids[1]}")


class DocumentCurationMixin:
    """A link to the review screen on each document, and a mention re-scan action."""

    @admin.display(description=_("import suggestions and mentions"))
    def curation_review(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:curation_review", args=[obj.pk]), _("Review suggestions and mentions")
        )

    @admin.action(description=_("Find known names in the selected documents"), permissions=["change"])
    def scan_for_mentions(self, request, queryset):
        from archive.curation.mentions import build_matcher, scan_documents

        added = scan_documents(queryset, build_matcher())
        self.message_user(request, ngettext("%d mention suggested.", "%d mentions suggested.", added) % added)

    @admin.action(description=_("Review the selected document's suggestions"), permissions=["change"])
    def review_suggestions(self, request, queryset):
        document = queryset.order_by("pk").first()
        return HttpResponseRedirect(reverse("admin:curation_review", args=[document.pk]))
