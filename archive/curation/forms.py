from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .pages import MAX_PAGE_BYTES


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
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(_("At most %(n)d files at a time.") % {"n": settings.UPLOAD_MAX_FILES})
        return files


class UploadForm(forms.Form):
    pages = MultipleFileField(label=_("Saved pages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits the server enforces, read when the form is built so the text stays true.
        self.fields["pages"].help_text = _(
            "Plain-text or HTML pages, up to %(size)d MB each, at most %(files)d files and %(total)d MB "
            "in one upload. Each becomes a draft."
        ) % {
            "size": MAX_PAGE_BYTES // (1024 * 1024), "files": settings.UPLOAD_MAX_FILES,
            "total": settings.UPLOAD_MAX_MEGABYTES,
        }


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(label=_("Record that stays"), widget=forms.RadioSelect)

    def __init__(self, records, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(str(r.pk), f"{r.name} ({r.slug})") for r in records]
