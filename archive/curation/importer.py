"""Turning saved pages, PDFs and scans into draft documents with suggestions (`import_pages`,
the upload form).

`read_page(data, filename)` is the one entry from a saved page's bytes to guesses: HTML
through `extract`, plain text through `pages`; a PDF's or a scan's text, read later, feeds the
same `ParsedPage` (`fill_from_pages`).

Each file is imported in its own transaction: a bad file is skipped with its reason and never
leaves half a record, and the rest of the batch goes on. Every file is kept unchanged as the
draft's original. A saved page is read at once; a PDF or an image is checked at the door
(`archive.curation.paged`) and read by a background task, which then makes the same guesses
from its text (`fill_from_pages`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from archive.dates import parse_bounds
from archive.models import Document, Extraction, Membership, OriginalFile, Status, TextSource
from archive.originals import PAGED_TYPES, FileRefused, locate_paragraphs, media_type_of, store_original
from archive.text import name_key

from .matching import NameMatcher
from .mentions import build_matcher, scan_documents
from .models import ENTITY_FIELDS, ImportedPage, Suggestion, SuggestionField
from .extract import extract_html, looks_like_html
from .structure import is_organisation
from .pages import Guess, PageError, ParsedPage, decode_page, parse_page
from .paged import Page, check_paged_file, language_of
from .records import find_entities, kind_of_name, unique_slug

PAGE_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


IMPORTED, DUPLICATE, SKIPPED = "imported", "duplicate", "skipped"


@dataclass
class Outcome:
    name: str
    status: str
    reason: str = ""
    document: Document | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    def lines(self) -> list[str]:
        lines = [
            f"Imported: {len(self.of(IMPORTED))}",
            f"Duplicates: {len(self.of(DUPLICATE))}",
            f"Skipped: {len(self.of(SKIPPED))}",
        ]
        for outcome in [o for o in self.of(IMPORTED) if o.reason] + self.of(DUPLICATE) + self.of(SKIPPED):
            lines.append(f"  {outcome.status} {outcome.name}: {outcome.reason}")
        return lines


def collect_paths(paths, skipped: list[Outcome] | None = None) -> list[Path]:
    """Files named, and the pages, PDFs and images inside folders named, in a stable order;
    the `NAME_files/` folders a browser saves beside a page are left out (and listed in
    `skipped`)."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, subfolders, files in path.walk():
                subfolders.sort()
                for sub in list(subfolders):
                    if sub.endswith("_files"):
                        subfolders.remove(sub)
                        if skipped is not None:
                            skipped.append(Outcome(
                                str(folder / sub), SKIPPED,
                                f"the folder a browser saves beside {sub[:-len('_files')]}.html (its images, "
                                "scripts and frames), not a document",
                            ))
                found.extend(folder / f for f in sorted(files) if Path(f).suffix.lower() in PAGE_SUFFIXES)
        else:
            found.append(path)
    return sorted(found) if any(Path(raw).is_dir() for raw in paths) else found


