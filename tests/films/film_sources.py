"""A local stand-in for TMDb's API v3 and Wikidata's wbgetentities, answering from
tests/films/fixtures/ in the shapes those services document (tests/stub_http.py serves it)."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.factories import jpeg_bytes
from tests.stub_http import Answer, Recorded

FIXTURES = Path(__file__).parent / "fixtures"
TMDB_KEY = "test-key"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def wikidata_entities() -> dict[str, dict]:
    film = load("wikidata/Q2262932-city-streets-1931.json")
    return {film["id"]: film, **load("wikidata/people.json")}


def json_answer(status: int, data: dict, **headers) -> Answer:
    return status, {"Content-Type": "application/json;charset=utf-8", **headers}, json.dumps(data).encode()


def film_sources(request: Recorded) -> Answer:
    url = urlsplit(request.path)
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    if url.path.startswith("/3/movie/"):
        if query.get("api_key") != TMDB_KEY:
            return json_answer(
                401, {"success": False, "status_code": 7, "status_message": "Invalid API key."}
            )
        movie = url.path.removeprefix("/3/movie/")
        if movie == "550" and query.get("append_to_response") == "credits,release_dates,external_ids":
            return json_answer(200, load("tmdb/movie-550.json"))
        return json_answer(
            404, {"success": False, "status_code": 34, "status_message": "The resource could not be found."}
        )
    if url.path == "/w/api.php" and query.get("action") == "wbgetentities":
        known = wikidata_entities()
        ids = query.get("ids", "").split("|")
        return json_answer(
            200, {"entities": {q: known.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}
        )
    if url.path == "/t/p/w780/example-poster.jpg":
        return 200, {"Content-Type": "image/jpeg"}, jpeg_bytes((500, 750))
    return 404, {}, b"not found"
