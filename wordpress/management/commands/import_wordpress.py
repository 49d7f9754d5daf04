"""Bring a WordPress site's posts in from its export (Tools › Export), safely more than once.

Streams the file, so a large export runs in bounded memory. Each post is written in its own
transaction; a post that fails is reported and the rest go on. A second run updates what
changed in WordPress and creates nothing twice.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wordpress.importer import WordPressImporter
from wordpress.wxr import ExportError


class Command(BaseCommand):
    help = "Import posts, bylines, tags, pictures and old addresses from a WordPress export (WXR 1.0-1.2)."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from WordPress's Tools › Export.")
        parser.add_argument("--media-dir", help="A copy of the old site's wp-content/uploads folder.")
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Never download a picture missing from --media-dir from the old site.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen; write nothing.")

    def handle(self, *args, export, media_dir=None, no_fetch=False, dry_run=False, verbosity=1, **options):
        bar = None
        if verbosity and sys.stderr.isatty():
            bar = tqdm(unit=" posts", file=sys.stderr)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(done - bar.n)

        importer = WordPressImporter(
            export, media_dir=media_dir, fetch=not no_fetch, dry_run=dry_run, progress=progress
        )
        try:
            report = importer.run()
        except (ExportError, OSError) as error:
            raise CommandError(str(error)) from None
        finally:
            if bar is not None:
                bar.close()
        if verbosity:
            if dry_run:
                self.stdout.write("Dry run: nothing was written. This is what the import would do:")
            width = max(len(what) for what, count in report.rows() if count)
            for what, count in report.rows():
                self.stdout.write(f"{what:<{width}}  {count}".rstrip())
