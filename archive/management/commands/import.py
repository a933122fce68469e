"""Import a bag written by `export`: verify its SHA-256 manifests, then read each JSON Lines
file in its own transaction (original files are checked once more against the checksum the
archive recorded for them, and stored unchanged). A file goes in whole or not at all; the report names every
line that failed and why. Records are matched by their natural keys (slugs), so importing
the same bag twice changes nothing.

A bag holds the published archive, so each document in it is published through
`archive.publishing`, keeping the first publication time the bag gives; a document here
that is a draft with undecided import suggestions is refused on its line, for that reason.
"""

import hashlib
import json
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

import bagit
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils.dateparse import parse_date, parse_datetime

from archive import publishing, registry
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
    Extraction,
    OriginalFile,
    Role,
    Topic,
)
from archive.originals import EXTENSIONS, store_original


class RowError(Exception):
    """A line that cannot be imported, with the reason in words."""


class FileRejected(Exception):
    pass


def _ref(model, slug, field):
    if slug in (None, ""):
        raise RowError(f"{field}: missing.")
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise RowError(f"{field}: no {model._meta.verbose_name} has the slug “{slug}”.") from None


def _optional_ref(model, slug, field):
    return None if slug in (None, "") else _ref(model, slug, field)


def _refs(model, slugs, field):
    if not isinstance(slugs, list):
        raise RowError(f"{field}: expected a list of slugs.")
    return [_ref(model, slug, field) for slug in slugs]


def _decimal(value, field):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise RowError(f"{field}: “{value}” is not a number.") from None


def _upsert(model, lookup, values, m2m=None):
    """Create or update one record, validated as the admin would validate it; True if created."""
    return _upsert_record(model, lookup, values, m2m)[1]


def _upsert_record(model, lookup, values, m2m=None):
    instance = model._default_manager.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    for field, value in values.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    for field, related in (m2m or {}).items():
        getattr(instance, field).set(related)
    return instance, created


def _name_loader(model, owner_model, owner):
    def load(row):
        entity = _ref(owner_model, row[owner], owner)
        values = {"kind": row["kind"], "language": row["language"], "note": row["note"]}
        return _upsert(model, {owner: entity, "name": row["name"]}, values)

    return load


def load_topic(row):
    return _upsert(Topic, {"slug": row["slug"]}, {"name": row["name"], "description": row["description"]})


def load_place(row):
    values = {
        "name": row["name"], "kind": row["kind"], "parent": _optional_ref(Place, row["parent"], "parent"),
        "latitude": _decimal(row["latitude"], "latitude"), "longitude": _decimal(row["longitude"], "longitude"),
        "description": row["description"], "wikidata_id": row["wikidata_id"],
    }
    return _upsert(Place, {"slug": row["slug"]}, values)


def load_person(row):
    values = {"name": row["name"], "description": row["description"], "wikidata_id": row["wikidata_id"]}
    return _upsert(Person, {"slug": row["slug"]}, values)


def load_organisation(row):
    values = {"name": row["name"], "kind": row["kind"], "description": row["description"], "wikidata_id": row["wikidata_id"]}
    return _upsert(Organisation, {"slug": row["slug"]}, values)


def load_document(row):
    values = {key: row[key] for key in (
        "title", "kind", "featured", "date_edtf", "date_as_written", "place_written_as", "language", "text_direction",
        "summary", "body", "source_url", "source_title", "classification", "release_date_edtf", "release_channel",
        "provenance_note",
    )}
    values["place_written"] = _optional_ref(Place, row["place_written"], "place_written")
    values["retrieved_on"] = parse_date(row["retrieved_on"]) if row["retrieved_on"] else None
    values["published_at"] = parse_datetime(row["published_at"]) if row["published_at"] else None
    pages = row.get("paragraph_pages") or []
    if not isinstance(pages, list) or not all(isinstance(n, int) and n >= 0 for n in pages):
        raise RowError("paragraph_pages: expected a list of page numbers.")
    values["paragraph_pages"] = pages
    document, created = _upsert_record(
        Document, {"slug": row["slug"]}, values, {"topics": _refs(Topic, row["topics"], "topics")}
    )
    publishing.publish(document=document)
    return created


def load_original(row, *, data_dir: Path):
    """One original file from the bag, verified against the checksum recorded with it."""
    document = _ref(Document, row["document"], "document")
    if row["media_type"] not in EXTENSIONS:
        raise RowError(f"media_type: “{row['media_type']}” is not a type the archive keeps.")
    path = (data_dir / str(row["path"])).resolve()
    if not path.is_relative_to(data_dir.resolve() / "originals"):
        raise RowError(f"path: “{row['path']}” is outside the bag's originals folder.")
    try:
        data = path.read_bytes()
    except OSError:
        raise RowError(f"path: the bag has no file {row['path']}.") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != row["sha256"]:
        raise RowError(f"{row['path']}: its SHA-256 is {digest}, not the recorded {row['sha256']}.")
    if document.originals.filter(sha256=digest).exists():
        return False
    original = store_original(
        document=document, data=data, filename=str(row["filename"]), media_type=row["media_type"],
        extraction=Extraction.DONE if row.get("page_texts") else Extraction.NONE,
    )
    OriginalFile.objects.filter(pk=original.pk).update(
        received_at=parse_datetime(row["received_at"]) or original.received_at, page_count=row.get("page_count"),
        order=row.get("order") or 0, text_source=row.get("text_source") or "", page_texts=row.get("page_texts") or [],
    )
    return True


