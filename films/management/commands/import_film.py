"""Create or fill in a film from TMDb or Wikidata: `import_film tmdb:550`, `import_film
wikidata:Q2262932`. A film already here (found by its TMDb, IMDb or Wikidata id) keeps the
values an editor gave it unless --overwrite says otherwise; --dry-run only shows the changes.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from films.importer import (
    additions,
    changes,
    existing_film,
    fetch,
    fetch_poster,
    import_film,
    namesakes,
    said,
)
from films.sources import SourceError


class Command(BaseCommand):
    help = "Create or fill in a film from TMDb (tmdb:<id>) or Wikidata (wikidata:<Q-id>)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="tmdb:550 or wikidata:Q2262932")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace values an editor gave the film already."
        )
        parser.add_argument(
            "--poster", action="store_true", help="Also fetch the poster (TMDb), for a film that has none."
        )

    def handle(self, reference, dry_run=False, overwrite=False, poster=False, verbosity=1, **options):
        try:
            data = fetch(reference)
        except SourceError as error:
            raise CommandError(str(error)) from None
        film = existing_film(data)
        picture = fetch_poster(data) if poster and not dry_run and not (film and film.poster_id) else None
        diff = changes(film, data)
        if verbosity:
            self.stdout.write(f"{'Updating' if film else 'Creating'} {data.title} from {data.source}:")
            for change in diff:
                self.stdout.write(f"  {change.field}: {change.old!r} -> {change.new!r}")
            for kind, count in additions(film, data).items():
                self.stdout.write(f"  {count} {kind} to add")
            for note in data.skipped:
                self.stdout.write(f"  skipped: {note}")
            for note in namesakes(data):
                self.stdout.write(f"  possible duplicate: {note}")
        overwritten = [change.field for change in diff if change.overwrites]
        if dry_run:
            return
        if overwritten and not overwrite:
            raise CommandError(
                f"{film} has its own {', '.join(overwritten)}: nothing was written. "
                "Run again with --overwrite to replace them."
            )
        try:
            film = import_film(data, film, poster=picture)
        except ValidationError as error:
            raise CommandError(f"{data.source}'s data does not fit the film: {said(error)}") from None
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{film} is at {film.get_absolute_url()}"))
