"""`manage.py scan_mentions`: suggest mentions of every known name in every document."""

import time

from django.core.management.base import BaseCommand

from archive.curation.mentions import build_matcher, scan_documents
from archive.models import Document


class Command(BaseCommand):
    help = "Find every known name or alias in documents' text and store new mention suggestions."

    def add_arguments(self, parser):
        parser.add_argument("--document", action="append", default=[], help="Slug of a document (repeatable).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        matcher = build_matcher()
        documents = Document.objects.all()
        if options["document"]:
            documents = documents.filter(slug__in=options["document"])
        count = documents.count()
        added = scan_documents(documents, matcher)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Scanned {count} documents for {matcher.size} names in {elapsed:.2f} s; {added} new mention suggestions."
        )
