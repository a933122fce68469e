from django.contrib import admin
from django.urls import include, path

from archive.search.api import SearchAPIView

admin.site.site_header = "Archive curation"
admin.site.site_title = "Archive curation"
admin.site.index_title = "Records"
# The document form and its inlines need the full width of a 1280 px screen; the sidebar took
# 300 px of it. Breadcrumbs and the index still lead everywhere.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/search/", SearchAPIView.as_view(), name="api-search"),
    path("api/", include("archive.api.urls")),
    path("oai/", include("archive.oai.urls")),
    path("", include("archive.urls")),
]

# The public site's styled error page for malformed requests (404 uses templates/404.html).
handler400 = "archive.views.errors.bad_request"
# 503 with Retry-After when the database is unreachable, in each surface's format; else a 500.
handler500 = "archive.views.errors.server_error"
