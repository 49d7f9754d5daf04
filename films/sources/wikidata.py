"""Wikidata through `wbgetentities`: the film's entity, then in one more request the entities
its claims name (people, characters, countries) for their English labels and ids. CC0 data."""

import re
from datetime import date

from django.conf import settings

from films.models import Release, Role
from films.sources import CreditData, FilmData, PersonData, ReleaseData, SourceError
from films.sources.http import get_json

QID = re.compile(r"Q[1-9][0-9]{0,11}")
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


def fetch(qid: str) -> FilmData:
    if not QID.fullmatch(qid):
        raise SourceError(f"“{qid}” is not a Wikidata item id (Q and a number, as in wikidata:Q2262932).")
    film = entities([qid]).get(qid, {"missing": ""})
    if "missing" in film:
        raise SourceError(f"Wikidata has no {qid}.")
    title = label(film)
    if not title:
        raise SourceError(f"Wikidata's {qid} has no English label to use as the title.")
    named = {value for prop in PEOPLE for value in item_values(film, prop)}
    named |= {qualifier for claim in claims(film, "P161") for qualifier in qualifier_items(claim, CHARACTER)}
    named |= {
        q for claim in claims(film, PUBLICATION_DATE) for q in qualifier_items(claim, PLACE_OF_PUBLICATION)
    }
    others = entities(sorted(named)) if named else {}
    data = FilmData(
        source="Wikidata",
        title=title,
        wikidata_id=qid,
        imdb_id=first_string(film, IMDB),
        tmdb_id=first_string(film, TMDB_MOVIE),
        runtime_minutes=runtime(film),
    )
    years = [time[0] for claim in claims(film, PUBLICATION_DATE) if (time := time_value(claim["mainsnak"]))]
    data.release_year = min(years).year if years else None
    data.releases = releases(film, others)
    data.credits = credits(film, others, data.skipped)
    return data


def entities(ids: list[str]) -> dict[str, dict]:
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
            not_found=f"Wikidata has no {batch[0]}.",
        )
        if "error" in answer:
            raise SourceError(f"Wikidata: {answer['error'].get('info', 'unknown error')}")
        found.update(answer.get("entities", {}))
    return found


def label(entity: dict) -> str:
    return entity.get("labels", {}).get("en", {}).get("value", "")


def claims(entity: dict, prop: str) -> list[dict]:
    """The property's claims, deprecated ones left out, in Wikidata's order."""
    return [claim for claim in entity.get("claims", {}).get(prop, []) if claim.get("rank") != "deprecated"]


def value(snak: dict):
    return snak.get("datavalue", {}).get("value") if snak.get("snaktype") == "value" else None


def item_values(entity: dict, prop: str) -> list[str]:
    return [
        v["id"]
        for claim in claims(entity, prop)
        if isinstance(v := value(claim["mainsnak"]), dict) and "id" in v
    ]


def qualifier_items(claim: dict, prop: str) -> list[str]:
    return [
        v["id"]
        for snak in claim.get("qualifiers", {}).get(prop, [])
        if isinstance(v := value(snak), dict) and "id" in v
    ]


def first_string(entity: dict, prop: str) -> str:
    return next((v for claim in claims(entity, prop) if isinstance(v := value(claim["mainsnak"]), str)), "")


def time_value(snak: dict) -> tuple[date, int] | None:
    """A time value as (date, precision): 9 is a year, 11 a day."""
    v = value(snak)
    if not isinstance(v, dict) or not re.fullmatch(r"\+\d{4}-\d{2}-\d{2}T.*", v.get("time", "")):
        return None
    year, month, day = (int(part) for part in v["time"][1:11].split("-"))
    try:
        return date(year, month or 1, day or 1), v.get("precision", 0)
    except ValueError:  # year 0, or a day the calendar lacks
        return None


def runtime(film: dict) -> int | None:
    for claim in claims(film, DURATION):
        v = value(claim["mainsnak"])
        if isinstance(v, dict) and v.get("unit") == MINUTE:
            return round(float(v["amount"]))
    return None


def releases(film: dict, others: dict) -> list[ReleaseData]:
    """Publication dates known to the day in a named country (one with an ISO code): theatrical
    releases, as Wikidata does not say the kind."""
    rows = []
    for claim in claims(film, PUBLICATION_DATE):
        time = time_value(claim["mainsnak"])
        if not time or time[1] < DAY_PRECISION:
            continue
        for country in qualifier_items(claim, PLACE_OF_PUBLICATION):
            if code := first_string(others.get(country, {}), ISO_COUNTRY):
                rows.append(ReleaseData(country=code, type=Release.Type.THEATRICAL, date=time[0]))
    return rows


def person(qid: str, entity: dict) -> PersonData:
    born = next((t for claim in claims(entity, BIRTH) if (t := time_value(claim["mainsnak"]))), None)
    return PersonData(
        name=label(entity),
        wikidata_id=qid,
        imdb_id=first_string(entity, IMDB),
        tmdb_id=first_string(entity, TMDB_PERSON),
        birth_date=born[0] if born and born[1] >= DAY_PRECISION else None,
    )


def credits(film: dict, others: dict, skipped: list[str]) -> list[CreditData]:
    rows = []
    for prop, role in PEOPLE.items():
        for order, claim in enumerate(claims(film, prop), start=1):
            v = value(claim["mainsnak"])
            if not isinstance(v, dict) or "id" not in v:
                continue
            qid = v["id"]
            if not label(others.get(qid, {})):
                skipped.append(f"{Role(role).label} {qid}: no English label on Wikidata")
                continue
            characters = [label(others.get(q, {})) for q in qualifier_items(claim, CHARACTER)]
            character = next((name for name in characters if name), "") if role == Role.CAST else ""
            rows.append(
                CreditData(person(qid, others[qid]), role, character=character[:200], billing_order=order)
            )
    return rows
