"""Which version of a record a writer read, and what changed since: the check that keeps one
curator from silently saving over another's change.

A record's version is the id of its latest history row (django-simple-history writes one on
every save), or 0 while it has none (records loaded from fixtures). The check reads it under
`lock()`, so no other write lands between the check and the save. The admin's change forms
(`archive/admin/versions.py`) carry the version they were opened on; the API compares ETags
(`archive/api/conditional.py`) and shares the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext


def lock(instance):
    """The row locked until the transaction ends (PostgreSQL), so that no other write lands
    between a version check and this write; SQLite's write transactions are serialised anyway."""
    type(instance)._default_manager.select_for_update().filter(pk=instance.pk).exists()
    return instance


def has_versions(model) -> bool:
    return hasattr(model, "history")


def latest_version(instance) -> int:
    """The id of `instance`'s latest history row, or 0 when it has none."""
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


@dataclass(frozen=True)
class ChangesSince:
    """The versions saved after the one a writer read: who saved them, when, and which of
    `fields` differ between the version read and the latest."""

    saves: list[tuple[str, object]]  # (who, when), oldest first
    fields: list[str] | None  # None: the version read is not in the history, so nothing to compare with
    reasons: list[str]

    def describe(self, labels: dict[str, str], differing: list[str]) -> str:
        """In words, for the curator; `differing` names the fields where the stored record and
        the curator's entries differ, said when the history cannot tell what the others changed."""
        who = "; ".join(
            gettext("%(who)s on %(when)s") % {"who": name, "when": formats.date_format(when, "DATETIME_FORMAT")}
            for name, when in self.saves
        )
        parts = [gettext("Someone saved this record after you opened it: %(who)s.") % {"who": who}]
        if self.fields:
            parts.append(gettext("Changed: %(fields)s.") % {"fields": _names(self.fields, labels)})
        elif self.fields is not None:
            parts.append(gettext("No field of this form changed."))
        elif differing:
            parts.append(gettext("The saved version differs from your entries in: %(fields)s.")
                         % {"fields": _names(differing, labels)})
        parts.extend(self.reasons)
        parts.append(gettext(
            "Your entries are kept below and nothing was saved. Compare them with the saved version "
            "(History), then save again to keep yours."
        ))
        return " ".join(parts)


def changes_since(instance, version: int, fields) -> ChangesSince:
    """What the versions of `instance` after `version` changed, among `fields`."""
    history = instance.history.order_by("history_id")
    newer = list(history.filter(history_id__gt=version).select_related("history_user"))
    saves = [(_who(row), row.history_date) for row in newer]
    reasons = [row.history_change_reason for row in newer if row.history_change_reason]
    base = history.filter(history_id=version).first() if version else None
    changed = None
    if base is not None and newer:
        tracked = {field.name for field in base.tracked_fields} | {f.name for f in base._history_m2m_fields}
        delta = newer[-1].diff_against(base, included_fields=[name for name in fields if name in tracked])
        changed = [name for name in fields if name in set(delta.changed_fields)]
    return ChangesSince(saves=saves, fields=changed, reasons=reasons)


def _names(fields, labels) -> str:
    return ", ".join(str(labels.get(name, name)) for name in fields)


def _who(row) -> str:
    user = row.history_user
    return user.get_username() if user is not None else gettext("a command or import (no curator)")
