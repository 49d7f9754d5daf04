"""Load a `manage.py backup` archive into this instance: rows into the database, files into MEDIA_ROOT.

Meant for a fresh, migrated instance; it refuses to mix a backup into a site that already
has stories unless told to with --force.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.backup import read_backup
from core.pagecache.purge import purge_everything


class Command(BaseCommand):
    help = "Restore a backup archive made by `manage.py backup` into this (fresh) instance."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument("--force", action="store_true", help="Restore even if stories exist already.")

    def handle(self, *args, archive, force=False, **options):
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"No backup at {source}.")
        content = apps.get_model(settings.BACKUP_CONTENT_MODEL)
        if content.objects.exists() and not force:
            raise CommandError(
                "This site already has stories; restore into a fresh instance or pass --force."
            )
        try:
            with transaction.atomic():
                counts = read_backup(source)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Fixtures load without the model signals that purge: every cached page is suspect.
        purge_everything()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Restored {counts['rows']} rows and {counts['files']} media files.")
            )
