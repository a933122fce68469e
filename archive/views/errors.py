"""Error pages rendered like every other page, so a reader keeps the site's navigation."""

from django.core.exceptions import BadRequest
from django.shortcuts import render


def bad_request(request, exception):
    # Only our own BadRequest messages are written for readers; others stay generic.
    message = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"message": message}, status=400)
