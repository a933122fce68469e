"""Requests no view should see: a NUL byte in the address or its parameters.

No record's slug or text holds a NUL (PostgreSQL cannot store one), and passed on to a
query it made the database driver fail: a 500 on /timeline/?person=%00 and on API details.
They are answered here, once for every surface, in that surface's format: JSON under
/api/, the styled page elsewhere. OAI-PMH checks its own arguments (`badArgument`)."""

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def is_oai(request) -> bool:
    return request.path_info.startswith("/oai/")


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            if is_api(request):
                return JsonResponse({"detail": "No such record."}, status=404)
            raise Http404("No such page.")
        if not is_oai(request):
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    shown = name.replace("\x00", "")
                    if is_api(request):
                        return JsonResponse({shown or "parameters": ["Contains a NUL character."]}, status=400)
                    raise BadRequest(f"The parameter “{shown}” contains a NUL character.")
        return self.get_response(request)
