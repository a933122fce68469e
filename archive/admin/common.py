"""Admin pieces shared by every record type."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive import versions

from .versions import versioned

# django-simple-history's change reason column holds 100 characters.
CHANGE_REASON_LENGTH = 100


def inline_changes(formsets) -> str:
    """What the inlines of one save added, changed and removed, in words ("Added name
    “MKO”. Removed name “Mojahedin Khaq”."), for the record's history: the rows of an
    inline have their own history, so the parent's version would otherwise list nothing."""
    parts = []
    for formset in formsets:
        label = formset.model._meta.verbose_name
        for verb, objects in ((gettext("Added"), formset.new_objects),
                              (gettext("Changed"), [obj for obj, _fields in formset.changed_objects]),
                              (gettext("Removed"), formset.deleted_objects)):
            if objects:
                names = ", ".join(f"“{obj}”" for obj in objects)
                parts.append(f"{verb} {label} {names}.")
    return " ".join(parts)


class ArchiveAdmin(SimpleHistoryAdmin):
    """History with per-version diffs (django-simple-history) on every record; changes made
    through inlines are written into the version's change reason; a change form refuses to
    save over a version saved after it was opened (`archive/admin/versions.py`)."""

    list_per_page = 50
    save_on_top = True
    object_history_list_template = "admin/archive/object_history_list.html"
    # Carries the version the form was opened on (hidden).
    change_form_template = "admin/archive/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Only the change form: adding has no earlier version, and reverting to a version
        # from the History page names the version it restores.
        if change and obj is not None and versions.has_versions(self.model):
            return versioned(form)
        return form

    def history_view(self, request, object_id, extra_context=None):
        # An address that cannot be a primary key ("abc") is a record that does not exist.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404(gettext("No record has the id “%(id)s”.") % {"id": object_id[:40]}) from None
        return super().history_view(request, object_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        described = inline_changes(formsets)
        history = getattr(form.instance, "history", None)
        if not described or history is None:
            return
        version = history.order_by("-history_date", "-history_id").first()
        if version is None:
            return
        reason = " ".join(filter(None, [version.history_change_reason, described]))
        version.history_change_reason = Truncator(reason).chars(CHANGE_REASON_LENGTH)
        version.save(update_fields=["history_change_reason"])


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
