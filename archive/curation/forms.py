from django import forms
from django.utils.translation import gettext_lazy as _

from django.conf import settings

from .pages import MAX_PAGE_BYTES

MAX_FILES = 200


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
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at a time.") % {"n": MAX_FILES})
        return files


class UploadForm(forms.Form):
    pages = MultipleFileField(
        label=_("Saved pages, PDFs and scans"),
        help_text=_(
            "Plain-text or HTML pages up to %(size)d MB each; PDFs and PNG, JPEG or TIFF scans up to "
            "%(files)d MB each (their text is read in the background, by OCR where a page has no text). "
            "Each file becomes a draft, and is kept unchanged as its original."
        ) % {"size": MAX_PAGE_BYTES // (1024 * 1024), "files": settings.ORIGINAL_MAX_BYTES // (1024 * 1024)},
    )


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(label=_("Record that stays"), widget=forms.RadioSelect)

    def __init__(self, records, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(str(r.pk), f"{r.name} ({r.slug})") for r in records]
