"""Conditional GET: an `ETag` from the response itself and a `Last-Modified` from the archive's
change history, with `304 Not Modified` when the client already has the response.

The ETag is exact (a digest of the body). `Last-Modified` is conservative: it is the
last time anything in the archive changed, so a client revalidating by date alone may
download a response again, but never keeps a stale one.
"""

import hashlib

from django.apps import apps
from django.db.models import Max
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# Tables whose `updated_at` also moves on raw saves (fixture loads write no history rows).
STAMPED_MODELS = ("document", "person", "organisation", "place")


def _stamp_columns():
    for model in apps.get_app_config("archive").get_models():
        fields = {field.name: field for field in model._meta.concrete_fields}
        if "history_date" in fields:
            yield model, fields["history_date"]
        elif model._meta.model_name in STAMPED_MODELS:
            yield model, fields["updated_at"]


def archive_last_changed():
    """The latest change to any archive record, in one query, or None for an empty archive."""
    parts = [model._base_manager.order_by().values_list(Max(field.name)) for model, field in _stamp_columns()]
    stamps = [at for (at,) in parts[0].union(*parts[1:], all=True).order_by() if at is not None]
    return max(stamps, default=None)


class ConditionalGetMixin:
    """For views: validators on every successful GET, and a 304 when they match."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = '"%s"' % hashlib.sha256(response.content).hexdigest()[:40]
        changed = archive_last_changed()
        response["ETag"] = etag
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        # What a client sees depends on who it is (drafts, private people for curators).
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, no_cache=True)
        return get_conditional_response(
            request._request if hasattr(request, "_request") else request,
            etag=etag,
            last_modified=int(changed.timestamp()) if changed is not None else None,
            response=response,
        )
