"""TMDb's API v3: one request for a film's details with its credits, release dates and
external ids (append_to_response). Data from TMDb; the film admin shows TMDb's attribution."""

import re
from datetime import date
from typing import Annotated

from django.conf import settings
from django_countries import countries
from msgspec import Meta, Struct, field

from films.models import Credit, Film, Person, Release, Role
from films.sources import CreditData, FilmData, PersonData, ReleaseData, SourceError, runtime_minutes, text
from films.sources.http import get_json

# TMDb's crew jobs that the site credits, and as what. Writers come by department (Writing).
CREW_ROLES = {
    "Director": Role.DIRECTOR,
    "Original Music Composer": Role.COMPOSER,
    "Music": Role.COMPOSER,
    "Director of Photography": Role.CINEMATOGRAPHER,
    "Editor": Role.EDITOR,
    "Producer": Role.PRODUCER,
    "Production Design": Role.PRODUCTION_DESIGNER,
    "Costume Design": Role.COSTUME_DESIGNER,
}
# TMDb's terms ask apps using its API to say so, in these words, where its data is credited.
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
PLAIN_WRITING_JOBS = {"Screenplay", "Writer"}  # others (Novel, Story) are kept as the credit's note
MOVIE_ID = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdigit() takes "٥٥٠" and "²"

# The parts of TMDb's answer that are read, as its API documents them.
PersonId = Annotated[int, Meta(ge=1, lt=10**12)]
BillingOrder = Annotated[int, Meta(ge=0, le=32767)]  # what the billing order column holds


class TmdbPerson(Struct):
    id: PersonId
    name: str


class CastMember(TmdbPerson):
    character: str | None = None
    order: BillingOrder = 0


class CrewMember(TmdbPerson):
    department: str | None = None
    job: str | None = None


class Credits(Struct):
    cast: list[CastMember] = []
    crew: list[CrewMember] = []


class ReleaseDate(Struct):
    type: int
    release_date: str
    certification: str | None = None
    note: str | None = None


class CountryReleases(Struct):
    iso_3166_1: str
    release_dates: list[ReleaseDate] = []


class ReleaseDates(Struct):
    results: list[CountryReleases] = []


class ExternalIds(Struct):
    imdb_id: str | None = None
    wikidata_id: str | None = None


class Movie(Struct):
    title: str = ""
    release_date: str | None = None
    runtime: int | None = None
    overview: str | None = None
    imdb_id: str | None = None
    poster_path: str | None = None
    external_ids: ExternalIds = field(default_factory=ExternalIds)
    release_dates: ReleaseDates = field(default_factory=ReleaseDates)
    credits: Credits = field(default_factory=Credits)


def fetch(movie_id: str) -> FilmData:
    if not MOVIE_ID.fullmatch(movie_id):
        raise SourceError(f"“{movie_id}” is not a TMDb movie id (a number, as in tmdb:550).")
    movie_id = str(int(movie_id))  # one film, one id: 0550 is 550
    if not settings.TMDB_API_KEY:
        raise SourceError("TMDB_API_KEY is not set: TMDb needs an API key.")
    movie = get_json(
        "TMDb",
        f"{settings.TMDB_API_URL}/movie/{movie_id}",
        {"api_key": settings.TMDB_API_KEY, "append_to_response": "credits,release_dates,external_ids"},
        shape=Movie,
        not_found=f"TMDb has no movie {movie_id}.",
    )
    title = text(movie.title, Film, "title")
    if not title:
        raise SourceError(f"TMDb's answer for movie {movie_id} has no title.")
    data = FilmData(
        source="TMDb",
        title=title,
        release_year=day(movie.release_date).year if movie.release_date else None,
        synopsis=text(movie.overview),
        tmdb_id=movie_id,
        imdb_id=text(movie.imdb_id or movie.external_ids.imdb_id),
        wikidata_id=text(movie.external_ids.wikidata_id),
        releases=releases(movie.release_dates),
        poster_url=f"{settings.TMDB_IMAGE_URL}/w780{movie.poster_path}" if movie.poster_path else "",
    )
    data.runtime_minutes = runtime_minutes(movie.runtime or None, data)
    data.credits = credits(movie.credits, data.skipped)
    return data


def day(value: str) -> date:
    """The day of a TMDb date ("1999-10-15", or with a time after it)."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise SourceError(f"TMDb gives “{text(value)[:40]}” as a date, which is no day.") from None


def releases(release_dates: ReleaseDates) -> list[ReleaseData]:
    return [
        ReleaseData(
            country=country.iso_3166_1,
            type=row.type,
            date=day(row.release_date),
            certification=text(row.certification, Release, "certification"),
            note=text(row.note, Release, "note"),
        )
        for country in release_dates.results
        if country.iso_3166_1 in countries
        for row in country.release_dates
        if row.type in Release.Type.values
    ]


def person(row: TmdbPerson) -> PersonData:
    return PersonData(name=text(row.name, Person, "name"), tmdb_id=str(row.id))


def credits(data: Credits, skipped: list[str]) -> list[CreditData]:
    """Cast in TMDb's billing order with their characters, then the crew the site credits."""
    cast = [
        CreditData(
            person(row),
            Role.CAST,
            character=text(row.character, Credit, "character"),
            billing_order=row.order,
        )
        for row in sorted(data.cast, key=lambda row: row.order)
    ]
    crew = []
    for row in data.crew:
        if row.department == "Writing":
            note = "" if row.job in PLAIN_WRITING_JOBS else text(row.job, Credit, "note").lower()
            crew.append(CreditData(person(row), Role.WRITER, note=note, billing_order=len(crew)))
        elif role := CREW_ROLES.get(row.job):
            crew.append(CreditData(person(row), role, billing_order=len(crew)))
    for row in cast + crew:
        if not row.person.name:
            skipped.append(f"{row.role.label} with TMDb id {row.person.tmdb_id}: no name")
    return [row for row in cast + crew if row.person.name]
