"""The original files behind a document: PDFs, scans and saved pages, kept byte for byte.

Each file is stored unchanged in Django's default storage (the filesystem unless
`STORAGES["default"]` says otherwise) with its size, media type and SHA-256, so
`manage.py check_fixity` can prove years later that it is still the file received. The text
found on each page is kept beside it, which is what lets a paragraph say which page it
stands on.
"""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import Document
from .visibility import document_q

# What readers' browsers may display in place; anything else is only ever downloaded, and
# a saved web page is served as plain text so no script of the original site ever runs here.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/tiff", "text/plain"})


class Extraction(models.TextChoices):
    NONE = "none", _("nothing to extract")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("reading pages")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TextSource(models.TextChoices):
    PAGE = "page", _("saved page text")
    TEXT_LAYER = "text_layer", _("PDF text layer")
    OCR = "ocr", _("OCR")
    MIXED = "mixed", _("text layer and OCR")


def sha256_of(stream, chunk_size: int = 1024 * 1024) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(chunk_size), b""):
        digest.update(chunk)
    return digest.hexdigest()


def original_path(instance, filename: str) -> str:
    # Named by content, so a file's address in the store says what it must hash to.
    return f"originals/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class OriginalFileQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Files of documents `viewer` may see: a published document's for readers, never a draft's."""
        return self.filter(document_q(viewer, "document__"))


class OriginalFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="originals")
    file = models.FileField(_("file"), upload_to=original_path, max_length=300)
    filename = models.CharField(_("file name as received"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # What was read from it, and how far the reading has gone (shown to the curator).
    extraction = models.CharField(
        _("text extraction"), max_length=10, choices=Extraction.choices, default=Extraction.NONE
    )
    pages_done = models.PositiveIntegerField(_("pages read"), default=0)
    extraction_note = models.TextField(_("extraction note"), blank=True)
    text_source = models.CharField(_("text from"), max_length=12, choices=TextSource.choices, blank=True)
    page_texts = models.JSONField(_("text of each page"), default=list, blank=True, editable=False)

    objects = OriginalFileQuerySet.as_manager()

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = _("original file")
        verbose_name_plural = _("original files")

    def __str__(self):
        return self.filename

    def save(self, *args, **kwargs):
        # A file added in the admin: its checksum, size and name are derived, never typed.
        if not self.sha256 and self.file:
            self.file.open("rb")
            self.file.seek(0)
            self.sha256 = sha256_of(self.file)
            self.file.seek(0)
            self.size = self.file.size
            self.filename = self.filename or self.file.name.rsplit("/", 1)[-1]
            if not self.media_type:
                from archive.originals import sniff_media_type

                self.media_type = sniff_media_type(self.file.read(4096), self.filename)
                self.file.seek(0)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("original-file", args=[self.document.slug, self.pk, self.filename])

    @property
    def served_type(self) -> str:
        return self.media_type if self.media_type in INLINE_TYPES else "text/plain"

    @property
    def progress(self) -> str:
        if self.extraction in (Extraction.QUEUED, Extraction.RUNNING) and self.page_count:
            return f"{self.get_extraction_display()}: {self.pages_done} of {self.page_count} pages"
        return self.get_extraction_display()
