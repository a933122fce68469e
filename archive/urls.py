from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("timeline/", views.timeline, name="timeline"),
]
