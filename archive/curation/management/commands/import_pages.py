"""`manage.py import_pages PATH…`: saved pages, PDFs and scans (files or folders of them) to drafts."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive.curation.importer import DUPLICATE, IMPORTED, SKIPPED, PageImporter, Summary, collect_paths
from archive.curation.reuse import propose_text_reuse
from archive.models import Document


class Command(BaseCommand):
    help = "Import saved web pages as draft documents with suggestions for a curator to review."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of saved pages (.txt, .html), PDFs and images.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, **options):
        skipped = []
        files = collect_paths(options["paths"], skipped)
        importer, summary = PageImporter(), Summary(outcomes=skipped)
        bar = tqdm(files, unit="page", disable=options["no_progress"] or not files, file=self.stderr._out)
        for path in bar:
            outcome = importer.import_path(path)
            summary.outcomes.append(outcome)
            if outcome.status == IMPORTED and options["verbosity"] > 1:
                bar.write(f"imported {path.name} as “{outcome.document.title}” ({outcome.document.kind})")
        drafts = [o.document.pk for o in summary.of(IMPORTED)]
        if drafts:
            proposals = propose_text_reuse(Document.objects.filter(pk__in=drafts))
            for p in proposals:
                self.stdout.write(f"Shared text: “{p.source}” {p.get_kind_display()} “{p.target}”")
        for line in summary.lines():
            style = self.style.SUCCESS if line.startswith("Imported") else self.style.WARNING if line.startswith(" ") else str
            self.stdout.write(style(line))
        if summary.of(SKIPPED) or summary.of(DUPLICATE):
            self.stdout.write("Files skipped or already imported changed nothing.")
