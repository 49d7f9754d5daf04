"""Film data from public databases (TMDb, Wikidata), read into one plain shape (FilmData) that
films/importer.py writes. Each source module has `fetch(id) -> FilmData` and raises SourceError,
with a message an editor can act on, for anything that is not a film it could read: answers
are decoded into the shapes the sources document (msgspec Structs in each module), so an
answer of another shape is refused whole, before anything is written."""

from dataclasses import dataclass, field
from datetime import date

from django.db import models

from core.feeds import feed_text
from films.models import Role


class SourceError(Exception):
    """The source could not give the film: network down, unknown id, rate limit, bad answer."""


def text(value: str | None, model: type[models.Model] | None = None, name: str = "") -> str:
    """A source's text as the site stores it: without control characters (the feeds and the
    calendar could not carry them) or spaces around it, cut to the length of `model.name`."""
    cleaned = feed_text(value or "").strip()
    return cleaned[: model._meta.get_field(name).max_length].rstrip() if model else cleaned


# What the runtime column holds; a few films run longer (Logistics: 857 hours).
MAX_RUNTIME = 32767


def runtime_minutes(minutes: int | None, data: "FilmData") -> int | None:
    """The runtime the film can store, or None with the reason in `data.skipped`."""
    if minutes is not None and not 0 < minutes <= MAX_RUNTIME:
        data.skipped.append(f"runtime: {minutes} minutes, not one the site can store (1 to {MAX_RUNTIME:,})")
        return None
    return minutes


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
