"""Anonymous throttling on the shared cache (Redis in production), so the limit holds across
every worker process rather than per process."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from archive.clients import client_address


class AnonymousRateThrottle(AnonRateThrottle):
    # DRF binds the rates at import; read them per request so the deployment's setting
    # (and a test's override) is the one that counts.
    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)

    def get_ident(self, request):
        # DRF's own rule, with NUM_PROXIES unset, took the whole X-Forwarded-For header as the
        # identity: a random header per request escaped the limit.
        return client_address(request)
