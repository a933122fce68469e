"""Publishing and unpublishing a document: the one place that changes `Document.status`.

A write service: keyword-only arguments, the check before the change, the change saved
with the user who made it. The admin (the publish actions, the change form, the review
screen), the API's document writes and the bag import (`manage.py import`) all call it;
nothing else sets the status. Loading a fixture (`loaddata`, `seed`) restores records as
they were curated, status included, and only borrows `stamp_first_publication` below.

- Refused, with the reason, while the document has import suggestions nobody has decided:
  publishing would put the importer's guesses before readers unseen.
- `published_at` is the first publication: stamped once, kept when a document is taken
  down and published again (the feed and "recent" lists read it).
- Who: the document's history (django-simple-history) records it. The row each change
  writes carries `history_user` and the change reason "Published" or "Unpublished", so
  the admin's History page lists every publication and withdrawal with the curator's name.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

from archive.curation.models import Suggestion
from archive.models import Document, Status

PUBLISHED_REASON = "Published"
UNPUBLISHED_REASON = "Unpublished"


class PublishRefused(ValidationError):
    """Why a document cannot be published now. A ValidationError on `status`, so a form
    shows it on the field and the API answers 400 naming the field."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__({"status": [reason]})


def refusal(document: Document) -> str | None:
    """The reason `document` cannot be published now, or None."""
    undecided = Suggestion.objects.open().filter(document=document).count()
    if undecided:
        return ngettext(
            "%(n)d import suggestion is still undecided: decide it on the review screen before publishing.",
            "%(n)d import suggestions are still undecided: decide them on the review screen before publishing.",
            undecided,
        ) % {"n": undecided}
    return None


def stamp_first_publication(document: Document, when=None) -> None:
    """Give a published document its first publication time, unless it has one."""
    if document.status == Status.PUBLISHED and document.published_at is None:
        document.published_at = when or timezone.now()


def _check_permission(user) -> None:
    # None is the system itself (a command); a person needs the right to change documents.
    if user is not None and not user.has_perm("archive.change_document"):
        raise PermissionDenied


def _save(document: Document, user, reason: str) -> None:
    document._history_user = user
    document._change_reason = reason
    # Only what this service decides: other unsaved edits on the instance stay the caller's.
    document.save(update_fields=["status", "published_at", "updated_at"])


def publish(*, document: Document, user=None) -> bool:
    """Publish `document`; returns False if it already was. Raises PublishRefused."""
    _check_permission(user)
    if document.status == Status.PUBLISHED:
        return False
    if reason := refusal(document):
        raise PublishRefused(reason)
    document.status = Status.PUBLISHED
    stamp_first_publication(document)
    _save(document, user, PUBLISHED_REASON)
    return True


def unpublish(*, document: Document, user=None) -> bool:
    """Take `document` back to draft; returns False if it was one. Never refused: taking
    a record down must always be possible. `published_at` stays the first publication."""
    _check_permission(user)
    if document.status == Status.DRAFT:
        return False
    document.status = Status.DRAFT
    _save(document, user, UNPUBLISHED_REASON)
    return True


def set_status(*, document: Document, status: str, user=None) -> bool:
    """Publish or unpublish to reach `status` (what a form or the API asks for)."""
    if status == Status.PUBLISHED:
        return publish(document=document, user=user)
    return unpublish(document=document, user=user)
