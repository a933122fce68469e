"""Load the curated seed fixtures into an empty archive.

`make run` calls this on every start: on a fresh database it loads the fixtures; on an
archive that already holds documents it leaves the curators' work alone (a reload would
overwrite their edits of the seed records), unless told `--force`.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.models import Document

SEED_FIXTURES = ["01_entities.json", "02_documents.json", "03_links.json"]


class Command(BaseCommand):
    help = "Load the seed fixtures if the archive is empty (or always, with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if the archive holds documents.")

    def handle(self, *args, force=False, **options):
        existing = Document.objects.count()
        if existing and not force:
            self.stdout.write(f"The archive holds {existing} documents; seed fixtures not loaded (--force reloads).")
            return
        fixture_dir = settings.BASE_DIR / "fixtures"
        call_command("loaddata", *(str(fixture_dir / name) for name in SEED_FIXTURES), verbosity=options["verbosity"])
