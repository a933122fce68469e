"""Export the published archive as a BagIt bag: one JSON Lines and one CSV file per record
type, with SHA-256 manifests, so a copy can be verified byte for byte anywhere. The original
files of published documents travel in `originals/<sha256>/<file name>`, listed in
`originals.jsonl` with the checksum the archive recorded when each was received.

Only what readers may see leaves the archive: published documents, people who are not
private, and the roles, relations, memberships and events that stand on those alone.
`import` reads the JSON Lines files back; the CSV files are for spreadsheets.
"""

import contextlib
import csv
import json
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import bagit
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Prefetch

from archive.models import (
    Document,
    DocumentRelation,
    Event,
    Membership,
    Organisation,
    OrganisationName,
    OrganisationRelation,
    Person,
    PersonName,
    Place,
    PlaceName,
    OriginalFile,
    Role,
    Topic,
)
from archive.models.visibility import PUBLIC

LIST_SEPARATOR = "|"


def _slugs(related) -> list[str]:
    return [obj.slug for obj in related]


def _places_parents_first():
    places = list(Place.objects.visible_to(PUBLIC).select_related("parent").order_by("slug"))
    depth = {}

    def depth_of(place, seen=()):
        if place.pk not in depth:
            parent = place.parent
            depth[place.pk] = 0 if parent is None or parent.pk in seen else depth_of(parent, (*seen, place.pk)) + 1
        return depth[place.pk]

    return sorted(places, key=lambda p: (depth_of(p), p.slug))


def _names(model, owner):
    return model.objects.visible_to(PUBLIC).select_related(owner).order_by(f"{owner}__slug", "key")


def record_types():
    """(file name, rows) in the order `import` must read them; each row a dict of plain values."""
    documents = Document.objects.visible_to(PUBLIC)
    people = Person.objects.visible_to(PUBLIC)
    return [
        ("topics", [
            {"slug": t.slug, "name": t.name, "description": t.description}
            for t in Topic.objects.visible_to(PUBLIC).order_by("slug")
        ]),
        ("places", [
            {"slug": p.slug, "name": p.name, "kind": p.kind, "parent": p.parent.slug if p.parent else None,
             "latitude": _decimal(p.latitude), "longitude": _decimal(p.longitude),
             "description": p.description, "wikidata_id": p.wikidata_id}
            for p in _places_parents_first()
        ]),
        ("place_names", [_name_row("place", n) for n in _names(PlaceName, "place")]),
        ("people", [
            {"slug": p.slug, "name": p.name, "description": p.description, "wikidata_id": p.wikidata_id}
            for p in people.order_by("slug")
        ]),
        ("person_names", [_name_row("person", n) for n in _names(PersonName, "person")]),
        ("organisations", [
            {"slug": o.slug, "name": o.name, "kind": o.kind, "description": o.description, "wikidata_id": o.wikidata_id}
            for o in Organisation.objects.visible_to(PUBLIC).order_by("slug")
        ]),
        ("organisation_names", [_name_row("organisation", n) for n in _names(OrganisationName, "organisation")]),
        ("documents", [_document_row(d) for d in documents.select_related("place_written").prefetch_related("topics").order_by("slug")]),
        ("originals", [_original_row(o) for o in OriginalFile.objects.visible_to(PUBLIC)
                       .select_related("document").order_by("document__slug", "order", "pk")]),
        ("roles", [
            {"document": r.document.slug, "role": r.role, "entity_type": r.entity_type, "entity": r.entity.slug,
             "order": r.order, "name_as_written": r.name_as_written, "note": r.note}
            for r in Role.objects.visible_to(PUBLIC)
            .select_related("document", "person", "organisation", "place")
            .order_by("document__slug", "role", "order", "person__slug", "organisation__slug", "place__slug")
        ]),
        ("document_relations", [
            {"source": r.source.slug, "kind": r.kind, "target": r.target.slug, "note": r.note}
            for r in DocumentRelation.objects.visible_to(PUBLIC)
            .select_related("source", "target").order_by("source__slug", "kind", "target__slug")
        ]),
        ("organisation_relations", [
            {"source": r.source.slug, "kind": r.kind, "target": r.target.slug, "source_document": r.source_document.slug,
             "date_edtf": r.date_edtf, "uncertain": r.uncertain, "note": r.note}
            for r in OrganisationRelation.objects.visible_to(PUBLIC)
            .select_related("source", "target", "source_document").order_by("source__slug", "kind", "target__slug")
        ]),
        ("memberships", [
            {"person": m.person.slug, "organisation": m.organisation.slug, "role_title": m.role_title,
             "source_document": m.source_document.slug, "date_edtf": m.date_edtf, "uncertain": m.uncertain, "note": m.note}
            for m in Membership.objects.visible_to(PUBLIC)
            .select_related("person", "organisation", "source_document")
            .order_by("person__slug", "organisation__slug", "role_title")
        ]),
        ("events", [
            {"slug": e.slug, "title": e.title, "date_edtf": e.date_edtf, "description": e.description,
             "people": _slugs(e.people.all()), "organisations": _slugs(e.organisations.all()),
             "places": _slugs(e.places.all()), "sources": _slugs(e.sources.all())}
            for e in Event.objects.visible_to(PUBLIC).order_by("slug")
            .prefetch_related(
                _ordered("people", people), _ordered("organisations", Organisation.objects.visible_to(PUBLIC)),
                _ordered("places", Place.objects.visible_to(PUBLIC)), _ordered("sources", documents),
            )
        ]),
    ]


