"""The shapes of documents no extraction library knows: letters (addressee block, salutation,
closing, signatories, place-and-date line), statements and press releases (issuing body,
dateline) and diplomatic cables (date-time group, FM, TO, INFO, classification, E.O., TAGS,
SUBJECT, REF).

Input is the main text of a page, a line per block; output is the kind with its reason and a
guess per field, each keeping the exact words it came from. The rules are about the genre,
never about any one site or subject.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Callable

from archive.models import DocumentKind
from archive.text import name_key

from .pages import (
    _ADDRESS_LINE as _TO_LINE,
    _CLOSING,
    _HONORIFIC,
    _OPEN_LETTER,
    _ORG_WORDS,
    _PARA_MARKING,
    _SALUTATION,
    _TRAILING_TITLE,
    Guess,
    clean_name,
    looks_like_name,
    parse_date,
)

Resolver = Callable[[str], str | None]


def no_resolver(text: str) -> str | None:
    return None


_MONTH_ABBR = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}
# A cable's date-time group: day, hour and minute in Zulu time, month, two-digit year.
DTG = re.compile(r"\b(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})Z\s+(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(?P<year>\d{2}|\d{4})\b")
_CLASSIFICATIONS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "LIMITED OFFICIAL USE",
                    "SENSITIVE BUT UNCLASSIFIED", "RESTRICTED")
_CLASSIFICATION_LINE = re.compile(
    r"^(?:classification:\s*)?(?P<mark>(?:" + "|".join(_CLASSIFICATIONS) + r")(?:\s*(?://|/)\s*[A-Z ]+)?)"
    r"(?:\s+(?:SECTION\s+\d+\s+OF\s+\d+\s+)?[A-Z]+\s+\d+)?\s*$",
    re.IGNORECASE,
)
_SPACED_CLASSIFICATION = re.compile(r"^([A-Z] ){4,}[A-Z]\b")
# Cables write their header lines in capitals; a letter's "To:" or "Subject:" is not one.
_CABLE_HEADER = re.compile(r"^(FM|TO|INFO|E\.\s?O\.|TAGS|SUBJECT|SUBJ|REF|CLASSIFIED BY|Classified By)(?=[\s:])[:\s]")
_VIEWER_DATE = re.compile(r"^(?:created|date|dated)\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2})(?:\s+\d{2}:\d{2})?", re.IGNORECASE)

_LETTER_TITLE = re.compile(r"\b(letter|appeal|petition)\b|نامه|رسالة|lettre", re.IGNORECASE)
_PRESS_RELEASE = re.compile(r"\b(press release|news release|media release|for immediate release|pr ?newswire|communiqu[ée])\b", re.IGNORECASE)
_STATEMENT = re.compile(r"\b(statement|declaration|press statement|communiqu[ée])\b|بیانیه|بيانية|بيان|déclaration", re.IGNORECASE)
_STATEMENT_ISSUER = re.compile(
    r"\bstatement\s+(?:of|by|from)\s+(?:the\s+)?(?P<org>[A-Z][^,.:;()\n]{3,120}?)(?:\s+(?:on|about|regarding|concerning|condemning)\b|[,.:;(]|$)"
)
_REPORT = re.compile(r"\breport\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|author:?)\s+(?P<name>[^,|•·\d]{3,80}?)(?:\s*[,|•·]|\s+on\b|\s+\d|$)", re.IGNORECASE)
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z .'-]{1,40}?)\s*(?:\([^)]*\))?\s*[,–—-]\s*(?P<rest>.{6,40}?\d{4})\s*(?:[–—:/-]|$)")
_FOOTER = re.compile(
    r"^(you may also like|leave a (comment|reply)|related (posts|articles|stories|news)|share this|read more|"
    r"previous (post|article)|next (post|article)|comments?|post navigation|tags?:|categories:|filed under)",
    re.IGNORECASE,
)
_ORG_EXTRA = re.compile(
    r"\b(watch|alliance|families of|friends of|bulletin|society|foundation|association|committee|council|network|"
    r"coalition|centre|center|ministry|secretariat|office|mission|embassy|government|resistance|rights)\b|^(the )?(mothers|families|residents)\b",
    re.IGNORECASE,
)


def is_organisation(name: str) -> bool:
    """Whether a name is shaped like a body's, not a person's."""
    return bool(_ORG_WORDS.search(name) or _ORG_EXTRA.search(name))


_OFFICE_WORDS = re.compile(
    r"\b(president|prime minister|minister|secretary|commissioner|high commissioner|director|chair(man|woman|person)?|"
    r"ambassadors?|representatives?|rapporteur|envoy|head|chief|members?|congress|speaker|senator|congress(man|woman)|parliament|"
    r"spokes(man|woman|person)|coordinator|advis[eo]r|general|rapporteur|deputy|mep)\b",
    re.IGNORECASE,
)
_ORG_RECIPIENT = re.compile(
    r"\b(united nations|un |unhcr|unami|icrc|red cross|red crescent|office of|ministry|government|council|commission|"
    r"committee|parliament|embassy|mission|secretariat|department)\b",
    re.IGNORECASE,
)
# Cities and countries the genre's letters are addressed to and signed in, by their shape:
# a place line is one to four capitalised words, perhaps with a postcode.
_CONTROL = re.compile(r"^[\d.,kK]+\s*\w{0,8}$|^\d[\d.,]*[kK]?\d*\s*share$", re.I)
_META_LINE = re.compile(r"^(submitted|posted|published|written|filed|by|updated|share|tweet)\b", re.I)
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_PLACE_LINE = re.compile(r"^[A-Z][A-Za-zÀ-ÿ.' -]{1,40}(?:,\s*[A-Z][A-Za-zÀ-ÿ.' -]{1,30})?(?:\s+[A-Z]{0,2}\s?\d{3,6})?$")

_MONTHS_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
              r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ANY_DATE = re.compile(
    rf"\b(?:{_MONTHS_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS_RE},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)


@dataclass
class ReadDocument:
    kind: str
    body: str
    guesses: list[Guess] = field(default_factory=list)
    kind_title: str = ""  # a title the document's own structure gives (a cable's SUBJECT)


def dates_in(text: str) -> list[tuple[str, str]]:
    """(EDTF day, words) for each exact date written in `text`."""
    found = []
    for match in _ANY_DATE.finditer(text):
        parsed = parse_date(match.group())
        if parsed and len(parsed[0]) == 10:
            found.append((parsed[0], match.group()))
    return found


def dtg_date(text: str) -> tuple[str, str] | None:
    match = DTG.search(text)
    if not match:
        return None
    year = int(match.group("year"))
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        day = datetime.date(year, _MONTH_ABBR[match.group("month")], int(match.group("day")))
    except ValueError:
        return None
    return day.isoformat(), match.group()


def _is_cable_line(text: str) -> bool:
    return bool(_CABLE_HEADER.match(text) or DTG.search(text) or _CLASSIFICATION_LINE.match(text)
                or _SPACED_CLASSIFICATION.match(text) or _PARA_MARKING.match(text))


_TRANSMISSION = re.compile(r"^[A-Z0-9 #/.:-]+$")


def cable_block(page: list[tuple[str, str]]) -> tuple[int, int] | None:
    """[start, end) of the page lines holding a cable, when the page carries one: from its
    transmission and header lines (date-time group, FM, TO…) to its last paragraph and
    signature. A viewer's own description of the cable (its table of date, classification
    and origin) stays outside. None for any other page."""
    headers = [i for i, (text, _tag) in enumerate(page)
               if text and (re.match(r"^(FM|TO|INFO|SUBJECT|SUBJ|TAGS|E\.\s?O\.)(?=[\s:])\s*:?\s*\S", text) or DTG.search(text))]
    if len(headers) < 2:
        return None
    # The cable starts at its date-time group or FM line; a viewer's table may repeat TAGS above.
    start = next((i for i in headers if DTG.search(page[i][0]) or page[i][0].startswith("FM ")), headers[0])
    headers = [i for i in headers if i >= start]
    # Back over the transmission lines right above the header ("VZCZC…", "RR RUEH…", "DE …").
    j, blanks = start - 1, 0
    while j >= 0 and start - j <= 8:
        text = page[j][0]
        if not text:
            blanks += 1
            if blanks > 1 or page[j][1] != "pre":
                break
        elif _TRANSMISSION.match(text) and len(text) < 60 and not _CLASSIFICATION_LINE.match(text):
            start = j
        else:
            break
        j -= 1
    tag = page[headers[0]][1]
    end = max(i for i, (text, _t) in enumerate(page) if text and (_is_cable_line(text))) + 1
    if tag == "pre":
        while end < len(page) and page[end][1] == "pre":
            end += 1
    else:
        # The text runs on while its lines are the cable's: paragraphs, markings, the
        # signature in capitals; the first page control or sentence-case furniture ends it.
        while end < len(page):
            text = page[end][0]
            if text and (_FOOTER.match(text) or _CONTROL_WORDS.match(text)):
                break
            if text and not (len(text) > 40 or text.isupper()):
                break
            end += 1
    return start, end


_CONTROL_WORDS = re.compile(r"^(share|tweet|print|email|please|if you)\b", re.I)


def widen(lines: list[str], kept: set[int]) -> set[int]:
    """Keep more where a library is unsure: a letter's addressee block above its salutation,
    its closing and signature block below the last paragraph, and a short line between two
    kept ones."""
    kept = set(kept)
    first, last = min(kept), max(kept)
    # Addressee block and place-and-date line above a salutation the main text starts with.
    salutation = next((i for i in range(first, min(len(lines), first + 6)) if _SALUTATION.match(lines[i] or "")), None)
    if salutation is not None:
        j = first - 1
        while j >= 0 and first - j <= 6 and lines[j] and len(lines[j]) < 90 and not _is_furniture(lines[j]) \
                and not _META_LINE.match(lines[j]) and not lines[j].endswith(":"):
            kept.add(j)
            j -= 1
    # Closing formula and signatures below.
    after = range(last + 1, min(len(lines), last + 15))
    closing = next((i for i in after if _CLOSING.match(lines[i] or "") and len(lines[i]) < 120), None)
    if closing is None and _CLOSING.match(lines[last] or ""):
        closing = last
    if closing is not None:
        kept.update(range(last + 1, closing + 1))
        j = closing + 1
        while j < len(lines) and j - closing <= 10 and lines[j] and len(lines[j]) < 140 and not _is_furniture(lines[j]):
            kept.add(j)
            j += 1
    return kept


def _is_furniture(line: str) -> bool:
    return bool(_FOOTER.match(line) or "»" in line or " › " in line or " > " in line
                or re.match(r"^(home|menu|search|skip to|©|copyright|all rights reserved)\b", line, re.I))


def paragraphs(body: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", body).strip()


# --- reading one document --------------------------------------------------------------

_LABEL = re.compile(r"^(press (statement|release)|news release|media release|statement|communiqu[ée]|open letter)$", re.I)


def is_label(line: str) -> bool:
    """A line that only says what the document is ("Press Statement")."""
    return bool(_LABEL.match(line.strip(" :")))


def read_document(body: str, title: str = "", resolve: Resolver = no_resolver, context: str = "") -> ReadDocument:
    """The kind, with its reason, and the guesses the document's structure gives. `context`
    is the page's header around the heading (a label such as "Press Statement")."""
    lines = [line.strip() for line in body.split("\n")]
    nonblank = [line for line in lines if line]
    cable_signals = sum(1 for line in nonblank[:40] if _CABLE_HEADER.match(line) or DTG.search(line))
    if cable_signals >= 2:
        return _read_cable(body, lines)
    head = " ".join([*context.split("\n")[-3:], *nonblank[:3]]).strip()
    salutation_index = next((i for i, line in enumerate(lines) if _SALUTATION.match(line)), None)
    closing_index = next((i for i in range(len(lines) - 1, -1, -1) if lines[i] and len(lines[i]) < 120
                          and _CLOSING.match(lines[i])), None)
    guesses: list[Guess] = []
    if _OPEN_LETTER.search(title) or _OPEN_LETTER.search(head):
        kind = DocumentKind.OPEN_LETTER
        guesses.append(Guess("kind", kind, title if _OPEN_LETTER.search(title) else head[:300],
                             "Calls itself an open letter."))
    elif salutation_index is not None and (closing_index is not None or _LETTER_TITLE.search(title)):
        kind = DocumentKind.LETTER
        guesses.append(Guess("kind", kind, f"{lines[salutation_index]}\n…\n{lines[closing_index] if closing_index is not None else ''}",
                             "Opens with a salutation and closes with a formula and a signature."))
    elif _PRESS_RELEASE.search(title) or _PRESS_RELEASE.search(" ".join([*context.split("\n"), *nonblank[:5]])[:1000]):
        kind = DocumentKind.PRESS_RELEASE
        source = title if _PRESS_RELEASE.search(title) else next(
            l for l in [*context.split("\n"), *nonblank[:5]] if _PRESS_RELEASE.search(l))[:300]
        guesses.append(Guess("kind", kind, source, "Says it is a press or news release."))
    elif _STATEMENT.search(title) or _STATEMENT.search(" ".join([*context.split("\n")[-3:], *nonblank[:2]])[:300]):
        kind = DocumentKind.STATEMENT
        source = title if _STATEMENT.search(title) else head[:300]
        guesses.append(Guess("kind", kind, source, "Calls itself a statement."))
    elif _REPORT.search(title) and len(body) > 6000:
        kind = DocumentKind.REPORT
        guesses.append(Guess("kind", kind, title, "Calls itself a report and is long."))
    else:
        kind = DocumentKind.ARTICLE
        guesses.append(Guess("kind", kind, head[:300], "No salutation, signature, release line or cable header: a news post or article."))

    if kind in (DocumentKind.LETTER, DocumentKind.OPEN_LETTER):
        guesses.extend(_addressees(lines, salutation_index, title, head))
        if closing_index is not None:
            guesses.extend(_signatories(lines, closing_index, resolve))
        guesses.extend(_letter_date(lines, salutation_index, guesses))
    else:
        guesses.extend(_issuer(kind, title, lines, resolve))
        guesses.extend(_dateline(lines))
    return ReadDocument(kind=kind, body="\n".join(lines), guesses=guesses)


