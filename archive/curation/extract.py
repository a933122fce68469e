"""Reading a saved HTML page: its characters, its main text, its metadata and the shape of
the document it carries. The one entry point is `extract_html(data, filename)`.

Libraries do what they were made for: charset-normalizer weighs the declared charset against
the bytes, trafilatura finds the main text, extruct reads JSON-LD and OpenGraph, htmldate finds
the publication date in the page's markup. Hand rules are kept for what no library knows: the
shape of letters, statements, press releases and cables (see `structure`).

The body is never smaller than the document: trafilatura marks where the main text lies, and
every line of the page between its first and last main-text line is kept unless it is plainly
not the document's words: a page control ("Share", "Print", counters), an image caption, a box
set into the text, the page's list of details, or the post's own heading, date and byline
above the text. Whatever is left out is returned as removed blocks, each with its reason and
the paragraph it followed, so the review screen can show it and put it back where it was.
"""

from __future__ import annotations

import codecs
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

from archive.models.vocab import TextDirection, direction_of
from archive.text import name_key

from . import structure
from .pages import MAX_PAGE_BYTES, Guess, PageError, ParsedPage


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
    r"skip to (main )?content|menu|search|close|back to top|share this article|"
    r"[\d.,]+\s*k?\s*(views?|likes?|comments?)|[\d.,]+[kK]?\d*\s*share|"
    r"(facebook|twitter|whatsapp|telegram|linkedin|email|print|share|شارك|همرسانی|همرساني)[:\s]*"
    r"((facebook|twitter|whatsapp|telegram|linkedin|email|print)\s*)+|"
    r"last updated:.*|visitors:.*)\W*$",
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
    logo_h1s: list = field(default_factory=list)
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
    for h in tree.iter("h1"):
        text = " ".join(h.text_content().split())
        if not text:
            continue
        # A heading that links home or is styled as the site's title is the logo.
        classes = (h.get("class") or "").lower()
        links_home = any((a.get("href") or "").rstrip("/") in ("", ".", "index.html", "index.htm") or
                         (a.get("rel") or "") == "home" for a in h.iter("a"))
        if links_home or any(word in classes for word in ("site-title", "logo", "brand")) or classes == "title":
            meta.logo_h1s.append(text)
        else:
            meta.h1s.append(text)
    html = tree if tree.tag == "html" else tree.find(".//html")
    lang = (html.get("lang") or html.get("xml:lang") or "") if html is not None else ""
    meta.language = lang.split("-")[0].lower()[:8]
    canonical = tree.find(".//link[@rel='canonical']")
    meta.canonical = (canonical.get("href") or "") if canonical is not None else ""
    meta.canonical = meta.canonical or meta.og_value("og:url")
    return meta


# Joiners and direction marks that one tool keeps and another drops.
_INVISIBLE = dict.fromkeys([0x200C, 0x200D, 0x200E, 0x200F, 0x00AD, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF])


def _key(text: str) -> str:
    return name_key(text.translate(_INVISIBLE))


