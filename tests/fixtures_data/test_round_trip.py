"""dumpdata → fresh database → loaddata → dumpdata gives the same archive, byte for byte."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from archive.models import Document, Person, Role

from ..conftest import SEED_FIXTURES


def dump_archive() -> str:
    history = [
        m._meta.label for m in apps.get_app_config("archive").get_models() if m.__name__.startswith("Historical")
    ]
    out = io.StringIO()
    call_command(
        "dumpdata", "archive", exclude=history, natural_foreign=True, natural_primary=True, indent=1, stdout=out
    )
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_dump_flush_load_dump_is_identical(tmp_path):
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    first = dump_archive()
    path = tmp_path / "archive.json"
    path.write_text(first, encoding="utf-8")

    call_command("flush", interactive=False, verbosity=0)
    assert not Document.objects.exists()
    call_command("loaddata", str(path), verbosity=0)

    second = dump_archive()
    assert json.loads(second) == json.loads(first)
    assert second == first


@pytest.mark.django_db(transaction=True)
def test_loading_the_seeds_twice_changes_nothing():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    first = dump_archive()
    counts = {m: m.objects.count() for m in (Document, Person, Role)}
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert {m: m.objects.count() for m in counts} == counts
    assert dump_archive() == first
