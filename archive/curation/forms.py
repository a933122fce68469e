"""The curators' forms: uploading saved pages, deciding a draft's review, choosing the record a merge keeps."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from archive.models import RoleKind

from .models import Decision, Suggestion, SuggestionField
from .pages import MAX_PAGE_BYTES
from .review import Decided


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.pdf,.png,.jpg,.jpeg,.tif,.tiff,text/plain,text/html,application/pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Choose at least one .txt or .html page, PDF or image."))
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at a time.") % {"n": settings.UPLOAD_MAX_FILES})
        return files


class UploadForm(forms.Form):
    pages = MultipleFileField(label=_("Saved pages, PDFs and scans"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits the server enforces, read when the form is built so the text stays true.
        self.fields["pages"].help_text = _(
            "Plain-text or HTML pages up to %(size)d MB each; PDFs and PNG, JPEG or TIFF scans up to "
            "%(original)d MB each (their text is read in the background, by OCR where a page has no text); "
            "at most %(files)d files and %(total)d MB in one upload. Each file becomes a draft, and is kept "
            "unchanged as its original."
        ) % {
            "size": MAX_PAGE_BYTES // (1024 * 1024), "original": settings.ORIGINAL_MAX_BYTES // (1024 * 1024),
            "files": settings.UPLOAD_MAX_FILES, "total": settings.UPLOAD_MAX_MEGABYTES,
        }


class MergeForm(forms.Form):
    """Which of two records stays; `confirm` is set by the confirmation page's button."""

    survivor = forms.ChoiceField(label=_("Record that stays"), widget=forms.RadioSelect)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, records, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(str(r.pk), f"{r.name} ({r.slug})") for r in records]


class AddRoleForm(forms.Form):
    """An author or recipient the import missed, added on the review screen."""

    prefix = "add-role"
    # The screen posts this form with every decision: only a typed name asks for a role.
    role = forms.ChoiceField(label=_("as"), required=False,
                             choices=[(RoleKind.AUTHOR, _("author")), (RoleKind.RECIPIENT, _("recipient"))])
    entity_type = forms.ChoiceField(label=_("kind of record"), required=False,
                                    choices=[("person", _("person")), ("organisation", _("organisation"))])
    name = forms.CharField(label=_("name"), max_length=255, required=False,
                           help_text=_("Any of the record's names; a name no record has creates a new record."))

    def clean(self):
        data = super().clean()
        if data.get("name") and not (data.get("role") and data.get("entity_type")):
            raise forms.ValidationError(_("Choose author or recipient, person or organisation, and a name."))
        return data

    def wanted(self) -> bool:
        """Whether the curator asked for a role (typed a name)."""
        return bool(self.cleaned_data.get("name"))


class SlugForm(forms.Form):
    """The draft's address, on the review screen; an unchanged value lets it follow the title."""

    slug = forms.SlugField(label=_("address (slug)"), max_length=100, required=False,
                           help_text=_("Follows the title until the document is first published; then it is fixed."))


DECISION_CHOICES = [("", _("later")), (Decision.CONFIRMED, _("accept")), (Decision.REJECTED, _("reject"))]


class ReviewForm(forms.Form):
    """A curator's decisions on one draft, as the review screen posts them.

    Per open suggestion, `decision-<pk>` (accept, reject or later) and `value-<pk>` (the
    value to keep, corrected or not); per record whose names were found in the text,
    `mention-<type>-<pk>`; `remove-role` (the authors and recipients to take off);
    `restore` (the one removed block to put back now, the "Put back" button); and
    `publish`. Fields exist only for what the screen shows, so a key for another
    document's suggestion or role is never read.
    """

    publish = forms.BooleanField(label=_("Publish once every suggestion is decided"), required=False)

    def __init__(self, *args, suggestions=(), mention_groups=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = [s for s in suggestions if s.status == Decision.SUGGESTED]
        self.groups = list(mention_groups)
        for s in self.suggestions:
            self.fields[f"decision-{s.pk}"] = forms.ChoiceField(choices=DECISION_CHOICES, required=False)
            self.fields[f"value-{s.pk}"] = forms.CharField(max_length=500, required=False)
        for group in self.groups:
            self.fields[f"mention-{group['key']}"] = forms.ChoiceField(choices=DECISION_CHOICES, required=False)
        self.fields["remove-role"] = forms.TypedMultipleChoiceField(
            choices=[(str(r.pk), str(r.pk)) for r in roles], coerce=int, required=False,
        )
        self.fields["restore"] = forms.TypedChoiceField(
            choices=[("", "")] + [(str(s.pk), str(s.pk)) for s in self.suggestions if s.field == SuggestionField.REMOVED],
            coerce=int, required=False, empty_value=None,
        )

    def restore(self) -> Suggestion | None:
        """The removed block the curator asked to put back at once, if any."""
        pk = self.cleaned_data["restore"]
        return next((s for s in self.suggestions if s.pk == pk), None) if pk else None

    def roles_to_remove(self) -> list[int]:
        return self.cleaned_data["remove-role"]

    def decisions(self) -> dict[int, Decided]:
        """The suggestions decided now (those left for later are not listed)."""
        data = self.cleaned_data
        return {
            s.pk: Decided(data[f"decision-{s.pk}"], data[f"value-{s.pk}"])
            for s in self.suggestions
            if data[f"decision-{s.pk}"]
        }

    def mention_decisions(self) -> dict[tuple[str, int], str]:
        data = self.cleaned_data
        return {
            (group["type"], group["entity"].pk): data[f"mention-{group['key']}"]
            for group in self.groups
            if data[f"mention-{group['key']}"]
        }

    def errors_by_suggestion(self) -> dict[str, list[str]]:
        """Field errors keyed as `review.ReviewError` keys them (the suggestion's pk)."""
        keyed = {}
        for name, errors in self.errors.items():
            keyed[name.rpartition("-")[2] if name.startswith(("decision-", "value-")) else name.replace("-", "_")] = list(errors)
        return keyed
