"""Score the related stories of every published or scheduled story (articles/related.py).

Stories saved before lists were stored have none, and their pages score them on every request
until this runs once (after the upgrade). --all scores every story again, e.g. after changing
how they are scored.
"""

import sys
from itertools import batched

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.related import refresh_all, related_key
from core.pagecache.purge import purge


class Command(BaseCommand):
    help = "Fill the stored related stories of the stories that have none (--all: of every story)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Score every story again, not only those with none."
        )

    def handle(self, *args, verbosity=1, **options):
        bar = tqdm(unit=" stories", file=sys.stderr) if verbosity and sys.stderr.isatty() else None

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = total
                bar.update(done - bar.n)

        try:
            changed = refresh_all(missing_only=not options["all"], progress=progress)
        finally:
            if bar is not None:
                bar.close()
        # Only the story pages whose box changed go stale.
        for part in batched(changed, 1000, strict=False):
            purge([related_key(pk) for pk in part])
        if verbosity:
            self.stdout.write(f"Related stories changed for {len(changed)} stories.")