def _read_cable(body: str, lines: list[str]) -> ReadDocument:
    guesses = [Guess("kind", DocumentKind.CABLE,
                     "\n".join(l for l in lines if _CABLE_HEADER.match(l) or DTG.search(l))[:500],
                     "Header lines of a diplomatic cable (date-time group, FM, TO, SUBJECT).")]
    subject, provenance = "", []
    section = ""
    dated = None
    for i, line in enumerate(lines):
        if not line:
            continue
        if line == "BT" or _SPACED_CLASSIFICATION.match(line) or _CLASSIFICATION_LINE.match(line):
            section = "" if section in ("to", "info", "subject") else section
        if dated is None and (found := dtg_date(line)):
            dated = found
            guesses.append(Guess("date", found[0], line, "The cable's date-time group.", as_written=found[1]))
        header = re.match(r"^(FM|TO|INFO|E\.\s?O\.|TAGS|SUBJECT|SUBJ|REF|CLASSIFIED BY|Classified By)(?=[\s:])[:\s]*(?P<rest>.*)$", line)
        if header:
            name = header.group(1).upper().replace(" ", "")
            rest = header.group("rest").strip()
            if name == "FM":
                section = "fm"
                guesses.append(Guess("author_organisation", _routing(rest), line, "FM: the sending post.", as_written=rest))
            elif name in ("TO", "INFO"):
                section = name.lower()
                if rest:
                    guesses.append(_cable_recipient(rest, line, name))
            elif name in ("SUBJECT", "SUBJ"):
                section = "subject"
                subject = rest
            else:
                section = "provenance"
                provenance.append(line)
            continue
        if section in ("to", "info") and re.match(r"^[A-Z0-9/ ]+$", line) and not _PARA_MARKING.match(line):
            guesses.append(_cable_recipient(line, line, section.upper()))
            continue
        if section == "subject" and not re.match(r"^(REF|CLASSIFIED|\d+\.|¶)", line, re.I) and line.isupper():
            subject = f"{subject} {line}".strip()
            continue
        section = "" if section in ("to", "info", "subject") else section
        mark = _CLASSIFICATION_LINE.match(line)
        if mark and not any(g.field == "classification" for g in guesses):
            guesses.append(Guess("classification", mark.group("mark").upper(), line, "The cable's classification line."))
        elif _SPACED_CLASSIFICATION.match(line) and not any(g.field == "classification" for g in guesses):
            joined = line.replace(" ", "")
            for marking in _CLASSIFICATIONS:
                if joined.upper().startswith(marking.replace(" ", "")):
                    guesses.append(Guess("classification", marking, line, "The cable's classification line."))
                    break
        if dated is None and (viewer := _VIEWER_DATE.match(line)):
            dated = (viewer.group("date"), viewer.group("date"))
            guesses.append(Guess("date", viewer.group("date"), line, "The cable's creation date as the viewer gives it.",
                                 as_written=line))
    if provenance:
        guesses.append(Guess("provenance", "\n".join(provenance), "\n".join(provenance), "The cable's handling lines."))
    title = subject.strip(" .")
    if title:
        guesses.append(Guess("subtitle", title, f"SUBJECT: {subject}", "The cable's SUBJECT line."))
    return ReadDocument(kind=DocumentKind.CABLE, body="\n".join(lines), guesses=guesses, kind_title=title)


