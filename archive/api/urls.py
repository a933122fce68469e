"""The REST API under /api/ (its search endpoint is routed in config/urls.py)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("places", views.PlaceViewSet, basename="place")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("", views.APIRootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, which the strict CSP allows.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^", views.not_found),
]
