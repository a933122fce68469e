from django import forms
from django.utils.translation import gettext_lazy as _

from archive.models import RoleKind

from .pages import MAX_PAGE_BYTES

MAX_FILES = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Choose at least one .txt or .html page."))
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at a time.") % {"n": MAX_FILES})
        return files


class UploadForm(forms.Form):
    pages = MultipleFileField(
        label=_("Saved pages"),
        help_text=_("Plain-text or HTML pages, up to %(size)d MB each. Each becomes a draft.")
        % {"size": MAX_PAGE_BYTES // (1024 * 1024)},
    )


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(label=_("Record that stays"), widget=forms.RadioSelect)

    def __init__(self, records, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(str(r.pk), f"{r.name} ({r.slug})") for r in records]


class AddRoleForm(forms.Form):
    """An author or recipient the import missed, added on the review screen."""

    prefix = "add-role"
    role = forms.ChoiceField(label=_("as"), choices=[(RoleKind.AUTHOR, _("author")), (RoleKind.RECIPIENT, _("recipient"))])
    entity_type = forms.ChoiceField(label=_("kind of record"),
                                    choices=[("person", _("person")), ("organisation", _("organisation"))])
    name = forms.CharField(label=_("name"), max_length=255, required=False,
                           help_text=_("Any of the record's names; a name no record has creates a new record."))


class SlugForm(forms.Form):
    slug = forms.SlugField(label=_("address (slug)"), max_length=100, required=False,
                           help_text=_("Follows the title until the document is first published; then it is fixed."))