def _routing(text: str) -> str:
    """A cable address without its routing prefix and precedence: "RUEHC/SECSTATE WASHDC
    IMMEDIATE 1234" → "SECSTATE WASHDC"."""
    text = re.sub(r"^[A-Z]{4,6}/", "", text.strip())
    text = re.sub(r"\s+(IMMEDIATE|PRIORITY|ROUTINE|FLASH)\b.*$", "", text)
    return re.sub(r"\s+\d+$", "", text).strip(" ,")


def _cable_recipient(text: str, line: str, header: str) -> Guess:
    return Guess("recipient_organisation", _routing(text), line,
                 "TO: an addressee of the cable." if header == "TO" else "INFO: sent for information.",
                 as_written=text.strip())


def _looks_like_person_line(line: str) -> bool:
    """A line that names a person: a name, perhaps behind an honorific ("H.E. Mr. …"), and
    no office or body ("Ambassador of the United Kingdom" is a title, not a name)."""
    bare = clean_name(_TRAILING_TITLE.sub("", line).strip(" ,"))
    if not bare or is_organisation(bare) or _OFFICE_WORDS.search(bare) or _ORG_RECIPIENT.search(bare):
        return False
    if not looks_like_name(bare):
        return False
    return bool(_HONORIFIC.match(line)) or len(bare.split()) >= 2


