"""Requests no view should see: bodies over the stated limits, and a NUL byte in the
address or its parameters.

No record's slug or text holds a NUL (PostgreSQL cannot store one), and passed on to a
query it made the database driver fail: a 500 on /timeline/?person=%00 and on API details.
They are answered here, once for every surface, in that surface's format: JSON under
/api/, the styled page elsewhere. OAI-PMH checks its own arguments (`badArgument`)."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render


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
                    # The search page's own way of naming bad parameters, on the styled 400 page.
                    return render(request, "400.html", {"errors": {shown: "contains a NUL character."}}, status=400)
        return self.get_response(request)


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024


class RequestSizeLimitMiddleware:
    """A multipart upload larger than UPLOAD_MAX_MEGABYTES is refused from its Content-Length
    with a 413, before anything (CSRF's check reads the whole form) reads the body: a 400 MB
    upload used to be received in full and only then refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > upload_limit_bytes():
                message = (
                    f"The upload is {length / 1048576:,.0f} MB; at most {settings.UPLOAD_MAX_MEGABYTES} MB "
                    f"may be sent at once. Send the files in smaller batches."
                )
                if is_api(request):
                    response = JsonResponse({"detail": message}, status=413)
                else:
                    response = render(request, "400.html", {"message": message}, status=413)
                # The unread body cannot be skipped on a kept-alive connection.
                response["Connection"] = "close"
                return response
        return self.get_response(request)
