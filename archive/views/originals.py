"""A published document's original files, for readers to view or download.

Only files of published documents are ever served (a draft's file is a 404 like the draft
itself). The media type served is the one read from the file's bytes when it was received;
anything a browser could run (a saved HTML page) is served as plain text, and `?download`
asks for an attachment.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from archive.models import OriginalFile
from archive.models.visibility import PUBLIC


@require_safe
def original_file(request, slug, pk, filename):
    original = get_object_or_404(
        OriginalFile.objects.visible_to(PUBLIC).select_related("document"), document__slug=slug, pk=pk
    )
    if filename != original.filename:
        raise Http404(_("No such file."))
    try:
        stream = original.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from the archive's store.")) from exc
    content_type = original.served_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        stream, content_type=content_type, as_attachment="download" in request.GET, filename=original.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A file shown in place loads nothing else; anything but a PDF is also sandboxed (no
    # script, no form, no origin). Browsers refuse to show a sandboxed PDF at all, and their
    # PDF viewers run no page script.
    policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Content-Security-Policy"] = policy if original.media_type == "application/pdf" else policy + "; sandbox"
    response["ETag"] = f'"{original.sha256}"'
    return response
