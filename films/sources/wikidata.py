"""Wikidata through `wbgetentities`: the film's entity, then in one more request the entities
its claims name (people, characters, countries) for their English labels and ids. CC0 data."""

import re
from datetime import date

from django.conf import settings
from django_countries import countries
from msgspec import Struct

from films.models import WIKIDATA_ID, Credit, Film, Person, Release, Role
from films.sources import CreditData, FilmData, PersonData, ReleaseData, SourceError, runtime_minutes, text
from films.sources.http import get_json

QID = re.compile(WIKIDATA_ID)
# Properties of a film whose values are people, and the role each credits.
PEOPLE = {
    "P57": Role.DIRECTOR,
    "P58": Role.WRITER,
    "P161": Role.CAST,
    "P86": Role.COMPOSER,
    "P344": Role.CINEMATOGRAPHER,
    "P1040": Role.EDITOR,
    "P162": Role.PRODUCER,
}
CHARACTER = "P453"  # qualifier of a cast member: the character role (an item)
PUBLICATION_DATE, PLACE_OF_PUBLICATION = "P577", "P291"
DURATION, MINUTE = "P2047", "http://www.wikidata.org/entity/Q7727"
IMDB, TMDB_MOVIE, TMDB_PERSON, BIRTH, ISO_COUNTRY = "P345", "P4947", "P4985", "P569", "P297"
DAY_PRECISION = 11
BATCH = 50  # wbgetentities takes at most 50 ids a request
MAX_NAMED = 2000  # more than any film's item names: each BATCH costs a request
AMOUNT = re.compile(r"[+-]?[0-9]{1,12}(\.[0-9]+)?")


# The parts of wbgetentities' answer that are read. A value's own shape depends on its
# property's type (an item, a time, a quantity, a string): the readers below check it.
class Snak(Struct):
    snaktype: str = ""
    datavalue: dict | None = None


class Claim(Struct):
    mainsnak: Snak
    rank: str = "normal"
    qualifiers: dict[str, list[Snak]] = {}


class Label(Struct):
    value: str


class Entity(Struct):
    missing: str | None = None
    labels: dict[str, Label] = {}
    claims: dict[str, list[Claim]] = {}


class Error(Struct):
    info: str = "unknown error"


class Entities(Struct):
    entities: dict[str, Entity] = {}
    error: Error | None = None


def fetch(qid: str) -> FilmData:
    if not QID.fullmatch(qid):
        raise SourceError(f"“{qid}” is not a Wikidata item id (Q and a number, as in wikidata:Q2262932).")
    film = entities([qid]).get(qid, Entity(missing=""))
    if film.missing is not None:
        raise SourceError(f"Wikidata has no {qid}.")
    title = text(label(film), Film, "title")
    if not title:
        raise SourceError(f"Wikidata's {qid} has no English label to use as the title.")
    named = {value for prop in PEOPLE for value in item_values(film, prop)}
    named |= {qualifier for claim in claims(film, "P161") for qualifier in qualifier_items(claim, CHARACTER)}
    named |= {
        q for claim in claims(film, PUBLICATION_DATE) for q in qualifier_items(claim, PLACE_OF_PUBLICATION)
    }
    if len(named) > MAX_NAMED:
        raise SourceError(f"Wikidata's {qid} names more than {MAX_NAMED:,} people, characters and places.")
    others = entities(sorted(named)) if named else {}
    data = FilmData(
        source="Wikidata",
        title=title,
        wikidata_id=qid,
        imdb_id=first_string(film, IMDB),
        tmdb_id=first_string(film, TMDB_MOVIE),
    )
    data.runtime_minutes = runtime_minutes(runtime(film), data)
    years = [time[0] for claim in claims(film, PUBLICATION_DATE) if (time := time_value(claim.mainsnak))]
    data.release_year = min(years).year if years else None
    data.releases = releases(film, others)
    data.credits = credits(film, others, data.skipped)
    return data


def entities(ids: list[str]) -> dict[str, Entity]:
    """The entities with these ids, with labels and claims (a missing one says "missing")."""
    found = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        answer = get_json(
            "Wikidata",
            settings.WIKIDATA_API_URL,
            {
                "action": "wbgetentities",
                "ids": "|".join(batch),
                "props": "labels|claims",
                "languages": "en",
                "format": "json",
            },  # fmt: skip
            shape=Entities,
            not_found=f"Wikidata has no {batch[0]}.",
        )
        if answer.error:
            raise SourceError(f"Wikidata: {text(answer.error.info)}")
        found.update(answer.entities)
    return found


