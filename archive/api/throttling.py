"""Anonymous throttling on the shared cache (Redis in production), so the limit holds across
every worker process rather than per process."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    # DRF binds the rates at import; read them per request so the deployment's setting
    # (and a test's override) is the one that counts.
    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)
