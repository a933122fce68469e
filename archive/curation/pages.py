"""Reading a saved web page: dropping the site's furniture and guessing what the document is.

Everything here is a guess for a curator to check, so every guess keeps the exact text it was
made from. The rules are about the shapes pages and letters have in general (breadcrumbs,
salutations, signature blocks, cable markings), never about any one site or subject.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from bs4 import BeautifulSoup

from archive.models import DocumentKind
from archive.text import name_key, strip_control_characters

MAX_PAGE_BYTES = 2 * 1024 * 1024


class PageError(ValueError):
    """A file that cannot be imported; the message is the reason shown to the curator."""


@dataclass
class Guess:
    field: str
    value: str
    source_text: str
    note: str = ""
    as_written: str = ""


@dataclass
class ParsedPage:
    title: str
    body: str
    kind: str
    guesses: list[Guess] = field(default_factory=list)
    language: str = "en"
    direction: str = ""  # "rtl" for Persian, Arabic…; empty follows the language
    source_url: str = ""
    page_text: str = ""  # the saved page's visible text, for the review screen
    encoding: str = "utf-8"

    def values(self, field_name: str) -> list[str]:
        return [g.value for g in self.guesses if g.field == field_name]

    def first(self, field_name: str) -> str:
        found = self.values(field_name)
        return found[0] if found else ""


# --- reading ---------------------------------------------------------------------------

def decode_page(data: bytes, filename: str = "") -> str:
    """The page's text, or PageError saying why it cannot be read."""
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"too large ({len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,})")
    if not data.strip():
        raise PageError("empty")
    if b"\x00" in data[:8192]:
        raise PageError("binary (not a text file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageError(f"not UTF-8 (invalid byte at position {exc.start})") from exc
    if _looks_like_html(text, filename):
        text = html_to_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise PageError("empty")
    # Control characters other than line breaks and tabs mean the file is not a text page.
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if controls > max(3, len(text) // 1000):
        raise PageError("binary (control characters in the text)")
    # The few left (a form feed between pages, a stray escape, a NUL past the first block)
    # are dropped: the archive's records refuse them, and PostgreSQL cannot store a NUL.
    return strip_control_characters(text)


def _looks_like_html(text: str, filename: str) -> bool:
    if filename.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


_BLOCK_TAGS = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"]


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, a line per block; scripts, styles and the page's
    navigation, header, footer and sidebars are furniture by definition."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    has_heading = soup.find(["h1"]) is not None
    if title and not has_heading:
        text = f"{title}\n\n{text}"
    return text


# --- site furniture --------------------------------------------------------------------

_BREADCRUMB_SPLIT = re.compile(r"\s*[»›]\s*|\s+>\s+|\s+/\s+")
_FOOTER_MARKERS = re.compile(
    r"^(you may also like|leave a (comment|reply)|related (posts|articles|stories)|share this( post| article)?:?"
    r"|read more|previous post|next post|comments?|post navigation|tags?:.*)\s*$",
    re.IGNORECASE,
)
_ELLIPSIS = re.compile(r"\.\.\.|…")


def _key(text: str) -> str:
    return name_key(text)


def _split_breadcrumb(line: str) -> list[str] | None:
    parts = [p.strip() for p in _BREADCRUMB_SPLIT.split(line) if p.strip()]
    if len(parts) >= 3 and len(parts[0]) <= 20 and len(_BREADCRUMB_SPLIT.findall(line)) >= 2:
        return parts
    return None


def _is_teaser(line: str) -> bool:
    return line.startswith(("...", "…")) and len(line) > 20


def _teaser_repeats(line: str, rest: str) -> bool:
    """Every sizeable piece of a teaser ("... excerpt ... ... excerpt ...") is found later."""
    pieces = [p.strip() for p in _ELLIPSIS.split(line) if len(p.strip()) > 15]
    return bool(pieces) and all(_key(p) in rest for p in pieces)


# --- kinds -----------------------------------------------------------------------------

_CLASSIFICATION = re.compile(
    r"^(UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|RESTRICTED|LIMITED OFFICIAL USE|SENSITIVE BUT UNCLASSIFIED)"
    r"(\s*(//|/)\s*[A-Z ]+)?\s*$"
)
_SUBJECT = re.compile(r"(^|\s)SUBJECT:\s*\S")
_PARA_MARKING = re.compile(r"^\s*¶?\d+\.\s*\((SBU|U|C|S|LOU|S/NF|C/NF|TS|NF)\)")
_SALUTATION = re.compile(
    r"^(dear|hono(u)?rable|respected|to whom it may concern|your (excellenc(y|ies)|hono(u)?rs?|majesty|highness)|excellenc(y|ies)|"
    r"madam|sir|(mr|mrs|ms|madam|madame)\.?\s+(president|prime minister|secretary|secretary[- ]general|"
    r"high commissioner|chairman|chair|minister|ambassador|speaker|director)|h\.\s?e\.)\b[^\n]{0,120}[,:]\s*$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(yours (sincerely|faithfully|truly|respectfully)|with (respect|gratitude)|sincerely( yours)?|respectfully( yours)?|"
    r"(with )?(best|kind|warm)(est)? regards|regards|thank you( very much)?|with thanks|cordially)\b[,.!]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_OPEN_LETTER = re.compile(r"\bopen letter\b|نامه(\u200c|\s)?(ی)?\s*سر\s*گشاده|رسالة مفتوحة|lettre ouverte", re.IGNORECASE)
_ADDRESS_LINE = re.compile(r"^(?:an\s+)?(?:open\s+)?letter\s+to\s+(?P<to>.+)$|^to:\s*(?P<to2>.+)$", re.IGNORECASE)

# --- names -----------------------------------------------------------------------------

_HONORIFIC = re.compile(
    r"^(?:(?:the\s+)?(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lord|lady|hon|honou?rable|"
    r"his excellency|her excellency|h\.?\s?e|president|vice president|prime minister|deputy prime minister|"
    r"foreign minister|minister|secretary of state|secretary general|secretary|ambassador|senator|"
    r"congressman|congresswoman|representative|chancellor|king|queen|sheikh|ayatollah|general|colonel|"
    r"mayor|governor|judge|justice)\.?\s+)+",
    re.IGNORECASE,
)
_TRAILING_TITLE = re.compile(r"\s*,?\s*\b(MEP|MP|MdB|Esq|PhD|Jr|Sr)\.?\s*$")
_PARTICLES = {"al", "el", "ul", "bin", "ibn", "bint", "abu", "de", "del", "della", "di", "da", "du", "van", "von",
              "der", "den", "le", "la", "ben", "e", "ol", "os"}
_ORG_WORDS = re.compile(
    r"\b(organi[sz]ation|society|association|council|committee|ministry|department|foundation|institute|network|"
    r"party|league|union|cent(re|er)|community|front|movement|agency|bureau|office|coalition|alliance|group|"
    r"federation|trust|commission|embassy|university|college|press|news|times|bloggers?|interlink|"
    r"campaign|forum|initiative|NGO|inc|ltd|llc)\b",
    re.IGNORECASE,
)

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_PATTERNS = [
    re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_MONTH_RE},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
]


def parse_date(text: str) -> tuple[str, str] | None:
    """(EDTF, the matched text) for the first date written in `text`, or None."""
    for pattern in _DATE_PATTERNS:
        found = pattern.search(text)
        if not found:
            continue
        parts = found.groupdict()
        month = parts["month"]
        month = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."), 0)
        year = int(parts["year"])
        if not (1 <= month <= 12 and 1000 <= year <= 2999):
            continue
        if parts.get("day"):
            day = int(parts["day"])
            try:
                datetime.date(year, month, day)
            except ValueError:
                continue
            return f"{year:04d}-{month:02d}-{day:02d}", found.group()
        return f"{year:04d}-{month:02d}", found.group()
    return None


def clean_name(text: str) -> str:
    """A name without honorifics, office titles or trailing post-nominals."""
    text = " ".join(text.strip().strip(",;:.").split())
    text = _TRAILING_TITLE.sub("", text)
    text = _HONORIFIC.sub("", text)
    return text.strip(" ,;:")


def looks_like_name(text: str) -> bool:
    """One to five words, each capitalised or a name particle; no digits or sentence words."""
    words = text.replace("-", " ").split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in text) or len(text) > 60:
        return False
    capitalised = 0
    for word in words:
        bare = word.strip(".'’")
        if not bare:
            return False
        if bare.lower() in _PARTICLES:
            continue
        if not bare[0].isupper() and not unicodedata.category(bare[0]).startswith("Lo"):
            return False
        capitalised += 1
    return capitalised >= 1


# --- the parser ------------------------------------------------------------------------

Resolver = Callable[[str], str | None]


def _no_resolver(text: str) -> str | None:
    return None


def parse_page(text: str, resolve: Resolver = _no_resolver) -> ParsedPage:
    """Clean a saved page and guess its title, kind, people, place and date.

    `resolve(name)` says whether a name is a known "person", "organisation" or "place"
    (or None), which settles what a signature line is when its shape alone cannot.
    """
    lines = [line.rstrip() for line in text.split("\n")]
    guesses: list[Guess] = []

    # Breadcrumb and title.
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise PageError("empty")
    title = ""
    crumbs = _split_breadcrumb(lines[first].strip())
    if crumbs:
        for topic in crumbs[1:-1]:
            guesses.append(Guess("topic", topic, lines[first].strip()))
        title = crumbs[-1]
        title_source = lines[first].strip()
        lines[first] = ""
    else:
        title = lines[first].strip()
        title_source = title
        lines[first] = ""
    title_key = _key(title)
    title_words = set(title_key.split())
    seen_content = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        key = _key(stripped)
        if key == title_key:
            lines[i] = ""
            continue
        if title_key and key.endswith(title_key) and len(key) > len(title_key):
            # The title glued to the end of a line ("Greeting,Title").
            cut = _find_suffix(stripped, title)
            if cut is not None:
                lines[i] = stripped[:cut].rstrip()
                continue
        if not seen_content and len(stripped) < 300 and not re.search(r"[.!?]$", stripped):
            # A fuller form of the title right under it (a headline with its deck).
            words = set(key.split())
            if title_words and len(title_words & words) >= 0.6 * len(title_words) and not _SALUTATION.match(stripped) and not _ADDRESS_LINE.match(stripped):
                guesses.append(Guess("subtitle", stripped, stripped))
                lines[i] = ""
                continue
        if stripped in {".", "…", "..."}:
            continue
        seen_content = True
    guesses.insert(0, Guess("title", title, title_source))

    # Footer furniture: everything from the first footer marker on.
    for i, line in enumerate(lines):
        if _FOOTER_MARKERS.match(line.strip()):
            removed = "\n".join(l for l in lines[i:] if l.strip())
            lines = lines[:i]
            guesses.append(Guess("removed", "site furniture", removed[:1000]))
            break

    # Teasers that repeat a later paragraph, and the lone dots that separate listings.
    teaser_sections = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped in {".", "…"}:
            previous = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            if previous:
                teaser_sections.append(previous)
            lines[i] = ""
        elif _is_teaser(stripped):
            rest = _key(" ".join(lines[i + 1 :]))
            if _teaser_repeats(stripped, rest):
                lines[i] = ""
    kept = [line.strip() for line in lines]
    _strip_blank_edges(kept)

    # Kind.
    body_lines = [line for line in kept if line]
    cable_signals = sum(
        [
            any(_CLASSIFICATION.match(line) for line in body_lines),
            any(_SUBJECT.search(line) for line in body_lines),
            sum(1 for line in body_lines if _PARA_MARKING.match(line)) >= 2,
        ]
    )
    salutations = [line for line in body_lines if _SALUTATION.match(line)]
    closing_index = _closing_index(kept)
    head = " ".join(body_lines[:2])
    if len(teaser_sections) >= 2:
        kind = DocumentKind.COMPILATION
        source = "\n".join(teaser_sections)
        note = "The page lists several posts; split it into one document per post."
        if cable_signals >= 2:
            note += " One of them is a diplomatic cable."
        guesses.append(Guess("split", f"{len(teaser_sections) + 1} parts", source, note))
        guesses.append(Guess("kind", kind, source))
    elif cable_signals >= 2:
        kind = DocumentKind.CABLE
        marks = [line for line in body_lines if _CLASSIFICATION.match(line) or _SUBJECT.search(line)]
        marks += [line[:60] for line in body_lines if _PARA_MARKING.match(line)][:2]
        guesses.append(Guess("kind", kind, "\n".join(marks)))
        for line in body_lines:
            if _CLASSIFICATION.match(line):
                guesses.append(Guess("classification", line, line))
                break
    elif _OPEN_LETTER.search(title) or _OPEN_LETTER.search(head):
        kind = DocumentKind.OPEN_LETTER
        guesses.append(Guess("kind", kind, title if _OPEN_LETTER.search(title) else head[:300]))
    elif salutations and closing_index is not None:
        kind = DocumentKind.LETTER
        guesses.append(Guess("kind", kind, f"{salutations[0]}\n…\n{kept[closing_index]}"))
    else:
        kind = DocumentKind.ARTICLE
        guesses.append(Guess("kind", kind, "no salutation, signature or cable markings"))

    if kind in (DocumentKind.LETTER, DocumentKind.OPEN_LETTER):
        guesses.extend(_recipients(body_lines, salutations))
        if closing_index is not None:
            guesses.extend(_signature(kept, closing_index, resolve))
    if kind != DocumentKind.COMPILATION and not any(g.field == "date" for g in guesses):
        latest = _latest_date(body_lines)
        if latest:
            edtf, written = latest
            # Letters and reports are mostly written soon after the last event they recount.
            guesses.append(
                Guess("date", f"{edtf[:7]}?", written, "Undated: probably the month of the latest date the text mentions.")
            )

    return ParsedPage(title=title, body=_paragraphs(kept), kind=kind, guesses=guesses)


def _find_suffix(line: str, title: str) -> int | None:
    """Where `title` starts at the end of `line`, comparing folded keys."""
    target = _key(title)
    for cut in range(len(line) - 1, -1, -1):
        if _key(line[cut:]) == target and (cut == 0 or not line[cut - 1].isalnum() or line[cut].isupper()):
            return cut
    return None


def _strip_blank_edges(lines: list[str]) -> None:
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()


def _closing_index(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line and len(line) < 120 and _CLOSING.match(line):
            return i
    return None


def _recipients(body_lines: list[str], salutations: list[str]) -> list[Guess]:
    guesses, seen = [], set()

    def add(name: str, source: str):
        cleaned = clean_name(name)
        if cleaned and looks_like_name(cleaned) and _key(cleaned) not in seen:
            seen.add(_key(cleaned))
            written = name.strip(" ,")
            guesses.append(Guess("recipient", cleaned, source, as_written=written))

    for line in body_lines[:6]:
        address = _ADDRESS_LINE.match(line)
        if address:
            listed = address.group("to") or address.group("to2")
            listed = re.split(r"\s+(?:on|about|concerning|regarding|over|re)\s+(?:the\s+)?(?=[a-z])", listed, maxsplit=1)[0]
            for part in re.split(r",\s*|\s+and\s+|\s*&\s*|;\s*", listed):
                add(part, line)
    for line in salutations:
        greeting = re.sub(r"^(dear|respected)\s+", "", line.rstrip(",: "), flags=re.IGNORECASE)
        if re.match(r"^(sir|madam|friends?|colleagues?|all)\b", greeting, re.IGNORECASE):
            continue
        for part in re.split(r"\s+and\s+|\s*&\s*", greeting):
            add(part, line)
    return guesses


def _signature(lines: list[str], closing: int, resolve: Resolver) -> list[Guess]:
    """Author, organisation, place and date from the lines after the closing formula."""
    rest = _CLOSING.match(lines[closing]).group("rest").strip()
    block = [rest] if rest else []
    i = closing + 1
    while i < len(lines) and not lines[i] and not block:
        i += 1
    while i < len(lines) and lines[i] and len(block) < 5:
        block.append(lines[i])
        i += 1
    block = [line for line in block if len(line) < 120]
    if not block:
        return []
    source = "\n".join([lines[closing], *block]) if not rest else "\n".join(block)
    guesses = []
    # A short line left between the signature and the footer names the site.
    trailing = [line for line in lines[i:] if line]
    if 1 <= len(trailing) <= 2 and all(len(line) < 80 and not re.search(r"[.!?:]$", line) for line in trailing):
        guesses.append(Guess("source_title", trailing[0], "\n".join(trailing), "Named at the foot of the page."))
        for j in range(i, len(lines)):
            lines[j] = ""
    author = None
    place_parts: list[tuple[str, str]] = []
    org_parts: list[str] = []
    for line_no, line in enumerate(block):
        parts = [p.strip() for p in line.split(",") if p.strip()]
        non_dates = []
        for part in parts:
            dated = parse_date(part)
            if dated and len(dated[1]) >= len(part) - 2:
                guesses.append(Guess("date", dated[0], source, as_written=part))
            else:
                non_dates.append(part)
        for position, part in enumerate(non_dates):
            known = resolve(part)
            if author is None and line_no == 0 and position == 0 and known in (None, "person") and looks_like_name(clean_name(part)):
                author = (clean_name(part), part)
                continue
            if known == "place":
                place_parts.append((part, line))
            elif known == "organisation":
                org_parts.append(part)
            elif known == "person":
                guesses.append(Guess("co_signatory", clean_name(part), source))
            elif _ORG_WORDS.search(part):
                org_parts.append(part)
            elif position > 0 and line_no == 0:
                place_parts.append((part, line))  # "Name, City, date"
            elif len(non_dates) > 1:
                place_parts.append((part, line))  # "City, Country"
            elif line_no == len(block) - 1 or len(part.split()) <= 3 and line_no > 0 and org_parts:
                place_parts.append((part, line))
            else:
                org_parts.append(part)
    if author:
        guesses.append(Guess("author", author[0], source, as_written=author[1]))
    for org in org_parts:
        guesses.append(Guess("author_organisation", org, source))
    if place_parts:
        place, line = place_parts[0]
        written = ", ".join(p for p, l in place_parts if l == line) if sum(1 for _p, l in place_parts if l == line) > 1 else place
        guesses.append(Guess("place_written", place, source, as_written=written))
    return guesses


def _latest_date(lines: list[str]) -> tuple[str, str] | None:
    found = []
    for line in lines:
        for pattern in _DATE_PATTERNS[:3]:
            for match in pattern.finditer(line):
                parsed = parse_date(match.group())
                if parsed and len(parsed[0]) == 10:
                    found.append(parsed)
    return max(found) if found else None


def _paragraphs(lines: list[str]) -> str:
    """Blank-line separated paragraphs; a line break inside a run of short lines (an
    address or signature block) stays a line break."""
    paragraphs, current = [], []
    for line in lines:
        if not line:
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        if current and (len(line) > 80 or len(current[-1]) > 80 or re.search(r"[.!?”\"]$", current[-1])):
            paragraphs.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)
