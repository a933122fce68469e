"""Home, about, topics, the timeline, and robots.txt."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from archive.models import Organisation, Person, Place, Topic
from archive.models.visibility import PUBLIC

from . import charts, selectors
from .base import page_of, render_page

TIMELINE_PER_PAGE = 100


def home(request):
    documents = selectors.published()
    context = {
        "overview": selectors.overview(),
        "recent": documents.order_by("-published_at", "-pk")[:8],
        "featured": documents.filter(featured=True).order_by("-date_lower")[:6],
        "topics": [t for t in selectors.topics_with_counts() if t.n],
        "chart": charts.year_chart(
            selectors.documents_per_year(documents),
            lambda year: f"{reverse('document-list')}?date_from={year}&date_to={year}",
        ),
    }
    return render_page(request, "archive/home.html", context)


def about(request):
    return render_page(request, "archive/about.html", {"overview": selectors.overview()})


def topic_list(request):
    return render_page(request, "archive/topic_list.html", {"topics": selectors.topics_with_counts()})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.visible_to(PUBLIC), slug=slug)
    documents = page_of(request, selectors.published().filter(topics=topic).order_by("date_lower", "title"), 20)
    context = {"topic": topic, "documents": documents}
    return render_page(request, "archive/topic_detail.html", context, partial="results")


TIMELINE_FILTERS = {"person": Person, "organisation": Organisation, "place": Place}


def timeline(request):
    """Events and documents by year, optionally for one person, organisation or place."""
    chosen = {}
    for name, records in TIMELINE_FILTERS.items():
        slug = request.GET.get(name, "").strip()
        if slug:
            chosen[name] = records.objects.visible_to(PUBLIC).filter(slug=slug[:120]).first()
            if chosen[name] is None:
                raise BadRequest(_("There is no %(kind)s “%(slug)s” to filter by.") % {"kind": name, "slug": slug[:120]})
    items = page_of(request, selectors.timeline_items(**chosen), TIMELINE_PER_PAGE)
    context = {"items": items, "chosen": chosen}
    return render_page(request, "archive/timeline.html", context, partial="results")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /names/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