def _addressees(lines: list[str], salutation: int | None, title: str, head: str) -> list[Guess]:
    """Every addressee in order, each with the title the letter gives it."""
    guesses: list[Guess] = []
    if salutation is not None:
        block_start = salutation
        j = salutation - 1
        while j >= 0 and salutation - j <= 12 and (not lines[j] or len(lines[j]) < 120):
            block_start = j
            j -= 1
        block = [l for l in lines[block_start:salutation] if l]
        # The place-and-date line and a "To:" prefix are not addressees.
        # Stop at the post's own lines above the letter (title, byline, an introduction).
        if title:
            keys = [name_key(l) for l in block]
            if name_key(title) in keys:
                block = block[len(keys) - keys[::-1].index(name_key(title)) :]
        kept_block = []
        for l in block:
            if _META_LINE.match(l) or l.endswith(":") or len(l) > 90 or _CONTROL.match(l):
                kept_block = []
                continue
            kept_block.append(l)
        block = [l for l in kept_block if not (dates_in(l) and len(l) < 60) and not _TO_LINE.match(l)
                 and not _OPEN_LETTER.search(l) and not re.match(r"^(re|subject|object)\s*:", l, re.I)]
        groups: list[list[str]] = []
        for line in block:
            if _looks_like_person_line(line) or not groups:
                groups.append([line])
            else:
                groups[-1].append(line)
        for group in groups:
            first = group[0]
            written = ", ".join(group)
            if _looks_like_person_line(first):
                guesses.append(Guess("recipient", clean_name(first), written, "An addressee named above the salutation.",
                                     as_written=written))
            else:
                org = _addressee_org(group)
                if org:
                    guesses.append(Guess("recipient_organisation", org, written,
                                         "An addressee above the salutation: an office or body, not a person.",
                                         as_written=written))
    if guesses:
        return guesses
    for line in lines[:6]:
        address = _TO_LINE.match(line)
        if address:
            listed = address.group("to") or address.group("to2")
            listed = re.split(r"\s+(?:on|about|concerning|regarding|over|re)\s+(?:the\s+)?(?=[a-z])", listed, maxsplit=1)[0]
            for part in re.split(r",\s*|\s+and\s+|\s*&\s*|;\s*", listed):
                cleaned = clean_name(part)
                if cleaned and looks_like_name(cleaned) and not is_organisation(cleaned):
                    guesses.append(Guess("recipient", cleaned, line, "Named in the letter's address line.",
                                         as_written=part.strip()))
    if not guesses and salutation is not None:
        greeting = re.sub(r"^(dear|respected)\s+", "", lines[salutation].rstrip(",: "), flags=re.IGNORECASE)
        if not re.match(r"^(sir|madam|friends?|colleagues?|all|mr\.? president|madam president|excellency|your)\b", greeting, re.I):
            for part in re.split(r"\s+and\s+|\s*&\s*", greeting):
                cleaned = clean_name(part)
                if cleaned and looks_like_name(cleaned) and cleaned.lower() not in ("sir", "madam"):
                    guesses.append(Guess("recipient", cleaned, lines[salutation], "Named in the salutation.",
                                         as_written=part.strip()))
    return guesses


