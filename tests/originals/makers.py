"""PDFs and scans made for the tests: a text-layer PDF written by hand (the format is plain
enough for that), and page images drawn with Pillow in Debian's DejaVu fonts, then saved as
PNG or as an image-only PDF the way a scanner saves them."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[list[str]], *, columns: int = 1, width_chars: int = 80) -> bytes:
    """A PDF with a text layer: each page's paragraphs in Helvetica 11 pt, wrapped, a blank
    line between paragraphs; with `columns=2` the paragraphs fill a left then a right column."""
    streams = []
    for paragraphs in pages:
        lines_by_column: list[list[str]] = [[] for _ in range(columns)]
        per_column = -(-len(paragraphs) // columns)
        for index, paragraph in enumerate(paragraphs):
            column = lines_by_column[index // per_column]
            if column:
                column.append("")
            column.extend(textwrap.wrap(paragraph, width_chars // columns))
        ops = []
        for column_index, lines in enumerate(lines_by_column):
            x = 56 + column_index * 270
            ops.append(f"BT /F1 11 Tf 14 TL {x} 780 Td")
            for line in lines:
                ops.append(f"({_escape(line)}) Tj T*")
            ops.append("ET")
        streams.append("\n".join(ops).encode("latin-1"))
    return _pdf_with_streams(streams, font=True)


def _pdf_with_streams(streams: list[bytes], *, font: bool) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled once the page tree's number is known
    pages_id = add(b"")
    font_id = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>") if font else None
    kids = []
    for stream in streams:
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        resources = f"<< /Font << /F1 {font_id} 0 R >> >>" if font_id else "<< >>"
        kids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] /Resources {resources} "
            f"/Contents {content} 0 R >>".encode()
        ))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def scan(
    paragraphs: list[str], *, dpi: int = 300, width_in: float = 6.5, point_size: int = 12, rtl: bool = False,
    language: str = "en", font: str = SERIF, margin_in: float = 0.5, height_in: float | None = None,
) -> Image.Image:
    """A page image of `paragraphs` as a scanner at `dpi` would see it (grey, black text)."""
    size = round(point_size * dpi / 72)
    face = ImageFont.truetype(font, size)
    width = round(width_in * dpi)
    margin = round(margin_in * dpi)
    line_height = round(size * 1.45)
    measure = ImageDraw.Draw(Image.new("L", (10, 10)))
    lines: list[str | None] = []
    for paragraph in paragraphs:
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            box = measure.textbbox((0, 0), trial, font=face, direction="rtl" if rtl else None, language=language)
            if box[2] - box[0] > width - 2 * margin and current:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
        lines.append(None)  # the gap between paragraphs
    height = max(2 * margin + line_height * len(lines), round((height_in or 0) * dpi))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = margin
    for line in lines:
        if line:
            if rtl:
                box = draw.textbbox((0, 0), line, font=face, direction="rtl", language=language)
                draw.text((width - margin - (box[2] - box[0]), y), line, font=face, fill=0, direction="rtl",
                          language=language)
            else:
                draw.text((margin, y), line, font=face, fill=0)
        y += line_height
    return image


def degrade(image: Image.Image, *, seed: int = 1, skew: float = 1.5, blur: float = 1.0, noise: float = 0.02):
    """The same page as a worn photocopy scanned slightly askew: blurred, specked, tilted."""
    import numpy as np
    from PIL import ImageFilter

    rng = np.random.default_rng(seed)
    pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(blur)), dtype=np.int16)
    pixels = pixels + rng.normal(0, 25, pixels.shape).astype(np.int16)
    specks = rng.random(pixels.shape) < noise
    pixels[specks] = rng.integers(0, 255, int(specks.sum()))
    tilted = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    return tilted.rotate(skew, expand=True, fillcolor=255)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def image_pdf(images: list[Image.Image], dpi: int = 300) -> bytes:
    """An image-only PDF, one scanned page a page, as scanners write them."""
    out = io.BytesIO()
    first, *rest = [image.convert("RGB") for image in images]
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return out.getvalue()
