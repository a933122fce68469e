"""Change forms that refuse to save over a newer version of their record.

Each change form carries, hidden, the version of the record it was opened on
(`archive.versions`). On save the record's row is locked and its latest version read: if
another curator (or the API, or an import) saved it in between, the form comes back with
the curator's entries as typed and an error saying who saved, when, and which fields they
changed. The form then carries the latest version, so saving again keeps the curator's
entries deliberately.
"""

from django import forms
from django.utils.translation import gettext

from archive import versions

VERSION_FIELD = "record_version"


def versioned(form_class):
    """`form_class` (a ModelForm for a record with history) with the version check."""

    class VersionedForm(form_class):
        record_version = forms.CharField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial[VERSION_FIELD] = str(versions.latest_version(self.instance))

        def clean(self):
            cleaned = super().clean()
            read = _version_read(self.data.get(self.add_prefix(VERSION_FIELD), ""))
            if read is None:
                self.add_error(None, gettext(
                    "This form does not say which version of the record it was opened on: "
                    "open the record again and repeat your change."
                ))
                return cleaned
            latest = versions.latest_version(versions.lock(self.instance))
            if read == latest:
                return cleaned
            if read and not self.instance.history.filter(history_id=read).exists():
                self.add_error(None, gettext(
                    "This form names a version the record never had: open the record again and repeat your change."
                ))
                return cleaned
            fields = [name for name in self.fields if name != VERSION_FIELD]
            changes = versions.changes_since(self.instance, read, fields)
            labels = {name: field.label or name for name, field in self.fields.items()}
            differing = [name for name in self.changed_data if name != VERSION_FIELD]
            self.add_error(None, changes.describe(labels, differing))
            # Saving the form again now overwrites knowingly.
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = str(latest)
            self.data = data
            return cleaned

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


def _version_read(value: str) -> int | None:
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)