def _main_span(lines: list[str], main_text: str) -> set[int]:
    """Indices of the page lines that trafilatura's main text is made of, aligned in order.

    Long lines are aligned first (they are unambiguous); a main line may hold several page
    lines (trafilatura joins some blocks) or a page line several main lines. Short lines are
    aligned only between two aligned long ones, so that a short line such as the site's name
    in the header is not taken for the same words in a signature."""
    keys = [_key(line) for line in lines]
    main = [_key(line) for line in main_text.split("\n") if _key(line)]

    def same(page_key: str, main_key: str) -> bool:
        return page_key == main_key or (len(main_key) > 25 and main_key in page_key) or (
            len(page_key) > 25 and page_key in main_key)

    anchors: dict[int, int] = {}  # main line -> first page line
    kept: set[int] = set()
    pointer = 0
    for m, main_key in enumerate(main):
        if len(main_key) < 25:
            continue
        for j in range(pointer, len(keys)):
            if keys[j] and same(keys[j], main_key):
                anchors[m] = j
                kept.add(j)
                if main_key in keys[j] and main_key != keys[j]:
                    pointer = j  # the page line goes on in the next main line
                    break
                # Page lines that the same main line also holds.
                k = j + 1
                while k < len(keys) and (not keys[k] or (len(keys[k]) > 3 and keys[k] in main_key)):
                    if keys[k]:
                        kept.add(k)
                    k += 1
                pointer = k
                break
    ordered = sorted(anchors.items())
    for m, main_key in enumerate(main):
        if m in anchors or any(same(keys[j], main_key) for j in kept if keys[j]):
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
    if not any(texts):
        raise PageError("empty (no visible text)")

    guesses: list[Guess] = []
    if decoded.note:
        guesses.append(Guess("encoding", decoded.encoding, decoded.note, f"Decoded as {decoded.encoding}: {decoded.note}."))

    cable_lines = structure.cable_block(page)
    if cable_lines is not None:
        start, end = cable_lines
        kept = set(range(start, end))
        span_reason = "the viewer's page around the cable (its menus, lists and its own description of the cable)"
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
    # Every page line with its verdict: kept, or why it was left out.
    verdicts: list[tuple[str, str, str]] = []  # (text, tag, reason; "" = kept)
    for i, (text, tag) in enumerate(page):
        inside = first <= i <= last
        if not text:
            if inside and tag == "pre":
                verdicts.append(("", "pre", ""))
            continue
        if not inside:
            verdicts.append((text, tag, span_reason))
        elif tag in _ASIDE_TAGS and cable_lines is None:
            verdicts.append((text, tag, _ASIDE_TAGS[tag]))
        elif _CONTROL_LINE.match(text):
            verdicts.append((text, tag, "a page control (share, print, counters)"))
        else:
            verdicts.append((text, tag, ""))
    header_text = _mark_post_header(verdicts, title, meta)
    body_lines, removed = _assemble(verdicts)
    body_text = "\n".join(body_lines).strip()
    if not _key(body_text):
        raise PageError("no main text (nothing is left once the site's menus, links and footer are set aside)")
    parsed = structure.read_document(body_text, title=title, resolve=resolve, context=header_text)
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
        published = _published_date(tree, meta, texts, first, last)
        if parsed.kind in ("letter", "open_letter"):
            # A letter that gives no date was written on or before the day the page carried
            # it: an interval open at its start, never the page's date as the letter's own.
            published = [Guess("date", f"../{g.value}", g.source_text,
                               f"Undated: written on or before {g.value}, when the page published it.")
                         for g in published]
        guesses.extend(published)
    paragraphs = [p for p in body_text.split("\n\n") if p.strip()]
    for block in removed:
        # The paragraph it followed, so that putting it back finds its place even after edits.
        anchor = paragraphs[block.after][:300] if 0 <= block.after < len(paragraphs) else ""
        guesses.append(Guess("removed", str(block.after), block.text[:20000], block.reason, as_written=anchor))

    language = meta.language or _script_language(body_text)
    direction = TextDirection.RTL if direction_of(language) == TextDirection.RTL else ""
    if language and language != "en":
        guesses.append(Guess("language", language, f'<html lang="{meta.language}">' if meta.language else body_text[:200],
                             "Declared by the page." if meta.language else "From the script of the text."))
    return ParsedPage(
        title=title, body=structure.paragraphs(parsed.body), kind=parsed.kind, guesses=guesses,
        language=language or "en", direction=direction, source_url=meta.canonical[:1000],
        page_text="\n".join(texts), encoding=decoded.encoding,
    )


_META_LINE = re.compile(r"^(by\b|posted\b|published\b|written by\b|submitted by\b|author\b|updated\b|filed\b|"
                        r"category\b|categories\b|last updated\b|hits\b|visitors\b|news provided by\b|"
                        r"\d+ (minutes?|hours?|days?|weeks?|months?|years?) ago$)", re.I)