def _addressee_org(group: list[str]) -> str:
    """The body an office-only addressee block names: its first line without a trailing
    place ("UN High Commissioner for Refugees – Geneva" → "UN High Commissioner for Refugees")."""
    first = re.split(r"\s+[–—-]\s+", group[0])[0].strip(" ,")
    first = re.sub(r"^((the|to)\s+)+", "", first, flags=re.I)
    if _PLACE_LINE.match(first) and len(first.split()) <= 3 and not (
            _ORG_RECIPIENT.search(first) or is_organisation(first) or _OFFICE_WORDS.search(first)):
        return ""
    return first


def _signatories(lines: list[str], closing: int, resolve: Resolver) -> list[Guess]:
    """Signatories in order, the organisation each signs for, and the place-and-date line."""
    rest = _CLOSING.match(lines[closing]).group("rest").strip(" ,")
    block = [rest] if rest else []
    for line in lines[closing + 1 : closing + 30]:
        if not line:
            continue
        if len(line) > 140 or _FOOTER.match(line):
            break
        block.append(line)
    source = "\n".join([lines[closing], *block])
    guesses: list[Guess] = []
    people = 0
    for line in block:
        place_date = _place_and_date(line)
        if place_date:
            guesses.extend(place_date)
            continue
        parts = [p.strip() for p in re.split(r",\s*|\s+[–—-]\s+", line) if p.strip()]
        known = resolve(parts[0]) if parts else None
        head = parts[0] if parts else ""
        if known == "organisation" or (is_organisation(head) and known != "person"):
            guesses.append(Guess("author_organisation", head, source,
                                 "Signs for this body." if people else "Signed in the name of this body.",
                                 as_written=line))
            continue
        last_line = line == block[-1]
        if known == "place" or (last_line and len(parts) == 1 and len(head.split()) <= 3 and guesses
                                and guesses[-1].field == "author_organisation" and not _OFFICE_WORDS.search(head)):
            guesses.append(Guess("place_written", head, source, "Named under the signature.", as_written=line))
            continue
        cleaned = clean_name(head)
        if (known == "person" or _looks_like_person_line(head) or looks_like_name(cleaned)) and not _OFFICE_WORDS.search(head) \
                and len(cleaned.split()) >= 2:
            field_name = "author" if people == 0 else "co_signatory"
            people += 1
            guesses.append(Guess(field_name, cleaned, source, "Signs the letter.", as_written=line))
            for extra in parts[1:]:
                if is_organisation(extra):
                    guesses.append(Guess("author_organisation", extra, source, f"{cleaned} signs for this body.",
                                         as_written=line))
            continue
        # An office title under a signature ("Chairman") belongs to the name above it.
        for extra in parts:
            if is_organisation(extra) and not _OFFICE_WORDS.match(extra):
                org = re.sub(r"^(?:[\w ]*?(?:president|chair(?:man|woman)?|director|secretary|spokes\w+|head|member)\s+(?:of\s+)?(?:the\s+)?)",
                             "", extra, flags=re.I).strip()
                if org:
                    guesses.append(Guess("author_organisation", org, source, "The body the signatory speaks for.",
                                         as_written=line))
    return guesses