def label(entity: Entity) -> str:
    return entity.labels["en"].value if "en" in entity.labels else ""


def claims(entity: Entity, prop: str) -> list[Claim]:
    """The property's claims, deprecated ones left out, in Wikidata's order."""
    return [claim for claim in entity.claims.get(prop, []) if claim.rank != "deprecated"]


def value(snak: Snak):
    return snak.datavalue.get("value") if snak.snaktype == "value" and snak.datavalue else None


def item(snak: Snak) -> str | None:
    """The Q-id an item value names (values naming properties or lexemes are not people)."""
    v = value(snak)
    qid = v.get("id") if isinstance(v, dict) else None
    return qid if isinstance(qid, str) and QID.fullmatch(qid) else None


def item_values(entity: Entity, prop: str) -> list[str]:
    return [qid for claim in claims(entity, prop) if (qid := item(claim.mainsnak))]


def qualifier_items(claim: Claim, prop: str) -> list[str]:
    return [qid for snak in claim.qualifiers.get(prop, []) if (qid := item(snak))]


def first_string(entity: Entity, prop: str) -> str:
    return next((v for claim in claims(entity, prop) if isinstance(v := value(claim.mainsnak), str)), "")


def time_value(snak: Snak) -> tuple[date, int] | None:
    """A time value as (date, precision): 9 is a year, 11 a day."""
    v = value(snak)
    time = v.get("time") if isinstance(v, dict) else None
    if not isinstance(time, str) or not re.fullmatch(r"\+[0-9]{4}-[0-9]{2}-[0-9]{2}T.*", time):
        return None
    year, month, day = (int(part) for part in time[1:11].split("-"))
    precision = v.get("precision")
    try:
        return date(year, month or 1, day or 1), precision if isinstance(precision, int) else 0
    except ValueError:  # year 0, or a day the calendar lacks
        return None


def runtime(film: Entity) -> int | None:
    for claim in claims(film, DURATION):
        v = value(claim.mainsnak)
        if isinstance(v, dict) and v.get("unit") == MINUTE:
            amount = v.get("amount")
            if not isinstance(amount, str) or not AMOUNT.fullmatch(amount):
                shown = text(str(amount))[:40]
                raise SourceError(f"Wikidata gives “{shown}” as the runtime, which is no number.")
            return round(float(amount))
    return None


def releases(film: Entity, others: dict[str, Entity]) -> list[ReleaseData]:
    """Publication dates known to the day in a named country (one with an ISO code): theatrical
    releases, as Wikidata does not say the kind."""
    rows = []
    for claim in claims(film, PUBLICATION_DATE):
        time = time_value(claim.mainsnak)
        if not time or time[1] < DAY_PRECISION:
            continue
        for country in qualifier_items(claim, PLACE_OF_PUBLICATION):
            if (code := first_string(others.get(country, Entity()), ISO_COUNTRY)) in countries:
                rows.append(ReleaseData(country=code, type=Release.Type.THEATRICAL, date=time[0]))
    return rows


def person(qid: str, entity: Entity) -> PersonData:
    born = next((t for claim in claims(entity, BIRTH) if (t := time_value(claim.mainsnak))), None)
    return PersonData(
        name=text(label(entity), Person, "name"),
        wikidata_id=qid,
        imdb_id=first_string(entity, IMDB),
        tmdb_id=first_string(entity, TMDB_PERSON),
        birth_date=born[0] if born and born[1] >= DAY_PRECISION else None,
    )


def credits(film: Entity, others: dict[str, Entity], skipped: list[str]) -> list[CreditData]:
    rows = []
    for prop, role in PEOPLE.items():
        for order, claim in enumerate(claims(film, prop), start=1):
            qid = item(claim.mainsnak)
            if not qid:
                continue
            someone = person(qid, others.get(qid, Entity()))
            if not someone.name:
                skipped.append(f"{Role(role).label} {qid}: no English label on Wikidata")
                continue
            characters = [label(others.get(q, Entity())) for q in qualifier_items(claim, CHARACTER)]
            character = next((name for name in characters if name), "") if role == Role.CAST else ""
            rows.append(
                CreditData(
                    someone, role, character=text(character, Credit, "character"), billing_order=order
                )
            )
    return rows
