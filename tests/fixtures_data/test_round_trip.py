"""dumpdata → fresh database → loaddata → dumpdata gives the same archive, byte for byte."""

import io
import json

from django.utils.dateparse import parse_datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from archive.models import Document, Person, PublicChange, Role

from ..conftest import SEED_FIXTURES


def dump_archive() -> str:
    # The records, not the logs their saves write (history, the public change log).
    history = [
        m._meta.label for m in apps.get_app_config("archive").get_models()
        if m.__name__.startswith("Historical") or m is PublicChange
    ]
    out = io.StringIO()
    call_command(
        "dumpdata", "archive", exclude=history, natural_foreign=True, natural_primary=True, indent=1, stdout=out
    )
    return out.getvalue()


TIMESTAMPS = ("created_at", "updated_at", "published_at")


def canonical(dump: str) -> list:
    """The dump with timestamps as values: Django writes a time whose microseconds are
    under 1,000 as `…:52.000Z`, then, once loaded back (as :52), as `…:52Z`."""
    objects = json.loads(dump)
    for obj in objects:
        for name in TIMESTAMPS:
            if obj["fields"].get(name):
                obj["fields"][name] = parse_datetime(obj["fields"][name])
    return objects


def first_difference(a: list, b: list) -> str:
    for left, right in zip(a, b):
        if left != right:
            fields = {k for k in left["fields"] if left["fields"][k] != right["fields"].get(k)}
            return f"{left['model']} {left['fields'].get('slug', '')}: {sorted(fields)}"
    return f"lengths {len(a)} != {len(b)}"


@pytest.mark.django_db(transaction=True)
def test_dump_flush_load_dump_is_identical(tmp_path):
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    first = dump_archive()
    path = tmp_path / "archive.json"
    path.write_text(first, encoding="utf-8")

    call_command("flush", interactive=False, verbosity=0)
    assert not Document.objects.exists()
    call_command("loaddata", str(path), verbosity=0)

    second, first_objects = canonical(dump_archive()), canonical(first)
    assert second == first_objects, first_difference(first_objects, second)


@pytest.mark.django_db(transaction=True)
def test_loading_the_seeds_twice_changes_nothing():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    first = dump_archive()
    counts = {m: m.objects.count() for m in (Document, Person, Role)}
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert {m: m.objects.count() for m in counts} == counts
    assert dump_archive() == first
