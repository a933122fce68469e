"""The sitemap: an index (`/sitemap.xml`) of files of at most `PER_FILE` addresses each.

A sitemap file may hold 50,000 addresses (sitemaps.org); one file for the whole archive
was 8 MB and took seconds at 100,000 documents. Each section (documents, people, …) is
paged into files of `PER_FILE` addresses, listed by the index; Django's own index and
section views do the paging.

Rendering 10,000 addresses still takes a few hundred milliseconds, so each rendered file
(and the index) is kept in the shared cache under `SearchState.documents_token` and the
document change log's last id, which database triggers change on every write to documents,
people, organisations, places and topics (search migrations 0004 and 0007): a crawler's
request is then one small query and a cache read, and no write is missing from the next.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from archive.models import Document, Organisation, Person, Place, PublicChange, Topic
from archive.models.visibility import PUBLIC
from archive.search.tokens import current_tokens

PER_FILE = 10_000
CACHE_SECONDS = 24 * 3600


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = PER_FILE

    def items(self):
        return Document.objects.visible_to(PUBLIC).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would call lastmod() on every item.
        return Document.objects.visible_to(PUBLIC).aggregate(latest=Max("updated_at"))["latest"]


class RecordSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = PER_FILE

    def __init__(self, records):
        self.records = records

    def items(self):
        return self.records.objects.visible_to(PUBLIC).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.records.objects.visible_to(PUBLIC).aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = PER_FILE

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


def _cached(request, key: str, render) -> HttpResponse:
    """`render()`'s response, kept in the cache until the archive's documents token changes
    (no token, no caching: nothing would say when the records change). Its `Last-Modified`
    is the last public change when it was rendered (Django's is the newest listed record's,
    which stays put when a record is withdrawn or deleted); every public change to what a
    sitemap lists moves the token too, so a cached file's date is never older than its content."""
    state = current_tokens()
    if not state.documents:
        return _dated(render())
    full_key = f"sitemap-dated:{state.documents}:{state.last_change}:{request.scheme}:{request.get_host()}:{key}"
    stored = cache.get(full_key)
    if stored is None:
        response = _dated(render())
        if response.status_code != 200:
            return response
        response.render()
        stored = (response.content, response.get("Last-Modified"))
        cache.set(full_key, stored, CACHE_SECONDS)
    content, last_modified = stored
    response = HttpResponse(content, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


def _dated(response):
    changed = PublicChange.objects.last_changed()
    if response.status_code == 200 and changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


@require_GET
def sitemap_index(request):
    return _cached(request, "index", lambda: sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="sitemap-section"))


@require_GET
def sitemap_section(request, section):
    page = request.GET.get("p", "1")
    return _cached(request, f"{section}:{page[:12]}", lambda: sitemap_views.sitemap(
        request, SITEMAPS, section=section))
