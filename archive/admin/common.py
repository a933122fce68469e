"""Admin pieces shared by every record type."""

from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class ArchiveAdmin(SimpleHistoryAdmin):
    """History with per-version diffs (django-simple-history) on every record."""

    list_per_page = 50
    save_on_top = True


class YearListFilter(admin.SimpleListFilter):
    """Filter by the year a record's EDTF date can begin in."""

    title = _("year")
    parameter_name = "year"
    date_field = "date_stated"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.date_field}__isnull": True})
            .annotate(y=ExtractYear(self.date_field))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"{self.date_field}__year": int(value)})
        return queryset