def _place_and_date(line: str) -> list[Guess]:
    found = dates_in(line)
    if not found or len(line) > 80:
        return []
    edtf, written = found[0]
    guesses = [Guess("date", edtf, line, "The letter's place-and-date line.", as_written=written)]
    place = line.replace(written, "").strip(" ,–—-.")
    place = re.sub(r"^(on|dated?)\s+", "", place, flags=re.I)
    if place and _PLACE_LINE.match(place) and len(place.split()) <= 4:
        guesses.append(Guess("place_written", place.split(",")[0].strip(), line,
                             "The letter's place-and-date line.", as_written=place))
    return guesses


def _letter_date(lines: list[str], salutation: int | None, guesses: list[Guess]) -> list[Guess]:
    if any(g.field == "date" for g in guesses):
        return []
    # A place-and-date line or a date alone on a line above the salutation.
    top = lines[: salutation if salutation is not None else 8]
    for line in top:
        found = _place_and_date(line)
        if found:
            return found
    return _dateline(lines)


def _dateline(lines: list[str]) -> list[Guess]:
    """A release's or statement's dateline ("PARIS, 28 March 2012 –"), or a date alone on one
    of its first or last lines."""
    nonblank = [l for l in lines if l]
    for line in nonblank[:4] + nonblank[-4:]:
        found = dates_in(line[:120])
        if not found:
            continue
        edtf, written = found[0]
        alone = len(line) <= len(written) + 45
        match = _DATELINE.match(line)
        if alone or match:
            guesses = [Guess("date", edtf, line, "The date the text gives itself.", as_written=written)]
            if match and match.group("place").strip().lower() not in _WEEKDAYS:
                place = match.group("place").strip()
                if len(place.split()) <= 3 and not dates_in(place) and not is_organisation(place):
                    guesses.append(Guess("place_written", place.title() if place.isupper() else place, line,
                                         "The dateline's place.", as_written=place))
            return guesses
    return []


