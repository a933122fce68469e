"""`manage.py build_ranking_index [--if-stale]`: build the ranking index (`SEARCH_RANKING_INDEX`)
from the database and put it in place of the current one."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.search.ranking_build import build_ranking_index, needs_rebuild


class Command(BaseCommand):
    help = "Build the Tantivy ranking index of every document from the database."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Instead of the SEARCH_RANKING_INDEX setting.")
        parser.add_argument("--if-stale", action="store_true",
                            help="Only when the index is missing or the change log cannot bring it up to date "
                                 "(a bulk load or a pruned log since it was built): for a periodic job.")

    def handle(self, *args, directory=None, if_stale=False, **options):
        root = directory or settings.SEARCH_RANKING_INDEX
        if not root:
            raise CommandError("No directory: set SEARCH_RANKING_INDEX (or pass --directory).")
        if if_stale and not needs_rebuild(Path(root)):
            self.stdout.write("The ranking index can follow the database; not rebuilt.")
            return
        built = build_ranking_index(Path(root))
        self.stdout.write(self.style.SUCCESS(
            f"Ranking index built: {built.documents} documents in {built.seconds:.1f} s, "
            f"{built.bytes / 1e6:.1f} MB on disk ({built.directory})."
        ))