def load_role(row):
    if row["entity_type"] not in registry.KEYS:
        raise RowError(f"entity_type: “{row['entity_type']}” is not one of {', '.join(registry.KEYS)}.")
    entity = _ref(registry.entity_type(row["entity_type"]).model, row["entity"], "entity")
    lookup = {"document": _ref(Document, row["document"], "document"), "role": row["role"], row["entity_type"]: entity}
    return _upsert(Role, lookup, {"order": row["order"], "name_as_written": row["name_as_written"], "note": row["note"]})


def load_document_relation(row):
    lookup = {"source": _ref(Document, row["source"], "source"), "kind": row["kind"],
              "target": _ref(Document, row["target"], "target")}
    return _upsert(DocumentRelation, lookup, {"note": row["note"]})


def load_organisation_relation(row):
    lookup = {"source": _ref(Organisation, row["source"], "source"), "kind": row["kind"],
              "target": _ref(Organisation, row["target"], "target")}
    values = {"source_document": _ref(Document, row["source_document"], "source_document"),
              "date_edtf": row["date_edtf"], "uncertain": row["uncertain"], "note": row["note"]}
    return _upsert(OrganisationRelation, lookup, values)


def load_membership(row):
    lookup = {"person": _ref(Person, row["person"], "person"),
              "organisation": _ref(Organisation, row["organisation"], "organisation"), "role_title": row["role_title"]}
    values = {"source_document": _ref(Document, row["source_document"], "source_document"),
              "date_edtf": row["date_edtf"], "uncertain": row["uncertain"], "note": row["note"]}
    return _upsert(Membership, lookup, values)


def load_event(row):
    values = {"title": row["title"], "date_edtf": row["date_edtf"], "description": row["description"]}
    m2m = {"people": _refs(Person, row["people"], "people"),
           "organisations": _refs(Organisation, row["organisations"], "organisations"),
           "places": _refs(Place, row["places"], "places"), "sources": _refs(Document, row["sources"], "sources")}
    if not m2m["sources"]:
        raise RowError("sources: an event needs at least one source document.")
    return _upsert(Event, {"slug": row["slug"]}, values, m2m)


# In the order export writes them, which is the order references allow.
LOADERS = {
    "topics": load_topic,
    "places": load_place,
    "place_names": _name_loader(PlaceName, Place, "place"),
    "people": load_person,
    "person_names": _name_loader(PersonName, Person, "person"),
    "organisations": load_organisation,
    "organisation_names": _name_loader(OrganisationName, Organisation, "organisation"),
    "documents": load_document,
    "roles": load_role,
    "document_relations": load_document_relation,
    "organisation_relations": load_organisation_relation,
    "memberships": load_membership,
    "events": load_event,
}


def _describe(exc) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
        return " ".join(exc.messages)
    if isinstance(exc, KeyError):
        return f"missing column {exc.args[0]}."
    return str(exc)


def import_file(path: Path, loader) -> tuple[int, int, list[str]]:
    """(created, updated, errors); with any error nothing from the file is kept."""
    created = updated = 0
    errors = []
    try:
        with transaction.atomic():
            with open(path, encoding="utf-8") as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                        if not isinstance(row, dict):
                            raise RowError("expected a JSON object.")
                        # A savepoint per line, so one failure does not hide the next.
                        with transaction.atomic():
                            was_created = loader(row)
                    except (json.JSONDecodeError, RowError, ValidationError, KeyError, ValueError, TypeError,
                            DatabaseError) as exc:
                        errors.append(f"line {number}: {_describe(exc)}")
                        continue
                    created, updated = created + was_created, updated + (not was_created)
            if errors:
                raise FileRejected
    except FileRejected:
        return 0, 0, errors
    except UnicodeDecodeError:
        return 0, 0, ["the file is not UTF-8 text."]
    return created, updated, errors


class Command(BaseCommand):
    help = "Import a bag written by `export`; each file is imported whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("bag", help="Directory of the BagIt bag.")

    def handle(self, bag, **options):
        try:
            bag_object = bagit.Bag(bag)
            bag_object.validate()
        except bagit.BagValidationError as exc:
            details = "; ".join(str(d) for d in exc.details[:10]) if exc.details else str(exc)
            raise CommandError(f"The bag does not verify, nothing was imported: {details}") from exc
        except bagit.BagError as exc:
            raise CommandError(f"{bag} is not a readable BagIt bag, nothing was imported: {exc}") from exc
        data = Path(bag) / "data"
        failed = []
        loaders = {**LOADERS, "originals": partial(load_original, data_dir=data)}
        for name, loader in loaders.items():
            path = data / f"{name}.jsonl"
            if not path.exists():
                self.stdout.write(f"{name}.jsonl: not in the bag, skipped.")
                continue
            created, updated, errors = import_file(path, loader)
            if errors:
                failed.append(name)
                self.stdout.write(self.style.ERROR(f"{name}.jsonl: FAILED, nothing from this file was imported:"))
                for error in errors[:50]:
                    self.stdout.write(f"  {error}")
                if len(errors) > 50:
                    self.stdout.write(f"  … and {len(errors) - 50} more.")
            else:
                self.stdout.write(f"{name}.jsonl: {created} created, {updated} updated.")
        if failed:
            raise CommandError(f"{len(failed)} file(s) failed: {', '.join(failed)}. The other files were imported.")
        self.stdout.write(self.style.SUCCESS("Import complete."))
