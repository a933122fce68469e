"""`manage.py check_fixity`: prove every original file is still the file received.

Recomputes each stored file's SHA-256 and compares it with the one recorded when the file
came in. A changed or missing file is reported by document and file, and the command exits
non-zero, so a scheduled run (cron, a CI job on the store) alerts someone.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.models import OriginalFile
from archive.models.files import sha256_of


class Command(BaseCommand):
    help = "Recompute the SHA-256 of every original file and report any that changed or are missing."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, **options):
        originals = OriginalFile.objects.select_related("document").order_by("pk")
        total = originals.count()
        problems, checked = [], 0
        bar = tqdm(
            originals.iterator(chunk_size=500), total=total, unit="file",
            disable=options["no_progress"] or not total, file=self.stderr._out,
        )
        for original in bar:
            label = f"{original.document.slug}/{original.filename} (#{original.pk}, {original.file.name})"
            try:
                with original.file.open("rb") as stream:
                    digest = sha256_of(stream)
            except FileNotFoundError:
                problems.append(f"missing: {label}")
                continue
            checked += 1
            if digest != original.sha256:
                problems.append(f"changed: {label}: recorded {original.sha256}, now {digest}")
        for line in problems:
            self.stdout.write(self.style.ERROR(line))
        self.stdout.write(f"Checked {checked} of {total} files; {len(problems)} problem(s).")
        if problems:
            raise CommandError(f"{len(problems)} original file(s) changed or missing.")
