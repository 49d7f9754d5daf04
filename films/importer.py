"""Write a film read from TMDb or Wikidata (films/sources) into the database, and say first
what that would change, so an editor's own values are replaced only when they confirm.

People are matched by an external id, then by their exact name, and never duplicated; credits
and releases are added or updated, never removed (the desk may have added its own). All or
nothing: one transaction.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from core.matching import match_key
from films.models import Credit, Film, Person, Release
from films.sources import FilmData, PersonData, SourceError, tmdb, wikidata
from films.sources.http import get_bytes
from images.models import Image
from images.uploads import validate_image_upload

SOURCES = {"tmdb": tmdb.fetch, "wikidata": wikidata.fetch}
FILM_FIELDS = ("title", "release_year", "runtime_minutes", "synopsis", "tmdb_id", "imdb_id", "wikidata_id")
EXTERNAL_IDS = ("tmdb_id", "imdb_id", "wikidata_id")


def fetch(reference: str) -> FilmData:
    """`tmdb:550` or `wikidata:Q2262932`, read from its source (SourceError when it cannot be)."""
    source, _, identifier = reference.strip().partition(":")
    if source.lower() not in SOURCES or not identifier:
        raise SourceError(f"“{reference}” is not a film reference: use tmdb:<id> or wikidata:<Q-id>.")
    return SOURCES[source.lower()](identifier.strip())


@dataclass
class Change:
    field: str
    old: object
    new: object

    @property
    def overwrites(self) -> bool:
        """The film has a value of its own here, which the import would replace."""
        return self.old not in ("", None)


def by_external_id(data: FilmData | PersonData) -> Q | None:
    """A filter for the rows sharing any external id with `data`; None when it has none."""
    ids = Q()
    for field in EXTERNAL_IDS:
        if value := getattr(data, field):
            ids |= Q(**{field: value})
    return ids or None


def existing_film(data: FilmData) -> Film | None:
    """The film these data describe, by any external id they carry."""
    ids = by_external_id(data)
    return Film.objects.filter(ids).first() if ids else None


def changes(film: Film | None, data: FilmData) -> list[Change]:
    """What importing `data` into `film` changes in its fields (every field, for a new film)."""
    rows = []
    for name in FILM_FIELDS:
        new, old = getattr(data, name), getattr(film, name) if film else None
        if new not in ("", None) and new != old:
            rows.append(Change(name, old, new))
    return rows


def additions(film: Film | None, data: FilmData) -> dict[str, int]:
    """How many releases and credits the import adds (the rest it finds already there)."""
    if film is None:
        return {"releases": len(data.releases), "credits": len(data.credits)}
    releases = set(film.releases.values_list("country", "type", "date"))
    new_releases = [r for r in data.releases if (r.country, r.type, r.date) not in releases]
    credits = {(c.person.name, c.role, c.character) for c in film.credits.select_related("person")}
    new_credits = [c for c in data.credits if (c.person.name, c.role, c.character) not in credits]
    return {"releases": len(new_releases), "credits": len(new_credits)}


def fetch_poster(data: FilmData) -> ContentFile | None:
    """The source's poster as an upload the image library accepts (its size and format rules),
    or None, with the reason in `data.skipped`: a film is worth importing without one."""
    if not data.poster_url:
        return None
    name = "poster" + (PurePosixPath(urlsplit(data.poster_url).path).suffix.lower() or ".jpg")
    try:
        body = get_bytes(data.source, data.poster_url, settings.MAX_IMAGE_UPLOAD_BYTES, not_found="no poster")
        poster = ContentFile(body, name=name)
        validate_image_upload(poster)
    except (SourceError, ValidationError) as error:
        data.skipped.append(f"poster: {' '.join(getattr(error, 'messages', [str(error)]))}")
        return None
    return poster


@transaction.atomic
def import_film(data: FilmData, film: Film | None = None, poster: ContentFile | None = None) -> Film:
    """Create or update the film, its releases, credits and people from `data`; `poster`
    (fetch_poster) becomes its poster if it has none."""
    film = film or existing_film(data) or Film(slug=free_slug(Film, data.title, data.release_year))
    for change in changes(film if film.pk else None, data):
        setattr(film, change.field, change.new)
    if poster is not None and film.poster_id is None:
        film.poster = Image.objects.create(
            file=poster, alt_text=f"Poster for {data.title}", credit=data.source
        )
    film.full_clean(exclude=["poster"])
    film.save()
    for release in data.releases:
        Release.objects.update_or_create(
            film=film,
            country=release.country,
            type=release.type,
            date=release.date,
            defaults={"certification": release.certification, "note": release.note},
        )
    people: dict[str, Person] = {}
    for credit in data.credits:
        key = credit.person.wikidata_id or credit.person.tmdb_id or credit.person.name
        person = people.get(key) or people.setdefault(key, matched_person(credit.person))
        Credit.objects.update_or_create(
            film=film,
            person=person,
            role=credit.role,
            character=credit.character,
            defaults={"billing_order": credit.billing_order, "note": credit.note},
        )
    return film


def matched_person(data: PersonData) -> Person:
    """The person with one of these external ids, else the one with exactly this name, else
    one whose name differs only in accents, case or typography, else a new one; ids and a
    birth date they lack are filled in, values they have are kept."""
    ids = by_external_id(data)
    name = data.name[: Person._meta.get_field("name").max_length]
    person = Person.objects.filter(ids).first() if ids else None
    if person is None:
        person = (
            Person.objects.filter(name=name).first()
            or Person.objects.filter(match_key=match_key(name)).order_by("pk").first()
            or Person(name=name, slug=free_slug(Person, name))
        )
    for field in (*EXTERNAL_IDS, "birth_date"):
        if not getattr(person, field) and getattr(data, field):
            setattr(person, field, getattr(data, field))
    person.save()
    return person


def free_slug(model, name: str, year: int | None = None) -> str:
    """A slug no row of `model` has: the name, then with the year, then numbered."""
    base = slugify(name)[:180] or "untitled"
    candidates = [base, *([f"{base}-{year}"] if year else []), *(f"{base}-{n}" for n in range(2, 1000))]
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in candidates if slug not in taken)