def _ordered(name, queryset):
    return Prefetch(name, queryset=queryset.order_by("slug"))


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _name_row(owner: str, name) -> dict:
    return {owner: getattr(name, owner).slug, "name": name.name, "kind": name.kind, "language": name.language, "note": name.note}


def _document_row(d) -> dict:
    return {
        "slug": d.slug, "title": d.title, "kind": d.kind, "featured": d.featured, "date_edtf": d.date_edtf,
        "date_as_written": d.date_as_written, "place_written": d.place_written.slug if d.place_written else None,
        "place_written_as": d.place_written_as, "language": d.language, "text_direction": d.text_direction,
        "summary": d.summary, "body": d.body, "source_url": d.source_url, "source_title": d.source_title,
        "retrieved_on": d.retrieved_on.isoformat() if d.retrieved_on else None, "classification": d.classification,
        "release_date_edtf": d.release_date_edtf, "release_channel": d.release_channel,
        "provenance_note": d.provenance_note, "topics": sorted(t.slug for t in d.topics.all()),
        "published_at": d.published_at.isoformat() if d.published_at else None,
        "paragraph_pages": d.paragraph_pages,
    }


# A cell a spreadsheet would read as a formula (OWASP's "CSV injection"): one starting with
# =, +, -, @, a tab or a carriage return. A plain number (-12.5) is only a number.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise_formula(text: str) -> str:
    """The cell as text a spreadsheet shows and never executes: prefixed with an apostrophe,
    as OWASP recommends. The JSON Lines files keep every value exactly as stored."""
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
def original_path(original) -> str:
    """Where an original travels in the bag: named by its checksum, then its own name."""
    return f"originals/{original.sha256}/{Path(original.file.name).name}"


def _original_row(o) -> dict:
    return {
        "document": o.document.slug, "path": original_path(o), "filename": o.filename, "media_type": o.media_type,
        "size": o.size, "sha256": o.sha256, "received_at": o.received_at.isoformat(), "page_count": o.page_count,
        "order": o.order, "text_source": o.text_source, "page_texts": o.page_texts,
    }


def copy_originals(directory: Path) -> int:
    copied = 0
    for original in OriginalFile.objects.visible_to(PUBLIC).iterator():
        target = directory / original_path(original)
        target.parent.mkdir(parents=True, exist_ok=True)
        with original.file.open("rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        copied += 1
    return copied


def _csv_value(value):
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    return value


@contextlib.contextmanager
def snapshot():
    """One consistent view of the archive for every file of a bag.

    Read one table after another while curators write, the files disagreed (a role naming a
    person missing from people.jsonl) and `import` refused them. On PostgreSQL the reads run
    in one REPEATABLE READ, READ ONLY transaction; SQLite's transaction already reads one
    snapshot. Inside a caller's transaction (a test's), that transaction is the snapshot."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not nested:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def write_files(directory: Path, types) -> dict[str, int]:
    counts = {}
    for name, rows in types:
        with open(directory / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as jsonl:
            for row in rows:
                jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
        columns = list(rows[0]) if rows else []
        with open(directory / f"{name}.csv", "w", encoding="utf-8", newline="") as table:
            writer = csv.DictWriter(table, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: _csv_value(v) for k, v in row.items()} for row in rows)
        counts[name] = len(rows)
    return counts


class Command(BaseCommand):
    help = "Write the published archive as a BagIt bag of JSON Lines and CSV files (SHA-256 manifests)."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="A directory that does not exist yet (or is empty).")

    def handle(self, destination, **options):
        target = Path(destination).absolute()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{target} already exists and is not an empty directory.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with snapshot():
            types = [(name, list(rows)) for name, rows in record_types()]
            # The bag is made beside its destination and moved into place only when complete, so
            # a full disk or a kill leaves no half-made bag, and a retry needs no cleaning up.
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
            try:
                counts = write_files(work, types)
                copy_originals(work)
                bagit.make_bag(
                    str(work), {"External-Description": "Published records of the archive, one file per record type."},
                    checksums=["sha256"],
                )
                if target.exists():
                    target.rmdir()  # empty, checked above
                work.rename(target)
            except OSError as exc:
                raise CommandError(f"Export failed, nothing was written to {target}: {exc.strerror or exc}.") from exc
            finally:
                shutil.rmtree(work, ignore_errors=True)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Exported to {target} (BagIt, SHA-256)."))


