"""System checks for what a deployment needs beyond Django's own `check --deploy`."""

from django.conf import settings
from django.core import checks
from django.core.cache import InvalidCacheBackendError, caches


@checks.register(checks.Tags.caches, deploy=False)
def cache_backends_load(app_configs, **kwargs):
    """Every configured cache must load its client library: the API's throttle uses the
    default cache on every anonymous request, so a missing `redis` package was a 500 for
    every reader while `check --deploy` passed."""
    errors = []
    for alias in settings.CACHES:
        try:
            # Django's Redis backend imports its client only when the client is first built.
            getattr(caches[alias], "_cache", None)
        except (ImportError, InvalidCacheBackendError) as exc:
            errors.append(
                checks.Error(
                    f"The cache {alias!r} cannot load: {exc}",
                    hint="Install the cache's client library (e.g. `redis` for REDIS_URL) or unset the setting.",
                    id="archive.E001",
                )
            )
    return errors
