"""Write a film read from TMDb or Wikidata (films/sources) into the database, and say first
what that would change, so an editor's own values are replaced only when they confirm.

People are matched by an external id, then by name among the people no id tells apart (two
Michael Smiths with two TMDb ids are two people; the desk is shown such namesakes to check);
credits and releases are added or updated, never removed (the desk may have added its own).
All or nothing: one transaction.
"""

from dataclasses import dataclass
from itertools import chain, count
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from core.matching import match_key
from films.models import ID_NAMES, Credit, Film, Person, Release
from films.sources import FilmData, PersonData, SourceError, tmdb, wikidata
from films.sources.http import get_bytes
from images.models import Image
from images.uploads import validate_image_upload

SOURCES = {"tmdb": tmdb.fetch, "wikidata": wikidata.fetch}
# More credits or releases than any film has: each costs queries in the preview and the import,
# so a source's answer is cut here, and the rest said.
MAX_ROWS = 1000
FILM_FIELDS = ("title", "release_year", "runtime_minutes", "synopsis", "tmdb_id", "imdb_id", "wikidata_id")
EXTERNAL_IDS = tuple(ID_NAMES)


def fetch(reference: str) -> FilmData:
    """`tmdb:550` or `wikidata:Q2262932`, read from its source (SourceError when it cannot be)."""
    source, _, identifier = reference.strip().partition(":")
    if source.lower() not in SOURCES or not identifier:
        raise SourceError(f"“{reference}” is not a film reference: use tmdb:<id> or wikidata:<Q-id>.")
    data = SOURCES[source.lower()](identifier.strip())
    for kind in ("credits", "releases"):
        if len(rows := getattr(data, kind)) > MAX_ROWS:
            data.skipped.append(f"{kind} past the first {MAX_ROWS:,}: {len(rows) - MAX_ROWS:,} left out")
            setattr(data, kind, rows[:MAX_ROWS])
    leave_out_malformed_ids(data)
    return data


def leave_out_malformed_ids(data: FilmData) -> None:
    """An id a source gives that is not of its database's form (a Wikidata id that is no Q-id)
    is left out, and said: stored, it would become a link on the site."""
    for record, model in [(data, Film), *((credit.person, Person) for credit in data.credits)]:
        for name in EXTERNAL_IDS:
            field, value = model._meta.get_field(name), getattr(record, name)
            if not value:
                continue
            try:
                field.run_validators(value)
            except ValidationError as error:
                whose = "" if record is data else f" of {record.name}"
                data.skipped.append(f"{field.verbose_name} “{value}”{whose}: {said(error)}")
                setattr(record, name, "")


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


def clashes(film: Film | None, data: FilmData) -> list[str]:
    """The ids in `data` that a film other than `film` has already: one film per id, so the
    import cannot give them to this one ("TMDb id 550 is already that of Fight Club (1999)")."""
    found = []
    for field in EXTERNAL_IDS:
        if not (value := getattr(data, field)):
            continue
        others = Film.objects.filter(**{field: value})
        if other := (others.exclude(pk=film.pk) if film and film.pk else others).first():
            where = other.get_absolute_url()
            found.append(f"{ID_NAMES[field]} id {value} is already that of {other}, {where}")
    return found


def said(error: ValidationError | SourceError) -> str:
    """An error's messages as one line of text for the desk."""
    return " ".join(getattr(error, "messages", [str(error)]))


def changes(film: Film | None, data: FilmData) -> list[Change]:
    """What importing `data` into `film` changes in its fields (every field, for a new film)."""
    rows = []
    for name in FILM_FIELDS:
        new, old = getattr(data, name), getattr(film, name) if film else None
        if new not in ("", None) and new != old:
            rows.append(Change(name, old, new))
    return rows


def additions(film: Film | None, data: FilmData) -> dict[str, int]:
    """How many releases and credits the import adds (the rest it finds already there): a
    credit is the film's already when it has one for the person the import matches."""
    releases = set(film.releases.values_list("country", "type", "date")) if film else set()
    new_releases = {(r.country, r.type, r.date) for r in data.releases} - releases
    credits = set(film.credits.values_list("person", "role", "character")) if film else set()
    people: dict[str, Person | None] = {}
    new_credits = set()
    for credit in data.credits:
        key = person_key(credit.person)
        if key not in people:
            people[key] = found_person(credit.person)
        new_credits.add((people[key].pk if people[key] else key, credit.role, credit.character))
    return {"releases": len(new_releases), "credits": len(new_credits - credits)}


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
        data.skipped.append(f"poster: {said(error)}")
        return None
    return poster


