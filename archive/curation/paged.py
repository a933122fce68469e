"""Reading paged files — PDFs and image scans — into paragraphs that know their page.

A PDF page with a text layer is read from it (PDFium, through pypdfium2: Google's PDF engine,
the one Chrome uses, maintained and shipped as wheels with no system library to install; it
both reads text with its positions and renders pages for OCR). A page without one, and every
image, is read by Tesseract (Debian's `tesseract-ocr` with English, Persian and Arabic data),
whose orientation and script detection first turns a rotated scan upright and chooses the
languages to read it in.

The limits on bytes, pages and pixels are settings (`ORIGINAL_MAX_*`), checked before any page
is read, so a PDF bomb is refused at the door with its reason. Reading runs in a background
task (`archive.curation.tasks.read_original`), never in a request.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image, ImageSequence

from archive.originals import PDF, FileRefused

# A page with fewer letters than this in its text layer is treated as a scan (a stamp, a
# page number or a scanner's watermark is not the page's text).
MIN_TEXT_LAYER_LETTERS = 25

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Letters Persian writes and Arabic does not (peh, tcheh, jeh, gaf, keheh, farsi yeh).
_PERSIAN_ONLY = re.compile(r"[\u067E\u0686\u0698\u06AF\u06A9\u06CC]")


class ReadError(RuntimeError):
    """A page that could not be read (a broken page, an OCR engine missing or timed out)."""


@dataclass
class Page:
    number: int
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""  # "text_layer" or "ocr"
    note: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


Progress = Callable[[int, int], None]


# --- checks made at the door -------------------------------------------------------------

def check_paged_file(data: bytes, media_type: str) -> int:
    """The number of pages, or FileRefused with the reason (size, encryption, damage, limits)."""
    if len(data) > settings.ORIGINAL_MAX_BYTES:
        raise FileRefused(f"too large ({len(data):,} bytes; the limit is {settings.ORIGINAL_MAX_BYTES:,})")
    if media_type == PDF:
        with _open_pdf(data) as pdf:
            return len(pdf)
    with _open_image(data) as image:
        return getattr(image, "n_frames", 1)


@contextmanager
def _open_pdf(data: bytes):
    """The PDF, open, within its limits; FileRefused says why not."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise FileRefused("an encrypted PDF (it needs a password to open)") from exc
        raise FileRefused(f"a damaged PDF that cannot be opened ({exc})") from exc
    try:
        pages = len(pdf)
        if pages == 0:
            raise FileRefused("a PDF with no pages")
        if pages > settings.ORIGINAL_MAX_PAGES:
            raise FileRefused(f"{pages:,} pages (the limit is {settings.ORIGINAL_MAX_PAGES:,})")
        yield pdf
    finally:
        pdf.close()


def _open_image(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > settings.ORIGINAL_MAX_PAGES:
            raise FileRefused(f"an image of {frames:,} pages (the limit is {settings.ORIGINAL_MAX_PAGES:,})")
        width, height = image.size
        if width * height > settings.ORIGINAL_MAX_PIXELS:
            raise FileRefused(
                f"an image of {width:,}×{height:,} pixels (the limit is {settings.ORIGINAL_MAX_PIXELS:,} pixels a page)"
            )
        if frames == 1:
            image.verify()
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise FileRefused(f"a damaged image that cannot be opened ({exc})") from exc
    # verify() leaves the image unusable: open it again for reading.
    return Image.open(io.BytesIO(data))


# --- reading -----------------------------------------------------------------------------

def read_pages(data: bytes, media_type: str, progress: Progress | None = None) -> list[Page]:
    """Every page's paragraphs, from the text layer where there is one, else by OCR."""
    pages = []
    if media_type == PDF:
        with _open_pdf(data) as pdf:
            total = len(pdf)
            for index in range(total):
                pages.append(_read_pdf_page(pdf[index], index + 1))
                if progress:
                    progress(index + 1, total)
        return pages
    with _open_image(data) as image:
        frames = list(ImageSequence.Iterator(image))
        for index, frame in enumerate(frames):
            pages.append(ocr_image(frame.copy(), index + 1))
            if progress:
                progress(index + 1, len(frames))
    return pages


def _read_pdf_page(page, number: int) -> Page:
    try:
        paragraphs = text_layer_paragraphs(page)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"page {number} cannot be read ({exc})") from exc
    if sum(1 for ch in "".join(paragraphs) if ch.isalpha()) >= MIN_TEXT_LAYER_LETTERS:
        return Page(number, paragraphs, "text_layer")
    width, height = page.get_size()  # in points, 72 to the inch
    scale = settings.OCR_DPI / 72
    pixels = width * scale * height * scale
    note = ""
    if pixels > settings.ORIGINAL_MAX_PIXELS:
        # A page the size of a wall: read it at the resolution the pixel limit allows.
        # (a little under it: rendering rounds each side up to whole pixels)
        scale *= 0.99 * (settings.ORIGINAL_MAX_PIXELS / pixels) ** 0.5
        note = f"page {number} read at {round(scale * 72)} dpi (the pixel limit)"
    image = page.render(scale=scale, grayscale=True).to_pil()
    result = ocr_image(image, number)
    result.note = "; ".join(n for n in (note, result.note) if n)
    return result


