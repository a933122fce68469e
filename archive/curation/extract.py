"""Reading a saved HTML page: its characters, its main text, its metadata and the shape of
the document it carries. The one entry point is `extract_html(data, filename)`.

Libraries do what they were made for: charset-normalizer weighs the declared charset against
the bytes, trafilatura finds the main text, extruct reads JSON-LD and OpenGraph, htmldate finds
the publication date in the page's markup. Hand rules are kept for what no library knows: the
shape of letters, statements, press releases and cables (see `structure`).

The body is never smaller than the document: trafilatura marks where the main text lies, and
every line of the page between its first and last main-text line is kept unless it is plainly a
page control ("Share", "Print"). Whatever is left out is returned as removed blocks, each with
the paragraph it followed, so the review screen can show it and put it back where it was.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer
import htmldate
import lxml.etree
import lxml.html
import trafilatura
from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor

from archive.text import name_key

from . import structure
from .pages import MAX_PAGE_BYTES, Guess, PageError, ParsedPage

# Scripts written right to left, by the language codes a page may declare or we may infer.
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ku", "ckb", "yi", "dv", "sd"}

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "button", "select", "input",
              "textarea", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
               "blockquote", "section", "article", "header", "footer", "nav", "aside", "main", "pre", "dd", "dt",
               "dl", "address", "figure", "figcaption", "form", "hr", "center", "title", "body"}
# Controls of the page, never a document's words, when they stand alone on a line.
_CONTROL_LINE = re.compile(
    r"^(share( this)?( on \w+)?|tweet|print( this)?|email( this)?|facebook|twitter|whatsapp|telegram|linkedin|"
    r"advertisement|sponsored|read more|continue reading|like|\d[\d.,]*k?\s*(likes?|shares?|views?|comments?)|"
    r"skip to (main )?content|menu|search|close|back to top)\W*$",
    re.IGNORECASE,
)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»·•]\s+|\s*\|\s*|\s+::\s+")


@dataclass
class Decoded:
    text: str
    encoding: str
    note: str = ""


@dataclass
class Removed:
    """A run of page lines left out of the body; `after` is the body paragraph it followed
    (-1: before the first)."""

    text: str
    after: int
    reason: str


@dataclass
class Metadata:
    title_tag: str = ""
    og: dict = field(default_factory=dict)
    jsonld: list = field(default_factory=list)
    h1s: list = field(default_factory=list)
    language: str = ""
    canonical: str = ""

    def jsonld_value(self, *keys: str) -> str:
        for item in self.jsonld:
            for key in keys:
                value = item.get(key)
                if isinstance(value, dict):
                    value = value.get("name", "")
                if isinstance(value, list) and value:
                    value = value[0].get("name", "") if isinstance(value[0], dict) else value[0]
                if isinstance(value, str) and value.strip():
                    return value.strip()
        return ""

    def og_value(self, key: str) -> str:
        for prop, value in self.og.get("properties", []):
            if prop == key and value.strip():
                return value.strip()
        return ""

    @property
    def site_name(self) -> str:
        return self.og_value("og:site_name") or self.jsonld_value("publisher")


# --- characters ------------------------------------------------------------------------

def decode_html(data: bytes) -> Decoded:
    """The page's characters. A byte-order mark wins; then valid UTF-8 (a byte stream that
    decodes as UTF-8 is almost never anything else); then the declared charset unless the
    bytes read far better in another (a `<meta charset>` that lies); then the best guess."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"too large ({len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,})")
    if not data.strip():
        raise PageError("empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PageError("binary (not a text file)")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    declared_match = _DECLARED_CHARSET.search(data[:4096])
    declared = declared_match.group(1).decode("ascii", "ignore").lower() if declared_match else ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        note = f"declared {declared}, but the bytes are UTF-8" if declared and _codec(declared) not in ("utf-8", "ascii", "") else ""
        return Decoded(text, "utf-8", note)
    best = charset_normalizer.from_bytes(data).best()
    declared_codec = _codec(declared)
    if declared_codec and declared_codec != "utf-8":
        try:
            text = data.decode(declared_codec)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None:
            if best is None or _codec(best.encoding) == declared_codec or not _reads_better(best, declared_codec, data):
                return Decoded(text, declared_codec)
    if best is None:
        raise PageError("binary (no character encoding fits its bytes)")
    note = f"declared {declared}, but the bytes read as {best.encoding}" if declared else f"no charset declared; read as {best.encoding}"
    return Decoded(str(best), _codec(best.encoding), note)


def _codec(name: str) -> str:
    import codecs

    if not name:
        return ""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _reads_better(best, declared_codec: str, data: bytes) -> bool:
    """Whether the declared charset gives a garbled reading and charset-normalizer's best
    reading is clearly cleaner (a `<meta charset>` that lies)."""
    declared = charset_normalizer.from_bytes(data, cp_isolation=[declared_codec]).best()
    if declared is None:
        return True
    return declared.chaos > 0.15 and best.chaos + 0.1 < declared.chaos


def looks_like_html(data: bytes, filename: str = "") -> bool:
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data.lstrip()[:300].lower()
    return head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype", b"\xef\xbb\xbf<html")) or b"<html" in head


# --- the page --------------------------------------------------------------------------

def _page_lines(tree) -> list[tuple[str, str]]:
    """(text, tag of its block) for every visible line of the page, in page order; a `<pre>`
    keeps its own line breaks."""
    lines: list[tuple[str, str]] = []
    current: list[str] = []
    current_tag = ["body"]

    def flush():
        text = " ".join("".join(current).split())
        if text:
            lines.append((text, current_tag[0]))
        current.clear()

    def walk(element, block_tag):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP_TAGS or not isinstance(element.tag, str):
            if element.tail:
                current.append(element.tail)
            return
        if tag == "pre":
            flush()
            for raw in element.text_content().replace("\r\n", "\n").split("\n"):
                text = " ".join(raw.split())
                if text:
                    lines.append((text, "pre"))
                else:
                    lines.append(("", "pre"))
        else:
            is_block = tag in _BLOCK_TAGS
            if is_block:
                flush()
                current_tag[0] = tag
            if element.text:
                current.append(element.text)
            for child in element:
                walk(child, tag if is_block else block_tag)
            if is_block:
                flush()
                current_tag[0] = block_tag
        if element.tail:
            current.append(element.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree, "body")
    flush()
    # Blank `<pre>` lines separate a cable's paragraphs; elsewhere blank lines mean nothing.
    return lines


def _metadata(tree) -> Metadata:
    meta = Metadata()
    title = tree.find(".//title")
    meta.title_tag = " ".join(title.text_content().split()) if title is not None else ""
    try:
        meta.og = next(iter(OpenGraphExtractor().extract_items(tree)), {})
    except (ValueError, TypeError, KeyError):
        meta.og = {}
    try:
        items = JsonLdExtractor().extract_items(tree)
    except (ValueError, TypeError, json.JSONDecodeError):
        items = []
    flat = []
    for item in items:
        if isinstance(item, dict) and "@graph" in item:
            flat.extend(i for i in item["@graph"] if isinstance(i, dict))
        elif isinstance(item, dict):
            flat.append(item)
        elif isinstance(item, list):
            flat.extend(i for i in item if isinstance(i, dict))
    # Articles first: a page's graph also describes the site and its breadcrumb.
    flat.sort(key=lambda i: 0 if str(i.get("@type", "")).lower().endswith(("article", "posting", "release")) else 1)
    meta.jsonld = flat
    meta.h1s = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    meta.h1s = [h for h in meta.h1s if h]
    html = tree if tree.tag == "html" else tree.find(".//html")
    lang = (html.get("lang") or html.get("xml:lang") or "") if html is not None else ""
    meta.language = lang.split("-")[0].lower()[:8]
    canonical = tree.find(".//link[@rel='canonical']")
    meta.canonical = (canonical.get("href") or "") if canonical is not None else ""
    meta.canonical = meta.canonical or meta.og_value("og:url")
    return meta


def _key(text: str) -> str:
    return name_key(text)


def _main_span(lines: list[str], main_text: str) -> set[int]:
    """Indices of the page lines that trafilatura's main text is made of, aligned in order:
    long lines first (they are unambiguous), then short ones only between two aligned long
    ones, so that a short line such as a site's name in the header is not taken for the same
    words in a signature."""
    keys = [_key(line) for line in lines]
    main = [_key(line) for line in main_text.split("\n") if _key(line)]

    def same(page_key: str, main_key: str) -> bool:
        return page_key == main_key or (len(main_key) > 25 and main_key in page_key) or (
            len(page_key) > 25 and page_key in main_key)

    anchors: dict[int, int] = {}  # main line -> page line
    pointer = 0
    for m, main_key in enumerate(main):
        if len(main_key) < 25:
            continue
        for j in range(pointer, len(keys)):
            if keys[j] and same(keys[j], main_key):
                anchors[m] = j
                pointer = j + 1 if main_key == keys[j] or main_key in keys[j] and len(main_key) * 2 > len(keys[j]) else j
                break
    kept = set(anchors.values())
    ordered = sorted(anchors.items())
    for m, main_key in enumerate(main):
        if m in anchors:
            continue
        before = max((j for mm, j in ordered if mm < m), default=None)
        after = min((j for mm, j in ordered if mm > m), default=None)
        if before is None and after is None:
            window = range(len(keys))
        else:
            low = before if before is not None else max(0, after - 8)
            high = after if after is not None else min(len(keys) - 1, before + 12)
            window = range(low, high + 1)
        for j in window:
            if keys[j] and same(keys[j], main_key):
                kept.add(j)
                break
    return kept


def extract_html(data: bytes, filename: str = "", resolve: structure.Resolver = structure.no_resolver) -> ParsedPage:
    """A draft's guesses from the bytes of a saved HTML page, or PageError with the reason."""
    decoded = decode_html(data)
    html = unicodedata.normalize("NFC", decoded.text)
    controls = sum(1 for ch in html if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(3, len(html) // 1000):
        raise PageError("binary (control characters in the text)")
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PageError(f"not a readable HTML page ({exc})") from exc
    meta = _metadata(tree)
    page = _page_lines(tree)
    texts = [text for text, _tag in page]
    if not any(texts) and not meta.title_tag:
        raise PageError("empty (no visible text)")

    guesses: list[Guess] = []
    if decoded.note:
        guesses.append(Guess("encoding", decoded.encoding, decoded.note, f"Decoded as {decoded.encoding}: {decoded.note}."))

    cable_lines = structure.cable_block(page)
    if cable_lines is not None:
        start, end = cable_lines
        kept = set(range(start, end))
        span_reason = "the cable's text, from its header lines to its last paragraph"
    else:
        main = trafilatura.extract(
            html, favor_recall=True, include_comments=False, include_tables=True, deduplicate=False,
            output_format="txt", with_metadata=False,
        ) or ""
        kept = _main_span(texts, main)
        span_reason = "outside the main text"
        if kept:
            kept = structure.widen(texts, kept)
    if not kept:
        raise PageError("no main text (the page holds only the site's menus, links and footer)")

    first, last = min(kept), max(kept)
    title, site_name, title_source = _title(meta, texts, first)
    body_lines: list[str] = []
    removed: list[Removed] = []
    pending: list[str] = []
    paragraphs_so_far = -1

    def close_pending(reason):
        if pending:
            removed.append(Removed("\n".join(pending), paragraphs_so_far, reason))
            pending.clear()

    for i, (text, tag) in enumerate(page):
        inside = first <= i <= last
        if inside and tag == "pre" and not text:
            if body_lines and body_lines[-1]:
                body_lines.append("")
            continue
        if not text:
            continue
        if i in kept or (inside and not _CONTROL_LINE.match(text) and _key(text) != _key(title)):
            close_pending(span_reason)
            if tag != "pre" and body_lines and body_lines[-1]:
                body_lines.append("")
            body_lines.append(text)
            paragraphs_so_far = sum(1 for b in body_lines if b) - 1
        else:
            reason = "a page control inside the text" if inside else span_reason
            if inside and _key(text) == _key(title):
                reason = "the title repeated"
            pending.append(text)
            if inside:
                close_pending(reason)
    close_pending(span_reason)

    body_lines, header = _strip_post_header(body_lines, title)
    if header:
        removed.insert(0, Removed("\n".join(header), -1, "the post's heading, date and byline"))
    body_text = "\n".join(body_lines).strip()
    if not _key(body_text):
        raise PageError("empty main text")
    parsed = structure.read_document(body_text, title=title, resolve=resolve)
    if parsed.kind_title:
        title = parsed.kind_title
    guesses.insert(0, Guess("title", title, title_source))
    guesses.extend(parsed.guesses)
    fields = {g.field for g in guesses}
    if parsed.kind == "article" and not fields & {"author", "author_organisation"}:
        guesses.extend(_metadata_author(meta, site_name))
    if parsed.kind in ("statement", "press_release") and not fields & {"author", "author_organisation"} and site_name:
        guesses.append(Guess("author_organisation", site_name, meta.og_value("og:site_name") or meta.title_tag,
                             "No issuer named in the text: the body whose site published it."))
    if site_name:
        guesses.append(Guess("source_title", site_name, meta.og_value("og:site_name") or meta.title_tag,
                             "The site's name, taken off the title."))
    if not any(g.field == "date" for g in guesses):
        guesses.extend(_published_date(tree, meta, texts, first, last))
    for block in removed:
        guesses.append(Guess("removed", str(block.after), block.text[:20000], block.reason))

    language = meta.language or _script_language(body_text)
    direction = "rtl" if language in RTL_LANGUAGES else ""
    if language and language != "en":
        guesses.append(Guess("language", language, f'<html lang="{meta.language}">' if meta.language else body_text[:200],
                             "Declared by the page." if meta.language else "From the script of the text."))
    return ParsedPage(
        title=title, body=structure.paragraphs(parsed.body), kind=parsed.kind, guesses=guesses,
        language=language or "en", direction=direction, source_url=meta.canonical[:1000],
        page_text="\n".join(texts), encoding=decoded.encoding,
    )


_META_LINE = re.compile(r"^(by\b|posted\b|published\b|written by\b|author\b|updated\b|in\b|filed\b|category\b)", re.I)


def _strip_post_header(lines: list[str], title: str) -> tuple[list[str], list[str]]:
    """A post's heading repeated at the top of its text, and the short date/byline lines
    right under it, are the post's header, not its words."""
    nonblank = [i for i, line in enumerate(lines) if line]
    if not nonblank or _key(lines[nonblank[0]]) != _key(title):
        return lines, []
    cut = [nonblank[0]]
    for i in nonblank[1:3]:
        line = lines[i]
        if len(line) < 90 and (_META_LINE.match(line) or structure.dates_in(line)) and not re.search(r"[.!?]$", line) \
                and not structure._SALUTATION.match(line):
            cut.append(i)
        else:
            break
    header = [lines[i] for i in cut]
    rest = lines[cut[-1] + 1 :]
    while rest and not rest[0]:
        rest.pop(0)
    return rest, header


_ACCOUNT_NAMES = {"admin", "administrator", "editor", "webmaster", "staff", "author", "user", "guest"}


def _metadata_author(meta: Metadata, site_name: str) -> list[Guess]:
    """A news post's author as its JSON-LD or `<meta name="author">` gives it, unless that is
    a site account ("admin") or the site itself."""
    for item in meta.jsonld:
        authors = item.get("author")
        if not authors:
            continue
        authors = authors if isinstance(authors, list) else [authors]
        found = []
        for author in authors:
            name = (author.get("name", "") if isinstance(author, dict) else str(author)).strip()
            kind = str(author.get("@type", "Person")) if isinstance(author, dict) else "Person"
            if not name or name.lower() in _ACCOUNT_NAMES or _key(name) == _key(site_name):
                continue
            field_name = "author_organisation" if kind == "Organization" or structure.is_organisation(name) else "author"
            found.append(Guess(field_name, name, json.dumps(author, ensure_ascii=False)[:300] if isinstance(author, dict) else name,
                               "The author the page's metadata names.", as_written=name))
        if found:
            return found
    return []


def _script_language(text: str) -> str:
    """Persian or Arabic by their letters, when the page declares no language."""
    arabic_script = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    if arabic_script / letters < 0.5:
        return ""
    persian = sum(text.count(ch) for ch in "پچژگی")
    return "fa" if persian > 2 else "ar"


def _strip_site(title: str, site_name: str) -> tuple[str, str]:
    """The title without a site name glued on with a separator; and the name taken off."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip(), ""
    site_key = _key(site_name)
    if site_key:
        for index in (len(parts) - 1, 0):
            if _key(parts[index]) == site_key or site_key in _key(parts[index]) or _key(parts[index]) in site_key:
                rest = parts[:index] + parts[index + 1 :]
                return _rejoin(title, rest), parts[index]
    # No declared name: the shorter end is the site's.
    if len(parts[-1]) < len(" ".join(parts[:-1])):
        return _rejoin(title, parts[:-1]), parts[-1]
    return title.strip(), ""


def _rejoin(title: str, parts: list[str]) -> str:
    if not parts:
        return title.strip()
    start = title.find(parts[0])
    end = title.find(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def _title(meta: Metadata, lines: list[str], first_main: int) -> tuple[str, str, str]:
    """(title, site name, the text it came from): the document's own heading, never the
    site's name or logo."""
    site = meta.site_name
    tag_parts = [p.strip() for p in _TITLE_SEPARATORS.split(meta.title_tag) if p.strip()] if meta.title_tag else []
    if not site and len(tag_parts) >= 2:
        # The site's name is the part of <title> that is also its logo heading, or the part
        # that is not shown as a heading of the page.
        line_keys = {_key(line) for line in lines}
        h1_keys = {_key(h) for h in meta.h1s}
        logo = [p for p in tag_parts if _key(p) in h1_keys]
        shown = [p for p in tag_parts if _key(p) in line_keys]
        if logo and len(logo) < len(tag_parts):
            site = logo[0]
        elif len(shown) == 1:
            site = next(p for p in tag_parts if p != shown[0]) if len(tag_parts) == 2 else ""
    site_keys = {_key(site)} if site else set()
    title_tag_stripped, tag_site = _strip_site(meta.title_tag, site) if meta.title_tag else ("", "")
    if tag_site and not site:
        site = tag_site
        site_keys.add(_key(tag_site))
    h1s = [h for h in meta.h1s if _key(h) not in site_keys and len(h) > 3]
    candidates = []
    headline = meta.jsonld_value("headline")
    og_title = meta.og_value("og:title")
    if headline:
        candidates.append((headline, "JSON-LD headline"))
    if og_title:
        candidates.append((_strip_site(og_title, site)[0], f"og:title {og_title}"))
    for h1 in h1s:
        candidates.append((h1, f"<h1>{h1}</h1>"))
    if title_tag_stripped and _key(title_tag_stripped) not in site_keys:
        candidates.append((title_tag_stripped, f"<title>{meta.title_tag}</title>"))
    for text, source in candidates:
        if any(_key(text) == _key(h) for h in h1s):
            return text, site, source
    if candidates:
        text, source = candidates[0]
        return text, site, source
    line = next((l for l in lines[first_main:] if l), "")
    return line[:300], site, line


def _published_date(tree, meta: Metadata, lines: list[str], first: int, last: int) -> list[Guess]:
    """The page's publication date from its markup (JSON-LD, OpenGraph, htmldate), with the
    words that show it near the document when the page shows them."""
    found = meta.jsonld_value("datePublished", "dateCreated") or meta.og_value("article:published_time")
    source = "page metadata"
    if not found:
        try:
            found = htmldate.find_date(tree, extensive_search=False, original_date=True) or ""
        except (ValueError, TypeError):
            found = ""
        source = "the page's markup (htmldate)"
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", found or "")
    if not match:
        return []
    edtf = match.group(0)
    # The visible words of that date near the heading or in the text, if any.
    window = lines[max(0, first - 6) : last + 1]
    for line in window:
        for written_edtf, written in structure.dates_in(line):
            if written_edtf == edtf:
                return [Guess("date", edtf, line, "The document's date, as the page shows it.", as_written=written)]
    return [Guess("date", edtf, found, f"Publication date from {source}; the text gives no date of its own.",
                  as_written="")]
