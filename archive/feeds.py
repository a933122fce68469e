"""An Atom feed of newly published documents."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from archive.models import Document
from archive.models.visibility import PUBLIC
from archive.templatetags.archive_tags import date_meaning

FEED_LENGTH = 50


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Document archive: newly published documents")
    subtitle = _("Documents as they are published in the archive, newest first.")
    link = reverse_lazy("document-list")

    def items(self):
        return Document.objects.visible_to(PUBLIC).order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or date_meaning(item.date_edtf)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