class PageImporter:
    """Imports pages one by one. A page's names are looked for by a background task; a paged
    original's text is read by one, which builds the name matcher once per batch."""

    def __init__(self, user=None):
        self.user = user
        self._matcher: NameMatcher | None = None

    @property
    def matcher(self) -> NameMatcher:
        if self._matcher is None:
            self._matcher = build_matcher()
        return self._matcher

    def import_path(self, path: Path) -> Outcome:
        if path.suffix.lower() not in PAGE_SUFFIXES:
            return Outcome(str(path), SKIPPED, "not a .txt or .html page, a PDF or an image")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Outcome(str(path), SKIPPED, f"cannot be read ({exc.strerror or exc})")
        return self.import_bytes(data, path.name)

    def import_bytes(self, data: bytes, filename: str) -> Outcome:
        from .tasks import scan_document_mentions  # here: the tasks module imports this one

        content_hash = hashlib.sha256(data).hexdigest()
        earlier = ImportedPage.objects.filter(content_hash=content_hash).select_related("document").first()
        if earlier:
            return self._duplicate(filename, earlier)
        try:
            media_type = media_type_of(data, filename)
        except FileRefused as exc:
            return Outcome(filename, SKIPPED, str(exc))
        if media_type in PAGED_TYPES:
            return self._import_paged(data, filename, media_type, content_hash)
        try:
            parsed = read_page(data, filename)
            text = parsed.page_text
        except PageError as exc:
            return Outcome(filename, SKIPPED, str(exc))
        try:
            with transaction.atomic():
                document = self._create(parsed, filename)
                ImportedPage.objects.create(
                    content_hash=content_hash, filename=filename[:500], size=len(data), document=document,
                    raw_text=text, imported_by=self.user,
                    needs_splitting=any(g.field == SuggestionField.SPLIT for g in parsed.guesses),
                )
                store_original(document=document, data=data, filename=filename, media_type=media_type)
                # Names are looked for in the background: queued in this transaction, so the
                # task is stored with the draft or not at all (a stopped import loses none).
                scan_document_mentions.enqueue(document.pk)
        except IntegrityError:
            if lost_race := self._imported_meanwhile(filename, content_hash):
                return lost_race
            raise
        notes = [g.note for g in parsed.guesses if g.field == SuggestionField.ENCODING]
        return Outcome(filename, IMPORTED, reason="; ".join(notes), document=document)

    def _import_paged(self, data: bytes, filename: str, media_type: str, content_hash: str) -> Outcome:
        """A draft holding the file, its text to be read in the background."""
        from .tasks import read_original  # here: the tasks module imports this one

        try:
            page_count = check_paged_file(data, media_type)
        except FileRefused as exc:
            return Outcome(filename, SKIPPED, str(exc))
        try:
            with transaction.atomic():
                document = Document(
                    title=filename[:500], slug=unique_slug(Document, filename, filename), status=Status.DRAFT,
                    curator_notes=f"Imported from {filename}; its text is being read (see its original file).",
                )
                document._history_user = self.user
                document._change_reason = f"Imported from {filename}"
                document.save()
                ImportedPage.objects.create(
                    content_hash=content_hash, filename=filename[:500], size=len(data), document=document,
                    raw_text="", imported_by=self.user,
                )
                original = store_original(
                    document=document, data=data, filename=filename, media_type=media_type,
                    extraction=Extraction.QUEUED, page_count=page_count,
                )
                transaction.on_commit(lambda: read_original.enqueue(original.pk))
        except IntegrityError:
            if lost_race := self._imported_meanwhile(filename, content_hash):
                return lost_race
            raise
        return Outcome(filename, IMPORTED, document=document)

    def fill_from_pages(self, original: OriginalFile, pages: list[Page]) -> None:
        """Make a paged file's draft from the text read from its pages: the same guesses as
        for a saved page, and the page of every paragraph."""
        document = original.document
        text = "\n\n".join(page.text for page in pages if page.paragraphs)
        sources = {page.source for page in pages if page.paragraphs}
        notes = [page.note for page in pages if page.note]
        original.page_texts = [page.text for page in pages]
        original.text_source = (
            TextSource.MIXED if len(sources) > 1 else TextSource.OCR if "ocr" in sources
            else TextSource.TEXT_LAYER if sources else ""
        )
        if not text.strip():
            notes.append("No text found on any page: transcribe it by hand.")
        original.extraction_note = "\n".join(notes)
        with transaction.atomic():
            if text.strip():
                parsed = parse_page(text, resolve=kind_of_name)
                self._create(parsed, original.filename, document=document)
                document.refresh_from_db()
                document.paragraph_pages = locate_paragraphs(document.paragraphs, original.page_texts)
                language = language_of(document.body)
                if language:
                    document.language = language
                document.save(update_fields=["paragraph_pages", "language"])
                ImportedPage.objects.filter(document=document).update(
                    raw_text=text,
                    needs_splitting=any(g.field == SuggestionField.SPLIT for g in parsed.guesses),
                )
                scan_documents(Document.objects.filter(pk=document.pk), self.matcher)
            else:
                Document.objects.filter(pk=document.pk).update(
                    curator_notes=f"Imported from {original.filename}: no text was found on any page."
                )
            original.extraction = Extraction.DONE
            original.save(update_fields=["page_texts", "text_source", "extraction", "extraction_note"])

    def _imported_meanwhile(self, filename: str, content_hash: str) -> Outcome | None:
        """The same file imported at the same moment by someone else: theirs is the import."""
        earlier = ImportedPage.objects.filter(content_hash=content_hash).select_related("document").first()
        return self._duplicate(filename, earlier) if earlier else None

    def _duplicate(self, filename: str, earlier: ImportedPage) -> Outcome:
        where = f"“{earlier.document.title}”" if earlier.document else "a document since deleted"
        return Outcome(
            filename, DUPLICATE, f"same content as {earlier.filename}, imported as {where}", earlier.document
        )

    def _create(self, parsed: ParsedPage, filename: str, document: Document | None = None) -> Document:
        guesses = list(parsed.guesses)
        suggestions = [self._suggestion(g, i) for i, g in enumerate(guesses)]
        suggestions.extend(self._term_dates(suggestions, parsed, len(suggestions)))
        date = _chosen_date(suggestions)
        place = next((s for s in suggestions if s.field == SuggestionField.PLACE_WRITTEN), None)
        provenance = [s.source_text for s in suggestions if s.field == SuggestionField.PROVENANCE]
        source = next((s for s in suggestions if s.field == SuggestionField.SOURCE_TITLE), None)
        classification = next((s for s in suggestions if s.field == SuggestionField.CLASSIFICATION), None)
        fields = dict(
            title=parsed.title[:500] or filename,
            kind=parsed.kind,
            body=parsed.body,
            date_edtf=date.value if date else "",
            date_as_written=(date.as_written if date else "")[:200],
            place_written=place.place if place else None,
            place_written_as=(place.as_written or place.value)[:200] if place else "",
            source_title=source.value[:300] if source else "",
            classification=classification.value[:100] if classification else "",
            provenance_note="\n".join(provenance),
            language=parsed.language[:16] or "en",
            text_direction=parsed.direction,
            source_url=parsed.source_url if parsed.source_url.startswith(("http://", "https://")) else "",
            curator_notes=f"Imported from {filename}; check the suggestions before publishing.",
        )
        if document is None:
            document = Document(slug=unique_slug(Document, parsed.title, filename), status=Status.DRAFT, **fields)
        else:
            for name, value in fields.items():
                setattr(document, name, value)
        document._history_user = self.user
        document._change_reason = f"Imported from {filename}"
        document.save()
        for suggestion in suggestions:
            suggestion.document = document
        Suggestion.objects.bulk_create(suggestions)
        return document

    def _suggestion(self, guess: Guess, order: int) -> Suggestion:
        guess = _right_kind_of_record(guess)
        suggestion = Suggestion(
            field=guess.field, value=guess.value[:500], as_written=guess.as_written[:500],
            source_text=guess.source_text, note=guess.note[:500], order=order,
        )
        if guess.field in ENTITY_FIELDS:
            entity_type = ENTITY_FIELDS[guess.field][0]
            found = find_entities(entity_type, guess.as_written, guess.value)
            other = _OTHER_KIND.get(guess.field)
            if not found and other:
                # A name the archive knows as the other kind of record ("… Foundation" as an
                # organisation) is that record, whatever its shape suggested.
                found_other = find_entities(ENTITY_FIELDS[other][0], guess.as_written, guess.value)
                if found_other:
                    suggestion.field, entity_type, found = other, ENTITY_FIELDS[other][0], found_other
                    suggestion.note = (f"Known as {'an organisation' if entity_type == 'organisation' else 'a person'}. "
                                       + suggestion.note)[:500]
            if len(found) == 1:
                setattr(suggestion, entity_type, found[0])
            elif len(found) > 1:
                suggestion.note = ("Ambiguous: several records have this name (" + "; ".join(
                    f"{r} [{r.slug}]" for r in found) + "). Correct the value to the one meant, or reject.")[:500]
            else:
                kind = {"person": "person", "organisation": "organisation", "place": "place"}[entity_type]
                suggestion.note = (suggestion.note + f" No record has this name: accepting it creates a new {kind}.").strip()[:500]
        elif guess.field == SuggestionField.TOPIC:
            from archive.models import Topic

            suggestion.topic = Topic.objects.filter(name__iexact=guess.value).first()
        return suggestion

    def _term_dates(self, suggestions, parsed: ParsedPage, order: int) -> list[Suggestion]:
        """An undated letter to someone in office is bounded by that office's term, when the
        archive records the term (a dated membership whose title the letter uses)."""
        if any(s.field == SuggestionField.DATE and s.as_written for s in suggestions):
            return []
        text_key = name_key(parsed.title + " " + parsed.body[:2000])
        extra = []
        for s in suggestions:
            if s.field != SuggestionField.RECIPIENT or s.person is None:
                continue
            terms = list(
                Membership.objects.filter(person=s.person).exclude(date_edtf="").select_related("organisation")
            )
            fitting = [m for m in terms if m.role_title and name_key(m.role_title) in text_key] or (
                terms if len(terms) == 1 else []
            )
            for membership in fitting[:1]:
                parse_bounds(membership.date_edtf)
                extra.append(Suggestion(
                    field=SuggestionField.DATE, value=membership.date_edtf, order=order,
                    source_text=s.source_text,
                    note=(f"Undated: written to {s.person} during the term as {membership.role_title}, "
                          f"{membership.organisation} ({membership.date_edtf}).")[:500],
                ))
        return extra


