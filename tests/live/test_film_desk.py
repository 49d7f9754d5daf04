"""The film desk's "Fill from TMDb / Wikidata" served as production serves it (gunicorn, DEBUG
off), with TMDb and Wikidata pointed at a hostile local server: every answer it gives is a
message on the page, never a 500, and a redirect never takes the server elsewhere."""

import json
from contextlib import ExitStack
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from tests.films.film_sources import TMDB_KEY, film_sources, json_answer, load, wikidata_entities
from tests.live.servers import Browser, gunicorn, manage, own_database, prepare_site, site_environment
from tests.stub_http import StubServer

PASSWORD = "film-desk-live"


def tmdb_with(change) -> bytes:
    movie = load("tmdb/movie-550.json")
    change(movie)
    return json.dumps(movie).encode()


def wikidata_runtime(amount: str) -> dict:
    entities = wikidata_entities()
    entities["Q2262932"]["claims"]["P2047"][0]["mainsnak"]["datavalue"]["value"]["amount"] = amount
    return {"entities": entities, "success": 1}


INTERNAL = "/internal-only"
HOSTILE = {
    "tmdb:٥٥٠": None,
    "tmdb:²": None,
    "tmdb:550": lambda: json_answer(200, []),
    "tmdb:551": lambda: (200, {}, tmdb_with(
        lambda m: m["release_dates"]["results"][0]["release_dates"][0].update(release_date="2019-13-45")
    )),
    "tmdb:552": lambda: (200, {}, tmdb_with(lambda m: m["credits"]["cast"][0].update(order=None))),
    "tmdb:553": lambda: b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
    "tmdb:554": lambda: (200, {"X-Filler": "a" * 70_000}, b"{}"),
    "tmdb:555": "redirect",
    "wikidata:Q2262932": lambda: json_answer(200, wikidata_runtime("+abc")),
}  # fmt: skip


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A production-like site whose film sources are a hostile stub; an editor signed in."""
    folder = tmp_path_factory.mktemp("film_desk")
    with StubServer() as internal, StubServer() as upstream, ExitStack() as stack:

        def answer(request):
            reference = "wikidata:Q2262932" if request.path.startswith("/w/") else None
            if request.path.startswith("/3/movie/"):
                reference = "tmdb:" + request.path.removeprefix("/3/movie/").partition("?")[0]
            hostile = HOSTILE.get(reference)
            if hostile == "redirect":
                return 302, {"Location": f"{internal.url}{INTERNAL}"}, b""
            return hostile() if hostile else film_sources(request)

        upstream.answer = answer
        database_url = stack.enter_context(own_database("newsroom_film_desk", folder))
        env = site_environment(
            database_url,
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            TMDB_API_URL=f"{upstream.url}/3",
            TMDB_API_KEY=TMDB_KEY,
            TMDB_IMAGE_URL=f"{upstream.url}/t/p",
            WIKIDATA_API_URL=f"{upstream.url}/w/api.php",
        )
        prepare_site(env)
        manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
        film = manage(
            env,
            "shell",
            "-c",
            "from films.models import Film; "
            "print(Film.objects.create(title='Fight Club', slug='fight-club', synopsis='Ours.').pk)",
        ).split()[-1]
        editor = Browser(stack.enter_context(gunicorn(env, folder)))
        editor.sign_in("chief", PASSWORD)
        yield editor, f"/admin/films/film/{film}/fill/", internal


@pytest.mark.parametrize("reference", HOSTILE)
def test_a_hostile_source_gets_a_message_not_a_500(desk, reference):
    editor, fill, internal = desk
    for method in ("GET", "POST"):
        if method == "GET":
            status, _, html = editor.get(f"{fill}?reference={quote(reference)}")
        else:
            status, _, html = editor.request("POST", fill, editor.with_csrf({"reference": reference}))
        assert status == 200, (method, status)
        messages = [li.get_text() for li in BeautifulSoup(html, "html.parser").select("ul.messagelist li")]
        assert [m for m in messages if m.startswith("Nothing was changed: ")], messages
    assert not internal.requests
    status, _, html = editor.get(fill.replace("fill/", "change/"))
    assert status == 200 and "Ours." in html
