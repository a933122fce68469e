"""`manage.py find_text_reuse`: propose "quotes"/"republishes" between documents sharing passages."""

from django.core.management.base import BaseCommand

from archive.curation.reuse import propose_text_reuse


class Command(BaseCommand):
    help = "Find documents that share long passages and store proposals for a curator to review."

    def handle(self, *args, **options):
        proposals = propose_text_reuse()
        for p in proposals:
            self.stdout.write(f"{p.source.slug} {p.kind} {p.target.slug}: {p.shared_words} shared words")
        self.stdout.write(f"{len(proposals)} new proposals.")
