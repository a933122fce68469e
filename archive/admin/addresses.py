from django.contrib import admin

from archive.models import PastSlug


@admin.register(PastSlug)
class PastSlugAdmin(admin.ModelAdmin):
    """Past addresses are written by renames, withdrawals, deletions and merges, never by
    hand: a curator can look them up, and delete one to stop its redirect."""

    list_display = ("slug", "model", "record_id", "because", "retired_at")
    list_filter = ("model", "because")
    search_fields = ("slug",)
    date_hierarchy = "retired_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
