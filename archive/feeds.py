"""An Atom feed of newly published documents."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from archive.models import Document, PublicChange
from archive.models.visibility import PUBLIC
from archive.templatetags.archive_tags import date_meaning
from archive.text import strip_control_characters

FEED_LENGTH = 50


class PlainTextSummaryAtomFeed(Atom1Feed):
    """Atom with `<summary type="text">`.

    Django writes summaries as `type="html"`, so a summary quoting markup (`<b>`, a
    `<script>` a curator pasted) became live markup in every feed reader that does not
    sanitise. A summary is plain text in the archive, and says so here."""

    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class LatestDocumentsFeed(Feed):
    feed_type = PlainTextSummaryAtomFeed
    title = _("Document archive: newly published documents")
    subtitle = _("Documents as they are published in the archive, newest first.")
    link = reverse_lazy("document-list")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django's is the newest entry's date, which stays put when an entry is withdrawn
        # or deleted; the last public change moves then too.
        changed = PublicChange.objects.last_changed()
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        return response

    def items(self):
        return Document.objects.visible_to(PUBLIC).without_long_texts().order_by("-published_at", "-pk")[:FEED_LENGTH]

    # Records saved before control characters were refused may still hold them, and XML
    # cannot carry them: one in a published title made the feed a 500 for everyone.
    def item_title(self, item):
        return strip_control_characters(item.title)

    def item_description(self, item):
        return strip_control_characters(item.summary or date_meaning(item.date_edtf))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
