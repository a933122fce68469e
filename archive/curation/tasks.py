"""Background work: re-scanning documents when the names the archive knows change or a
document's text changes, looking a new or changed text up for passages it shares with other
documents, and reading the pages of imported PDFs and scans.

Run by the tasks backend in settings.TASKS: at once in development and tests, by
`manage.py run_worker` (`archive.curation.worker`, on django-tasks-db) in production, so a
curator never runs a command.

Every task may run more than once (a task left running by a worker that died is run again),
so each one is idempotent: a scan only adds the suggestions not yet recorded, and a file's
pages are read only while its text is still awaited.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.tasks import task

from archive.models import Document, Extraction, OriginalFile
from archive.originals import FileRefused

from . import mentions, rescans, reuse
from .importer import PageImporter
from .models import ReuseCheck
from .paged import ReadError, read_pages


@task
def rescan_pending() -> int:
    """Find the names of every record waiting for a re-scan (all of them, as they are now)
    in every document, in one pass (`rescans`)."""
    return rescans.run_pass()


@task
def scan_document_mentions(document_id: int) -> int:
    """Find every known name in one document (after an import or a text edit)."""
    document = Document.objects.filter(pk=document_id).first()
    return mentions.scan_document(document) if document else 0


@task
def check_text_reuse(document_id: int) -> int:
    """Look one document's text up for passages it shares with others; returns the new
    proposals. Asked for with `queue_reuse_checks`; a check already done on the document's
    present text (asked for twice) is not made again."""
    document = Document.objects.filter(pk=document_id).select_related("reuse_check").first()
    if document is None or reuse.check_state(document) == reuse.CHECKED:
        return 0
    return len(reuse.check_document(document_id))


def queue_reuse_checks(document_ids: Iterable[int], *, on_commit: bool = True) -> int:
    """Ask for a check of each document's current text, remembered at once (so the curator
    sees "checking for shared text…") and queued when the transaction commits; `on_commit=False`
    queues now, for callers whose documents are already committed. Returns how many."""
    rows = list(Document.objects.filter(pk__in=list(document_ids)).values_list("pk", "body"))
    ReuseCheck.objects.bulk_create(
        [ReuseCheck(document_id=pk, requested_digest=reuse.body_digest(body)) for pk, body in rows],
        update_conflicts=True, unique_fields=["document"], update_fields=["requested_digest"],
    )
    for pk, _body in rows:
        if on_commit:
            transaction.on_commit(partial(check_text_reuse.enqueue, pk))
        else:
            check_text_reuse.enqueue(pk)
    return len(rows)


@task
def read_original(original_id: int) -> int:
    """Read a PDF's or a scan's pages (text layer or OCR) into its draft; the curator follows
    the progress on the original file's line in the admin. Returns the pages read."""
    original = OriginalFile.objects.select_related("document").filter(pk=original_id).first()
    if original is None or original.extraction not in (Extraction.QUEUED, Extraction.RUNNING):
        return 0  # read already (this is a second run of the task), or failed for good
    OriginalFile.objects.filter(pk=original.pk).update(extraction=Extraction.RUNNING, pages_done=0)

    def progress(done: int, total: int) -> None:
        OriginalFile.objects.filter(pk=original.pk).update(pages_done=done, page_count=total)

    with original.file.open("rb") as stream:
        data = stream.read()
    try:
        pages = read_pages(data, original.media_type, progress)
    except (ReadError, FileRefused) as exc:
        OriginalFile.objects.filter(pk=original.pk).update(extraction=Extraction.FAILED, extraction_note=str(exc))
        return 0
    original.refresh_from_db()
    PageImporter().fill_from_pages(original, pages)
    return len(pages)
