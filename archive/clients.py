"""Who is asking: the client's network address, by the one rule the API's throttle and the
login lockout share."""

from django.conf import settings


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind NUM_PROXIES trusted proxies the address the outermost of them
    saw: each proxy appends one entry to X-Forwarded-For, so only the last NUM_PROXIES entries
    were written by someone trusted; anything left of them is what the client claimed."""
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = settings.NUM_PROXIES
    if not proxies or not forwarded:
        return remote
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    return entries[-min(proxies, len(entries))] if entries else remote
