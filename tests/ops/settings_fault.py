"""Production settings for the database-restart test's gunicorn, but with static files named
as they are: the manifest would need a `collectstatic` first, and the styled error pages
render `{% static %}` links."""

from config.settings import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
