"""Home, about, topics, the timeline, and robots.txt."""

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from archive import registry
from archive.models import Topic
from archive.models.visibility import PUBLIC

from . import charts, selectors
from .base import page_of, record_at, render_page

TIMELINE_PER_PAGE = 100


def home(request):
    documents = selectors.published()
    context = {
        "overview": selectors.overview(),
        "recent": documents.order_by("-published_at", "-pk")[:8],
        "featured": documents.filter(featured=True).order_by("-date_stated")[:6],
        "topics": [t for t in selectors.topics_with_counts() if t.n],
        "chart": charts.year_chart(
            selectors.published_per_year(),
            lambda year: f"{reverse('document-list')}?year={year}",
        ),
    }
    return render_page(request, "archive/home.html", context)


def about(request):
    return render_page(request, "archive/about.html", {"overview": selectors.overview()})


def topic_list(request):
    return render_page(request, "archive/topic_list.html", {"topics": selectors.topics_with_counts()})


def topic_detail(request, slug):
    topic, redirect = record_at(request, Topic.objects.visible_to(PUBLIC), slug)
    if redirect:
        return redirect
    documents = page_of(request, selectors.topic_documents(topic), 20)
    context = {"topic": topic, "documents": documents}
    return render_page(request, "archive/topic_detail.html", context, partial="results")


TIMELINE_LABELS = {
    "person": gettext_lazy("Person"), "organisation": gettext_lazy("Organisation"), "place": gettext_lazy("Place"),
}


def timeline(request):
    """Events and documents by year, optionally for one person, organisation or place.

    Each is chosen by any of its names (the form suggests them as the search box does); an
    address name (slug) is still understood, so older links keep working."""
    chosen = {}
    for name, kind in registry.ENTITY_TYPES.items():
        text = request.GET.get(name, "").strip()[:200]
        if text:
            visible = kind.visible_to(PUBLIC)
            chosen[name] = visible.filter(slug=text).first() or visible.matching_name(text).first()
            if chosen[name] is None:
                raise BadRequest(_("There is no %(kind)s called “%(name)s” to filter by.") % {"kind": name, "name": text})
    items = page_of(request, selectors.timeline_items(**chosen), TIMELINE_PER_PAGE)
    fields = [
        (name, label, chosen[name].name if name in chosen else "") for name, label in TIMELINE_LABELS.items()
    ]
    context = {"items": items, "chosen": chosen, "timeline_fields": fields}
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
