from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .feeds import LatestDocumentsFeed
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/feed/", LatestDocumentsFeed(), name="document-feed"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("documents/<slug:slug>/originals/<int:pk>/<str:filename>", views.original_file, name="original-file"),
    path("documents/<slug:slug>/cite/<slug:style>/", views.document_citation, name="document-citation"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("names/", views.name_suggestions, name="name-suggestions"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
