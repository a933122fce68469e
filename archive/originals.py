"""Keeping original files: what a file's bytes say it is, storing it beside its document, and
finding on which of its pages each paragraph of the document stands.

The media type is read from the bytes, never taken from the name: a file whose content does
not match its extension is refused with the reason (`FileRefused`), so a curator sees at
once that `letter.pdf` is really a PNG, or an HTML page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename

from archive.models import Document, Extraction, OriginalFile

PDF, PNG, JPEG, TIFF, HTML, TEXT = (
    "application/pdf", "image/png", "image/jpeg", "image/tiff", "text/html", "text/plain"
)
IMAGE_TYPES = frozenset({PNG, JPEG, TIFF})
PAGED_TYPES = IMAGE_TYPES | {PDF}

# The extensions each type may arrive with.
EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    TIFF: {".tif", ".tiff"},
    HTML: {".html", ".htm"},
    TEXT: {".txt", ".text"},
}
NAMES = {PDF: "a PDF", PNG: "a PNG image", JPEG: "a JPEG image", TIFF: "a TIFF image", HTML: "an HTML page",
         TEXT: "a text file"}


class FileRefused(ValueError):
    """A file the archive will not take; the message is the reason shown to the curator."""


def sniff_media_type(head: bytes, filename: str = "") -> str:
    """The media type the first bytes show; text files are told apart by their name."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if b"\x00" in head[:8192]:
        return "application/octet-stream"
    lowered = head[:2048].lstrip().lower()
    if PurePath(filename).suffix.lower() in EXTENSIONS[HTML] or lowered.startswith((b"<!doctype html", b"<html")):
        return HTML
    return TEXT


def media_type_of(data: bytes, filename: str) -> str:
    """The file's media type, or FileRefused when its content and its extension disagree."""
    media_type = sniff_media_type(data[:8192], filename)
    suffix = PurePath(filename).suffix.lower()
    if media_type not in EXTENSIONS:
        raise FileRefused("not a PDF, image or text page (its content is binary of an unknown kind)")
    known = {ext for exts in EXTENSIONS.values() for ext in exts}
    if suffix in known and suffix not in EXTENSIONS[media_type] and {media_type, suffix} != {HTML, ".txt"}:
        raise FileRefused(f"named {suffix} but its content is {NAMES[media_type]}")
    return media_type


def store_original(
    *, document: Document, data: bytes, filename: str, media_type: str, extraction: str = Extraction.NONE,
    page_count: int | None = None,
) -> OriginalFile:
    """Store `data` unchanged as an original of `document` (a write: call inside the import's
    transaction, so a refused import leaves no record; the stored file is content-named, so a
    file left by a rolled-back import is the same bytes any later import of it stores)."""
    digest = hashlib.sha256(data).hexdigest()
    safe_name = get_valid_filename(PurePath(filename).name)[:200] or "original"
    original = OriginalFile(
        document=document, filename=PurePath(filename).name[:255], media_type=media_type, size=len(data),
        sha256=digest, extraction=extraction, page_count=page_count, order=document.originals.count(),
    )
    original.file.save(safe_name, ContentFile(data), save=False)
    original.save()
    return original


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def locate_paragraphs(paragraphs: list[str], page_texts: list[str]) -> list[int]:
    """The page (1-based) each paragraph starts on, found by its opening words in the text of
    the pages in reading order; 0 where it cannot be found (a curator's own addition)."""
    offsets, joined = [], []
    position = 0
    for text in page_texts:
        folded = _fold(text) + " "
        offsets.append(position)
        joined.append(folded)
        position += len(folded)
    whole = "".join(joined)

    def page_at(offset: int) -> int:
        page = 0
        for index, start in enumerate(offsets):
            if start <= offset:
                page = index + 1
        return page

    found, cursor = [], 0
    for paragraph in paragraphs:
        key = _fold(paragraph)[:60]
        at = whole.find(key, cursor) if key else -1
        if at < 0 and key:
            at = whole.find(key)
        if at < 0:
            found.append(0)
            continue
        cursor = at + len(key)
        found.append(page_at(at))
    return found
