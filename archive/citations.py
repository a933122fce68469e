"""How to cite a published document: Chicago and APA text, BibTeX, RIS and CSL-JSON, and
the schema.org description that pages embed as JSON-LD.

Every format is built from one `CitationRecord`, so the formats cannot disagree about who
wrote a document or when. Private people are left out of every format: a citation must not
name someone the archive keeps off its public pages.
"""

from __future__ import annotations

import calendar
import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
    DocumentKind.ARTICLE: "article-newspaper",
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
    authors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    date_edtf: str = ""
    date_as_written: str = ""
    date_parts: list[list[int]] = field(default_factory=list)
    place: str = ""
    language: str = "en"
    source_title: str = ""
    source_url: str = ""
    page: int | None = None  # the page of the original cited (the styles' locator)


def date_parts(edtf: str) -> list[list[int]]:
    """CSL-style date parts: [[2014, 10, 16]], [[2011, 5]], or a range [[2009], [2013]].

    The precision is read off the bounds: a value covering exactly one whole month is that
    month, one whole year that year; anything else is a range of its two bounds."""
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


def _public_names(document: Document, role: str) -> list[str]:
    return [r.entity.name for r in document.roles.all() if r.role == role and r.is_public]


def citation_record(
    document: Document, url: str, accessed: datetime.date | None = None, page: int | None = None
) -> CitationRecord:
    """The facts every format cites, and the page cited if any; `document` should come from
    `with_roles()`."""
    place = document.place_written.name if document.place_written else document.place_written_as
    return CitationRecord(
        slug=document.slug,
        title=document.title,
        kind=document.kind,
        kind_label=str(document.get_kind_display()),
        url=url,
        accessed=accessed or datetime.date.today(),
        authors=_public_names(document, RoleKind.AUTHOR),
        recipients=_public_names(document, RoleKind.RECIPIENT),
        publishers=_public_names(document, RoleKind.PUBLISHER),
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
    return ", ".join(names[:-1]) + _(" and ") + names[-1]


def _format_parts(parts: list[int]) -> str:
    if len(parts) == 1:
        return str(parts[0])
    month = datetime.date(parts[0], parts[1], 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {parts[2]}, {parts[0]}"


def _readable_date(record: CitationRecord) -> str:
    if not record.date_parts:
        return _("n.d.")
    return " – ".join(_format_parts(p) for p in record.date_parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def chicago(record: CitationRecord) -> str:
    """Chicago notes-bibliography style, bibliography entry."""
    pieces = []
    if record.authors:
        pieces.append(_sentence(_join_names(record.authors)))
    title = f"“{_sentence(record.title)}”"
    pieces.append(title)
    detail = record.kind_label.capitalize()
    if record.recipients:
        detail += " " + _("to %(names)s") % {"names": _join_names(record.recipients)}
    if record.place:
        detail += f", {record.place}"
    detail += f", {_readable_date(record)}"
    if record.page:
        detail += ", " + _("p. %(page)d") % {"page": record.page}
    pieces.append(_sentence(detail))
    source = record.source_title or _join_names(record.publishers)
    if source:
        pieces.append(_sentence(source))
    accessed = _format_parts([record.accessed.year, record.accessed.month, record.accessed.day])
    pieces.append(_("Accessed %(date)s.") % {"date": accessed})
    pieces.append(record.url + ".")
    return " ".join(pieces)


def apa(record: CitationRecord) -> str:
    """APA 7th edition reference."""
    author = _join_names(record.authors) if record.authors else ""
    if record.date_parts:
        first = record.date_parts[0]
        date = str(first[0])
        if len(first) > 1 and len(record.date_parts) == 1:
            date += ", " + datetime.date(first[0], first[1], 1).strftime("%B")
            if len(first) > 2:
                date += f" {first[2]}"
    else:
        date = _("n.d.")
    title = f"{record.title} [{record.kind_label.capitalize()}]"
    if record.page:
        title += " (" + _("p. %(page)d") % {"page": record.page} + ")"
    pieces = [_sentence(author)] if author else []
    pieces.append(f"({date}).")
    pieces.append(_sentence(title))
    source = record.source_title or _join_names(record.publishers)
    if source:
        pieces.append(_sentence(source))
    pieces.append(record.url)
    if not author:
        # APA moves the title before the date when there is no author.
        pieces = [_sentence(title), f"({date}).", *pieces[2:]]
    return " ".join(pieces)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def bibtex(record: CitationRecord) -> str:
    fields = [("title", "{" + _bibtex_escape(record.title) + "}")]
    if record.authors:
        # Double braces keep each name whole: these are not "Last, First" names.
        fields.append(("author", " and ".join("{" + _bibtex_escape(a) + "}" for a in record.authors)))
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
        fields.append(("publisher", _bibtex_escape(_join_names(record.publishers))))
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
    lines += [_ris_line("AU", name) for name in record.authors]
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


def csl_json(record: CitationRecord) -> str:
    item = {
        "id": record.slug,
        "type": CSL_TYPES.get(record.kind, "document"),
        "title": record.title,
        "genre": record.kind_label,
        "URL": record.url,
        "language": record.language,
        "accessed": {"date-parts": [[record.accessed.year, record.accessed.month, record.accessed.day]]},
    }
    if record.authors:
        item["author"] = [{"literal": name} for name in record.authors]
    if record.recipients:
        item["recipient"] = [{"literal": name} for name in record.recipients]
    if record.date_parts:
        item["issued"] = {"date-parts": record.date_parts}
    if record.place:
        item["event-place"] = record.place
    if record.source_title:
        item["container-title"] = record.source_title
    if record.publishers:
        item["publisher"] = _join_names(record.publishers)
    if record.page:
        item["page"] = str(record.page)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


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
