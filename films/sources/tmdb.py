"""TMDb's API v3: one request for a film's details with its credits, release dates and
external ids (append_to_response). Data from TMDb; the film admin shows TMDb's attribution."""

from datetime import date

from django.conf import settings
from django_countries import countries

from films.models import Release, Role
from films.sources import CreditData, FilmData, PersonData, ReleaseData, SourceError
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


def fetch(movie_id: str) -> FilmData:
    if not movie_id.isdigit():
        raise SourceError(f"“{movie_id}” is not a TMDb movie id (a number, as in tmdb:550).")
    if not settings.TMDB_API_KEY:
        raise SourceError("TMDB_API_KEY is not set: TMDb needs an API key.")
    data = get_json(
        "TMDb",
        f"{settings.TMDB_API_URL}/movie/{movie_id}",
        {"api_key": settings.TMDB_API_KEY, "append_to_response": "credits,release_dates,external_ids"},
        not_found=f"TMDb has no movie {movie_id}.",
    )
    if not data.get("title"):
        raise SourceError(f"TMDb's answer for movie {movie_id} has no title.")
    external = data.get("external_ids") or {}
    released = data.get("release_date") or ""
    return FilmData(
        source="TMDb",
        title=data["title"],
        release_year=int(released[:4]) if released[:4].isdigit() else None,
        runtime_minutes=data.get("runtime") or None,
        synopsis=data.get("overview") or "",
        tmdb_id=str(data["id"]),
        imdb_id=data.get("imdb_id") or external.get("imdb_id") or "",
        wikidata_id=external.get("wikidata_id") or "",
        releases=releases(data.get("release_dates") or {}),
        credits=credits(data.get("credits") or {}),
        poster_url=f"{settings.TMDB_IMAGE_URL}/w780{data['poster_path']}" if data.get("poster_path") else "",
    )


def releases(release_dates: dict) -> list[ReleaseData]:
    rows = []
    for country in release_dates.get("results", []):
        code = country.get("iso_3166_1", "")
        if code not in countries:
            continue
        for row in country.get("release_dates", []):
            day = row.get("release_date", "")[:10]
            if row.get("type") not in Release.Type.values or len(day) != 10:
                continue
            rows.append(
                ReleaseData(
                    country=code,
                    type=row["type"],
                    date=date.fromisoformat(day),
                    certification=(row.get("certification") or "")[:20],
                    note=(row.get("note") or "")[:200],
                )
            )
    return rows


def person(row: dict) -> PersonData:
    return PersonData(name=row["name"], tmdb_id=str(row["id"]))


def credits(data: dict) -> list[CreditData]:
    """Cast in TMDb's billing order with their characters, then the crew the site credits."""
    rows = [
        CreditData(
            person(row),
            Role.CAST,
            character=(row.get("character") or "")[:200],
            billing_order=row.get("order", 0),
        )
        for row in sorted(data.get("cast", []), key=lambda row: row.get("order", 0))
    ]
    for number, row in enumerate(data.get("crew", [])):
        if row.get("department") == "Writing":
            note = "" if row.get("job") in PLAIN_WRITING_JOBS else (row.get("job") or "").lower()
            rows.append(CreditData(person(row), Role.WRITER, note=note, billing_order=number))
        elif role := CREW_ROLES.get(row.get("job")):
            rows.append(CreditData(person(row), role, billing_order=number))
    return rows
