from django.http import HttpResponse


def endpoint(request):
    return HttpResponse(status=503)
