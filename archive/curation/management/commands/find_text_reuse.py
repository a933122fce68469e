"""`manage.py find_text_reuse`: propose "quotes"/"republishes" between documents sharing passages.

Fingerprints every document whose fingerprints are missing or stale (after an upgrade, or
documents loaded in bulk), then looks each document up once; imports and edits do the same
for one document in the background.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.curation.reuse import check_archive
from archive.models import Document


class Command(BaseCommand):
    help = "Find documents that share long passages and store proposals for a curator to review."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, **options):
        with tqdm(total=Document.objects.count(), unit="document", disable=options["no_progress"],
                  file=self.stderr._out) as bar:
            proposals = check_archive(progress=bar.update)
        for p in proposals:
            self.stdout.write(f"{p.source.slug} {p.kind} {p.target.slug}: {p.shared_words} shared words")
        self.stdout.write(f"{len(proposals)} new proposals.")