@transaction.atomic
def import_film(data: FilmData, film: Film | None = None, poster: ContentFile | None = None) -> Film:
    """Create or update the film, its releases, credits and people from `data`; `poster`
    (fetch_poster) becomes its poster if it has none."""
    film = film or existing_film(data) or Film(slug=free_slug(Film, data.title, data.release_year))
    if found := clashes(film, data):
        raise ValidationError([f"{clash}." for clash in found])
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
        key = person_key(credit.person)
        person = people.get(key) or people.setdefault(key, matched_person(credit.person))
        Credit.objects.update_or_create(
            film=film,
            person=person,
            role=credit.role,
            character=credit.character,
            defaults={"billing_order": credit.billing_order, "note": credit.note},
        )
    return film


def person_key(data: PersonData) -> str:
    """Who a source's person is within one import: their source's id, else their name."""
    return data.wikidata_id or data.tmdb_id or data.name


def found_person(data: PersonData) -> Person | None:
    """The person with one of these external ids; else, among people no id of theirs tells
    apart from `data` (two Michael Smiths with two TMDb ids are two people), the one with
    exactly this name, else one whose name differs only in accents, case or typography."""
    ids = by_external_id(data)
    if ids and (person := Person.objects.filter(ids).order_by("pk").first()):
        return person
    alike = Person.objects.order_by("pk")
    for field in EXTERNAL_IDS:
        if value := getattr(data, field):
            alike = alike.filter(Q(**{field: ""}) | Q(**{field: value}))
    return alike.filter(name=data.name).first() or alike.filter(match_key=match_key(data.name)).first()


def namesakes(data: FilmData) -> list[str]:
    """The people the import would create whom someone of the same name, here or in the same
    import, is told apart from only by an id: maybe one person under two ids, for the desk to
    check. One line per name: "Brad Pitt (TMDb 287) and Brad Pitt (TMDb 9999, /people/brad-pitt/)"."""
    new: dict[str, PersonData] = {}
    for credit in data.credits:
        key = person_key(credit.person)
        if key not in new and found_person(credit.person) is None:
            new[key] = credit.person
    names: dict[str, list[str]] = {}
    for person in new.values():
        names.setdefault(match_key(person.name), []).append(described(person))
    for person in Person.objects.filter(match_key__in=list(names)).order_by("pk"):
        names[person.match_key].append(described(person, person.get_absolute_url()))
    return [" and ".join(people) for people in names.values() if len(people) > 1]


def described(person: PersonData | Person, url: str = "") -> str:
    """The name with what tells this person apart: their ids, and their page if they have one."""
    ids = [f"{ID_NAMES[field]} {value}" for field in EXTERNAL_IDS if (value := getattr(person, field))]
    marks = [*ids, url] if url else ids
    return f"{person.name} ({', '.join(marks)})" if marks else person.name


def matched_person(data: PersonData) -> Person:
    """found_person(), else a new one; ids and a birth date they lack are filled in, values
    they have are kept."""
    person = found_person(data) or Person(name=data.name, slug=free_slug(Person, data.name))
    for field in (*EXTERNAL_IDS, "birth_date"):
        value = getattr(data, field)
        if getattr(person, field) or not value:
            continue
        # An id another person has stays theirs (one person per id): the desk merges the two.
        if field in EXTERNAL_IDS and Person.objects.filter(**{field: value}).exclude(pk=person.pk).exists():
            continue
        setattr(person, field, value)
    person.save()
    return person


def free_slug(model, name: str, year: int | None = None) -> str:
    """A slug no row of `model` has: the name (in its own letters, as tags' slugs are), then
    with the year, then numbered."""
    base = slugify(name, allow_unicode=True)[:180].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = chain([base], [f"{base}-{year}"] if year else [], (f"{base}-{n}" for n in count(2)))
    return next(slug for slug in candidates if slug not in taken)
