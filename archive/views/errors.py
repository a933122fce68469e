"""Error pages in the format of the surface that failed: the site's styled pages, JSON under
/api/, OAI-PMH XML under /oai/."""

import sys
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import TooManyFilesSent
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.utils import timezone

from archive.middleware import is_api, is_oai

# Seconds a client is asked to wait when the database cannot be reached (a restart takes
# a few seconds; harvesters and API clients honour Retry-After).
RETRY_AFTER = str(getattr(settings, "DATABASE_UNAVAILABLE_RETRY_AFTER", 30))


def bad_request(request, exception):
    # Only our own BadRequest messages and the stated limits are written for readers; others
    # stay generic.
    status = 400
    message = str(exception) if type(exception) is BadRequest else ""
    if isinstance(exception, TooManyFilesSent):
        message = f"At most {settings.UPLOAD_MAX_FILES} files may be sent at once. Send them in smaller batches."
    elif isinstance(exception, RequestDataTooBig):
        status = 413
        message = f"The request is larger than the {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes allowed."
    if is_api(request):
        return JsonResponse({"detail": message or "Bad request."}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


def _database_unavailable(exception) -> bool:
    # Both mean the connection is gone or cannot be made (a stopped or restarting server,
    # a network fault, SQLite's file locked past its timeout): the request may succeed later.
    return isinstance(exception, (OperationalError, InterfaceError))


def _oai_unavailable(request) -> bytes:
    from archive.oai.protocol import datestamp
    from archive.oai.xml import OAI_NS, sub, to_bytes

    root = ET.Element(f"{{{OAI_NS}}}OAI-PMH")
    sub(root, "responseDate", text=datestamp(timezone.now()))
    sub(root, "request", text=request.build_absolute_uri(request.path))
    root.append(ET.Comment(" The repository is unavailable for a moment; retry after the Retry-After delay. "))
    return to_bytes(root)


def server_error(request):
    """handler500: a 503 with Retry-After when the database is unreachable, else a 500."""
    unavailable = _database_unavailable(sys.exception())
    status = 503 if unavailable else 500
    if is_api(request):
        detail = (
            "The archive is unavailable for a moment; retry after the Retry-After delay."
            if unavailable else "Server error."
        )
        response = JsonResponse({"detail": detail}, status=status)
    elif is_oai(request) and unavailable:
        response = HttpResponse(_oai_unavailable(request), content_type="text/xml; charset=utf-8", status=503)
    else:
        try:
            response = render(request, "503.html" if unavailable else "500.html", status=status)
        except TemplateDoesNotExist:  # pragma: no cover - both templates ship with the project
            response = HttpResponse("Server error", status=status, content_type="text/plain")
    if unavailable:
        response["Retry-After"] = RETRY_AFTER
    return response
