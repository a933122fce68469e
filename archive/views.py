"""Public pages. Every query goes through the visibility rules of the querysets."""

from django.shortcuts import get_object_or_404, render

from archive.models import Document, Event, Organisation, Person, Place, Topic


def home(request):
    documents = Document.objects.published().order_by("-date_lower")[:20]
    return render(request, "archive/home.html", {"documents": documents})


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.published().with_roles(), slug=slug)
    return render(request, "archive/document_detail.html", {"document": document})


def _entity_page(request, queryset, slug, template):
    entity = get_object_or_404(queryset.with_names(), slug=slug)
    return render(request, template, {"entity": entity})


def person_detail(request, slug):
    return _entity_page(request, Person.objects.public(), slug, "archive/entity_detail.html")


def organisation_detail(request, slug):
    return _entity_page(request, Organisation.objects.all(), slug, "archive/entity_detail.html")


def place_detail(request, slug):
    return _entity_page(request, Place.objects.all(), slug, "archive/entity_detail.html")


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return render(request, "archive/topic_detail.html", {"topic": topic})


def timeline(request):
    events = Event.objects.order_by("date_lower")
    return render(request, "archive/timeline.html", {"events": events})
