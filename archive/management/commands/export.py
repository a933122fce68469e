"""Export the published archive as a BagIt bag: one JSON Lines and one CSV file per record
type, with SHA-256 manifests, so a copy can be verified byte for byte anywhere.

Only what readers may see leaves the archive: published documents, people who are not
private, and the roles, relations, memberships and events that stand on those alone.
`import` reads the JSON Lines files back; the CSV files are for spreadsheets.
"""

import csv
import json
from decimal import Decimal
from pathlib import Path

import bagit
from django.core.management.base import BaseCommand, CommandError
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
    }


def _csv_value(value):
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if value is None:
        return ""
    return value


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
        target = Path(destination)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise CommandError(f"{target} already exists and is not an empty directory.")
        target.mkdir(parents=True, exist_ok=True)
        counts = write_files(target, record_types())
        bagit.make_bag(
            str(target), {"External-Description": "Published records of the archive, one file per record type."},
            checksums=["sha256"],
        )
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Exported to {target} (BagIt, SHA-256)."))


