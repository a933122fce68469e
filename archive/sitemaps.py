"""sitemap.xml: every public page, and nothing a reader may not see."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from archive.models import Document, Organisation, Person, Place, Topic
from archive.models.visibility import PUBLIC


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Document.objects.visible_to(PUBLIC).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def __init__(self, records):
        self.records = records

    def items(self):
        return self.records.objects.visible_to(PUBLIC).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Topic.objects.visible_to(PUBLIC).order_by("pk").only("slug")


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return ["home", "document-list", "timeline", "topic-list", "about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "documents": DocumentSitemap,
    "people": RecordSitemap(Person),
    "organisations": RecordSitemap(Organisation),
    "places": RecordSitemap(Place),
    "topics": TopicSitemap,
}