# A name suggested as a person may be an organisation, and the other way round.
_OTHER_KIND = {
    SuggestionField.AUTHOR: SuggestionField.AUTHOR_ORGANISATION,
    SuggestionField.CO_SIGNATORY: SuggestionField.AUTHOR_ORGANISATION,
    SuggestionField.RECIPIENT: SuggestionField.RECIPIENT_ORGANISATION,
    SuggestionField.AUTHOR_ORGANISATION: SuggestionField.AUTHOR,
    SuggestionField.RECIPIENT_ORGANISATION: SuggestionField.RECIPIENT,
}


def _right_kind_of_record(guess: Guess) -> Guess:
    """A name shaped like a body's ("… Family Foundation", "… Committee") is never proposed
    as a person."""
    if guess.field in (SuggestionField.AUTHOR, SuggestionField.CO_SIGNATORY, SuggestionField.RECIPIENT) \
            and is_organisation(guess.value):
        field_name = _OTHER_KIND[guess.field]
        return Guess(field_name, guess.value, guess.source_text,
                     (f"Proposed as an organisation: “{guess.value}” is the name of a body, not a person. "
                      + guess.note).strip(), guess.as_written)
    return guess


def read_page(data: bytes, filename: str) -> ParsedPage:
    """The draft's guesses from a saved page: HTML through `extract`, plain text through
    `pages`. PageError says why a file cannot be imported."""
    if looks_like_html(data, filename):
        return extract_html(data, filename, resolve=kind_of_name)
    text = decode_page(data, filename)
    parsed = parse_page(text, resolve=kind_of_name)
    parsed.page_text = text
    return parsed


def _chosen_date(suggestions) -> Suggestion | None:
    """A date written in the document, else a recipient's term, else the latest date it mentions."""
    dates = [s for s in suggestions if s.field == SuggestionField.DATE]
    for s in dates:
        if s.as_written:
            return s
    for s in dates:
        if "term" in s.note:
            return s
    return dates[0] if dates else None
