"""`manage.py rebuild_search_index [--check]`: rebuild the search index from the documents,
or only report whether it matches them."""

from django.core.management.base import BaseCommand, CommandError

from archive.search.index import index_problems, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from scratch (or, with --check, only verify it)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report problems and exit 1 if any; change nothing.")

    def handle(self, *args, check=False, **options):
        if check:
            problems = index_problems()
            if problems:
                raise CommandError("The search index is out of step: " + " ".join(problems))
            self.stdout.write("The search index matches the documents.")
            return
        count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} documents."))
