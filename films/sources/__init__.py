"""Film data from public databases (TMDb, Wikidata), read into one plain shape (FilmData) that
films/importer.py writes. Each source module has `fetch(id) -> FilmData` and raises SourceError,
with a message an editor can act on, for anything that is not a film it could read."""

from dataclasses import dataclass, field
from datetime import date

from films.models import Role


class SourceError(Exception):
    """The source could not give the film: network down, unknown id, rate limit, bad answer."""


@dataclass
class PersonData:
    name: str
    tmdb_id: str = ""
    imdb_id: str = ""
    wikidata_id: str = ""
    birth_date: date | None = None


@dataclass
class CreditData:
    person: PersonData
    role: Role
    character: str = ""
    note: str = ""
    billing_order: int = 0


@dataclass
class ReleaseData:
    country: str
    type: int
    date: date
    certification: str = ""
    note: str = ""


@dataclass
class FilmData:
    source: str  # "TMDb", "Wikidata": said in messages and the attribution
    title: str
    release_year: int | None = None
    runtime_minutes: int | None = None
    synopsis: str = ""
    tmdb_id: str = ""
    imdb_id: str = ""
    wikidata_id: str = ""
    releases: list[ReleaseData] = field(default_factory=list)
    credits: list[CreditData] = field(default_factory=list)
    poster_url: str = ""
    skipped: list[str] = field(default_factory=list)  # what was left out, and why
