"""Write the whole site (database rows and media files) to one .tar.gz archive.

Restore it on a fresh instance with `manage.py restore`. Safe to run on a live site: the
dump is one read transaction on PostgreSQL and SQLite's WAL lets readers and writers go on.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.backup import write_backup


class Command(BaseCommand):
    help = "Back up every row and media file to an archive (default: backup-<timestamp>.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Where to write the archive.")

    def handle(self, *args, archive=None, **options):
        destination = Path(archive or f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        with transaction.atomic():
            counts = write_backup(destination)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {destination}: {counts['rows']} rows, {counts['files']} media files."
                )
            )