def _issuer(kind: str, title: str, lines: list[str], resolve: Resolver) -> list[Guess]:
    """Who issued a statement or release, and who wrote a news post."""
    guesses: list[Guess] = []
    nonblank = [l for l in lines if l]
    if kind in (DocumentKind.STATEMENT, DocumentKind.PRESS_RELEASE):
        for text in (title, *nonblank[:2]):
            match = _STATEMENT_ISSUER.search(text or "")
            if match:
                org = match.group("org").strip()
                guesses.append(Guess("author_organisation", org, text, "Named as the body issuing the statement.",
                                     as_written=org))
                break
        if not guesses:
            # A spokesperson named with the office above the text.
            for a, b in zip(nonblank[:6], nonblank[1:7]):
                if _looks_like_person_line(a) and _OFFICE_WORDS.search(b) and len(b) < 120:
                    guesses.append(Guess("author", clean_name(a), f"{a}\n{b}", f"Issued by {a}, {b}.", as_written=a))
                    break
        if not guesses:
            # A signature at the foot: "Secretariat of …", "Press Office, …", "Name, Spokesperson".
            for line in reversed(nonblank[-4:]):
                if len(line) < 120 and (is_organisation(line) or resolve(line) == "organisation") \
                        and not re.search(r"[.!?]$", line):
                    issuer = re.sub(r"^(source|issued by|contact)\s*:?\s+", "", line.split(",")[0].strip(), flags=re.I)
                    guesses.append(Guess("author_organisation", issuer, line,
                                         "Signed at the foot of the statement.", as_written=line))
                    break
    for line in nonblank[:6]:
        byline = _BYLINE.match(line)
        if byline:
            name = byline.group("name").strip()
            if is_organisation(name):
                guesses.append(Guess("author_organisation", name, line, "The byline names a body, not a person.",
                                     as_written=name))
            elif looks_like_name(clean_name(name)):
                guesses.append(Guess("author", clean_name(name), line, "The byline.", as_written=name))
            break
    return guesses
