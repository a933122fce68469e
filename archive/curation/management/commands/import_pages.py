"""`manage.py import_pages PATH…`: saved pages, PDFs and scans (files or folders of them) to drafts.

Each imported draft's check for shared text is queued as soon as its import is committed,
and so is the check of a page met again whose draft has none completed: a batch that was
stopped half-way is finished by running the same command again.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.curation.importer import DUPLICATE, IMPORTED, SKIPPED, PageImporter, Summary, collect_paths
from archive.curation.reuse import unchecked
from archive.curation.tasks import queue_reuse_checks


class Command(BaseCommand):
    help = "Import saved web pages as draft documents with suggestions for a curator to review."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of saved pages (.txt, .html), PDFs and images.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, **options):
        skipped = []
        files = collect_paths(options["paths"], skipped)
        importer, summary = PageImporter(), Summary(outcomes=skipped)
        resumed = 0
        bar = tqdm(files, unit="page", disable=options["no_progress"] or not files, file=self.stderr._out)
        for path in bar:
            outcome = importer.import_path(path)
            summary.outcomes.append(outcome)
            if outcome.status == IMPORTED:
                # Each import has committed: its check is queued now, not at the end of the batch.
                queue_reuse_checks([outcome.document.pk], on_commit=False)
                if options["verbosity"] > 1:
                    bar.write(f"imported {path.name} as “{outcome.document.title}” ({outcome.document.kind})")
            elif outcome.status == DUPLICATE and outcome.document and unchecked([outcome.document.pk]):
                resumed += queue_reuse_checks([outcome.document.pk], on_commit=False)
        for line in summary.lines():
            style = self.style.SUCCESS if line.startswith("Imported") else self.style.WARNING if line.startswith(" ") else str
            self.stdout.write(style(line))
        if summary.of(IMPORTED) or resumed:
            self.stdout.write(
                f"Checks for shared text queued: {len(summary.of(IMPORTED))} for new drafts"
                + (f", {resumed} for pages imported before whose check was never completed" if resumed else "")
                + "; the proposals appear under Shared texts."
            )
        if summary.of(SKIPPED) or summary.of(DUPLICATE):
            self.stdout.write("Files skipped or already imported changed nothing.")