def text_layer_paragraphs(page) -> list[str]:
    """The page's text in paragraphs: a new one where the gap between lines is wider than a
    line, or where the text moves back up the page (the next column)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines = []
        start = 0
        # PDFium ends each line with "\r\n"; its character indices count those too.
        for match in re.finditer(r"\r\n|\n|\r", text + "\n"):
            end = match.start()
            line = text[start:end]
            if line.strip():
                first = start + (len(line) - len(line.lstrip()))
                left, bottom, _right, top = textpage.get_charbox(first, loose=True)
                lines.append((line.strip(), left, bottom, max(top - bottom, 1.0)))
            start = match.end()
    finally:
        textpage.close()
    paragraphs: list[list[str]] = []
    previous = None
    for line, left, bottom, height in lines:
        if previous is None:
            paragraphs.append([line])
        else:
            _, p_left, p_bottom, p_height = previous
            gap = p_bottom - (bottom + height)
            moved_up = bottom > p_bottom + p_height
            if gap > 0.8 * max(height, p_height) or moved_up or abs(left - p_left) > 20 * max(height, p_height):
                paragraphs.append([line])
            else:
                paragraphs[-1].append(line)
        previous = (line, left, bottom, height)
    return [_join_lines(p) for p in paragraphs]


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in lines:
        line = line.replace("\u00ad", "").replace("\x02", "").strip()
        if joined.endswith("-") and line[:1].islower():
            joined = joined[:-1] + line
        else:
            joined = f"{joined} {line}" if joined else line
    return unicodedata.normalize("NFC", re.sub(r"[ \t]+", " ", joined))


def page_image(data: bytes, media_type: str, number: int, width: int = 900) -> bytes:
    """Page `number` (1-based) as a PNG `width` pixels wide, for the curator's review screen;
    IndexError for a page the file does not have."""
    if number < 1:
        raise IndexError(number)
    if media_type == PDF:
        with _open_pdf(data) as pdf:
            if number > len(pdf):
                raise IndexError(number)
            page = pdf[number - 1]
            image = page.render(scale=width / page.get_width(), grayscale=True).to_pil()
    else:
        with _open_image(data) as source:
            if number > getattr(source, "n_frames", 1):
                raise IndexError(number)
            source.seek(number - 1)
            image = source.convert("L")
            image.thumbnail((width, width * 4))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


# --- OCR ---------------------------------------------------------------------------------

def _tesseract(image: Image.Image, *args: str, dpi: int | None = None) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    # One core per page: the archive's worker shares the machine with the web server.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [settings.OCR_TESSERACT, "stdin", "stdout", "--dpi", str(dpi or settings.OCR_DPI), *args],
            input=buffer.getvalue(), capture_output=True, timeout=settings.OCR_PAGE_TIMEOUT, env=env,
        )
    except FileNotFoundError as exc:
        raise ReadError(f"the OCR engine ({settings.OCR_TESSERACT}) is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"OCR took longer than {settings.OCR_PAGE_TIMEOUT} s on one page") from exc
    if done.returncode != 0:
        raise ReadError(done.stderr.decode("utf-8", "replace").strip()[-300:] or "OCR failed")
    return done.stdout.decode("utf-8", "replace")


def orientation(image: Image.Image) -> tuple[int, str]:
    """Degrees to turn the page clockwise to make it upright, and its script ("" when the
    page has too little text to tell)."""
    # Orientation and script show as well at half the resolution, for a third of the time.
    half = image.reduce(2) if min(image.size) >= 1000 else image
    try:
        report = _tesseract(half, "--psm", "0", dpi=settings.OCR_DPI // (2 if half is not image else 1))
    except ReadError:
        return 0, ""
    rotate = re.search(r"Rotate:\s*(\d+)", report)
    script = re.search(r"Script:\s*(\w+)", report)
    return (int(rotate.group(1)) if rotate else 0), (script.group(1) if script else "")


def languages_for(script: str) -> str:
    if script == "Latin":
        return "eng"
    if script == "Arabic":
        return "fas+ara"
    return settings.OCR_LANGUAGES


def ocr_image(image: Image.Image, number: int) -> Page:
    """OCR one page image into paragraphs (Tesseract's own blocks and paragraphs)."""
    image = image.convert("L")
    if image.width * image.height > settings.ORIGINAL_MAX_PIXELS:
        raise ReadError(f"page {number} has more pixels than the limit ({settings.ORIGINAL_MAX_PIXELS:,})")
    rotate, script = orientation(image)
    note = ""
    if rotate:
        # Tesseract says how far to turn clockwise; PIL turns counter-clockwise.
        image = image.rotate(-rotate, expand=True)
        note = f"page {number} was turned {rotate}° to read it"
    tsv = _tesseract(image, "-l", languages_for(script), "--psm", "3", "tsv")
    return Page(number, paragraphs_from_tsv(tsv), "ocr", note)


def paragraphs_from_tsv(tsv: str) -> list[str]:
    paragraphs: dict[tuple[int, int], dict[int, list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, par, line = int(cells[2]), int(cells[3]), int(cells[4])
        paragraphs.setdefault((block, par), {}).setdefault(line, []).append(cells[11].strip())
    result = []
    for lines in paragraphs.values():
        text = _join_lines([" ".join(words) for words in lines.values()])
        if any(ch.isalnum() for ch in text):
            result.append(text)
    return result


# --- what the text is --------------------------------------------------------------------

def language_of(text: str) -> str:
    """"fa", "ar" or "en" by the letters the text is written in; "" when it has none."""
    arabic = len(_ARABIC_SCRIPT.findall(text))
    latin = len(_LATIN.findall(text))
    if not arabic and not latin:
        return ""
    if arabic > latin:
        return "fa" if _PERSIAN_ONLY.search(text) else "ar"
    return "en"