_DATE_ONLY = re.compile(r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?[\w ,./-]{0,6}\d[\w ,./:-]*$", re.I)
# Blocks that sit inside an article but are not its words.
_ASIDE_TAGS = {"figcaption": "an image caption", "aside": "a box set into the text", "dt": "the page's list of details",
               "dd": "the page's list of details", "button": "a page control", "form": "a form", "nav": "navigation"}


def _mark_post_header(verdicts: list[tuple[str, str, str]], title: str, meta: Metadata) -> str:
    """Mark the post's header inside the kept run: whatever stands above the heading when the
    heading is repeated near the top, the heading itself, and the date, byline and deck lines
    right under it. Returns the header's text (it still tells the kind: "Press Statement")."""
    kept = [i for i, (text, _tag, reason) in enumerate(verdicts) if not reason and text]
    if not kept:
        return ""
    header: list[int] = []
    title_key = _key(title)
    top = kept[:12]
    at = next((n for n, i in enumerate(top) if _key(verdicts[i][0]) == title_key), None)
    if at is not None and all(len(verdicts[i][0]) < 100 for i in top[:at]):
        header = top[: at + 1]
        rest = kept[at + 1 :]
    else:
        rest = kept
    authors = {_key(a) for a in _metadata_names(meta)}
    for n, i in enumerate(rest[:5]):
        text, tag = verdicts[i][0], verdicts[i][1]
        meta_like = (_META_LINE.match(text) or _key(text) in authors
                     or (_DATE_ONLY.match(text) and (structure.dates_in(text) or re.search(r"\d{4}", text)) and len(text) < 40)
                     or (tag in ("h2", "h3", "h4") and header) or structure.is_label(text))
        if meta_like and not structure._SALUTATION.match(text):
            header.append(i)
        else:
            break
    for i in header:
        text, tag, _reason = verdicts[i]
        verdicts[i] = (text, tag, "the post's heading, date and byline")
    return "\n".join(verdicts[i][0] for i in header)


def _assemble(verdicts: list[tuple[str, str, str]]) -> tuple[list[str], list[Removed]]:
    """The body (a paragraph per block, a `<pre>`'s lines kept together) and the runs left out,
    each with the paragraph it followed and its reason."""
    body: list[str] = []
    removed: list[Removed] = []
    paragraphs = -1
    run: list[str] = []
    run_reason = ""
    for text, tag, reason in verdicts:
        if reason:
            if run and reason != run_reason:
                removed.append(Removed("\n".join(run), paragraphs, run_reason))
                run = []
            run.append(text)
            run_reason = reason
            continue
        if run:
            removed.append(Removed("\n".join(run), paragraphs, run_reason))
            run = []
        if not text:
            if body and body[-1]:
                body.append("")
            continue
        if tag != "pre" and body and body[-1]:
            body.append("")
        if not body or not body[-1] or tag != "pre":
            paragraphs += 1
        body.append(text)
    if run:
        removed.append(Removed("\n".join(run), paragraphs, run_reason))
    return body, removed


def _metadata_names(meta: Metadata) -> list[str]:
    names = [meta.og_value("article:author")]
    for item in meta.jsonld:
        authors = item.get("author") or []
        for author in authors if isinstance(authors, list) else [authors]:
            names.append(author.get("name", "") if isinstance(author, dict) else str(author))
    return [n for n in names if n]


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
    if len(parts) < 2 and site_name:
        # "Site: Title", as blog platforms write it.
        parts = [p.strip() for p in re.split(r":\s+", title, maxsplit=1) if p.strip()]
        if len(parts) < 2 or _key(parts[0]) != _key(site_name):
            return title.strip(), ""
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
        logo_keys = {_key(h) for h in meta.logo_h1s}
        logo = [p for p in tag_parts if _key(p) in logo_keys]
        shown = [p for p in tag_parts if _key(p) in line_keys]
        if logo and len(logo) < len(tag_parts):
            site = logo[0]
        elif len(shown) == 1:
            site = next(p for p in tag_parts if p != shown[0]) if len(tag_parts) == 2 else ""
    if not site and meta.logo_h1s:
        site = meta.logo_h1s[0]
    site_keys = {_key(site)} if site else set()
    site_keys.update(_key(h) for h in meta.logo_h1s)
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
