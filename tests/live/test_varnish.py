"""Varnish (deploy/varnish/default.vcl) in front of the site, purged by surrogate key.

The first tests put a stand-in backend behind a real varnishd; the last puts two real app
servers behind it, on PostgreSQL and Redis as tests/live/test_multiserver.py does. Without
varnishd they are skipped, saying why, except in CI (.ci/run installs it), where that fails.
"""

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest

from core.pagecache.proxies import VarnishPurger
from tests.live.servers import (
    Browser,
    free_port,
    gunicorn,
    manage,
    own_database,
    prepare_site,
    site_environment,
    task_worker,
)
from tests.live.test_multiserver import redis_url
from tests.live.test_multiserver import unavailable as no_shared_site
from tests.live.varnish import Varnish, varnish, varnishd
from tests.stub_http import Answer, Recorded, StubServer

# The stand-in's pages and their keys.
KEYS = {"/a/": "k1 shared", "/b/": "k1", "/c/": "k2"}
CACHEABLE = "public, max-age=5, s-maxage=300"
# Fresh for a second, then served stale while refreshed for two, or for a minute if the app fails.
STALE = "public, max-age=0, s-maxage=1, stale-while-revalidate=2, stale-if-error=60"
HIDDEN = ("Surrogate-Key", "Cache-Tag", "xkey", "X-Swr")


class StandIn:
    """Two stand-in app servers answering each page with its keys and a count of its fetches."""

    def __init__(self):
        self.servers = [StubServer(self.answer), StubServer(self.answer)]
        self.failing: str | None = None  # "500", or "hang up" without an answer
        self.seen: list[Recorded] = []  # by both, in order

    def fetches(self, path: str) -> list[Recorded]:
        return [request for request in self.seen if urlsplit(request.path).path == path]

    def answer(self, request: Recorded) -> Answer:
        path = urlsplit(request.path).path
        if path == "/healthz":
            return 200, {"Cache-Control": "no-store"}, b"ok"
        self.seen.append(request)
        if self.failing == "hang up":
            raise ConnectionAbortedError
        if self.failing:
            return 500, {}, b"the app fails"
        keys = KEYS.get(path, "other")
        headers = {
            "Content-Type": "text/plain",
            "Cache-Control": STALE if path == "/stale/" else CACHEABLE,
            "Surrogate-Key": keys,
            "Cache-Tag": keys.replace(" ", ","),
        }
        return 200, headers, f"{path} fetch {len(self.fetches(path)) - 1}".encode()


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
    response = connection.getresponse()
    result = response.status, dict(response.headers), response.read().decode()
    connection.close()
    return result


def cache_state(port: int, path: str, headers: dict[str, str] | None = None) -> str:
    status, response_headers, _ = fetch(port, path, headers)
    assert status == 200
    assert not any(name in response_headers for name in HIDDEN), response_headers
    return response_headers["X-Cache"]


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> Iterator[tuple[Varnish, StandIn]]:
    varnishd()
    backend = StandIn()
    with ExitStack() as stack:
        ports = [stack.enter_context(server).port for server in backend.servers]
        yield stack.enter_context(varnish(ports, tmp_path_factory.mktemp("varnish"))), backend


def test_varnish_caches_purges_by_key_and_guards_the_app(stand_in, caplog):
    proxy, backend = stand_in
    for path in KEYS:
        assert cache_state(proxy.port, path) == "miss"
        assert cache_state(proxy.port, path) == "hit"

    VarnishPurger([proxy.url]).purge(["k1"])
    assert "purge failed" not in caplog.text
    assert [cache_state(proxy.port, path) for path in KEYS] == ["miss", "miss", "hit"]
    assert [len(backend.fetches(path)) for path in KEYS] == [2, 2, 1]

    # Only loopback purges: the same PURGE from a reader's address is refused.
    assert proxy.request_from("203.0.113.7", "PURGE", "/", {"xkey-purge": "k2"}) == 403
    assert cache_state(proxy.port, "/c/") == "hit"
    assert proxy.request_from("127.0.0.1", "PURGE", "/", {"xkey-purge": "k2"}) == 200
    assert cache_state(proxy.port, "/c/") == "miss"
    assert proxy.request_from("127.0.0.1", "PURGE", "/", {}) == 400
    assert proxy.request_from("127.0.0.1", "BREW", "/", {}) == 405

    # Headers that would move the app's script prefix, path or host never reach it.
    forged = {"SCRIPT_NAME": "/evil", "Script-Name": "/evil", "PATH_INFO": "/x/", "X-Forwarded-Host": "evil"}
    cache_state(proxy.port, "/forged/", forged)
    [seen] = backend.fetches("/forged/")
    assert not any(name in seen.headers for name in forged), dict(seen.headers)

    # A reader's cookies are dropped and the page shared; an editor's session always passes.
    assert cache_state(proxy.port, "/a/", {"Cookie": "csrftoken=abc; _ga=1"}) == "hit"
    assert cache_state(proxy.port, "/a/", {"Cookie": "csrftoken=abc; sessionid=s1"}) == "miss"
    assert backend.fetches("/a/")[-1].headers["Cookie"] == "csrftoken=abc; sessionid=s1"
    for _ in range(2):
        assert cache_state(proxy.port, "/admin/") == "miss"
    # Both app servers took their turn (not counting Varnish's health probes).
    assert all(any(r.path != "/healthz" for r in server.requests) for server in backend.servers)


def test_stale_pages_while_revalidating_and_when_the_app_fails(stand_in):
    proxy, backend = stand_in

    def page() -> tuple[str, str]:
        status, headers, body = fetch(proxy.port, "/stale/")
        assert status == 200
        return headers["X-Cache"], body

    assert page() == ("miss", "/stale/ fetch 0")
    time.sleep(1.5)  # stale, within stale-while-revalidate: served at once, refreshed behind
    assert page() == ("hit", "/stale/ fetch 0")
    time.sleep(0.5)
    assert page() == ("hit", "/stale/ fetch 1")
    time.sleep(3.5)  # past stale-while-revalidate, the app healthy: the reader waits for a fresh copy
    assert page() == ("miss", "/stale/ fetch 2")

    try:
        for failure in ("500", "hang up"):
            backend.failing = failure
            if failure == "500":
                time.sleep(3.5)  # past it again, but the app fails: stale-if-error serves the old copy
            asked = len(backend.fetches("/stale/"))
            assert page() == ("hit", "/stale/ fetch 2"), failure
            assert len(backend.fetches("/stale/")) > asked, "Varnish did not try the app first"
    finally:
        backend.failing = None


PASSWORD = "varnish-only-pw"


@pytest.fixture(scope="module")
def site_behind_varnish(tmp_path_factory):
    if reason := no_shared_site():
        pytest.skip(reason)
    varnishd()
    varnish_port = free_port()
    database = own_database("newsroom_varnish", tmp_path_factory.mktemp("db"))
    with database as database_url, ExitStack() as stack:
        env = site_environment(
            database_url,
            REDIS_URL=redis_url(),
            PAGE_CACHE_SECONDS="300",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            VARNISH_PURGE_URLS=f"http://127.0.0.1:{varnish_port}/",
        )
        prepare_site(env, stories=12)
        manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
        story_section, other_section, draft_pk = manage(
            env,
            "shell",
            "-c",
            "from articles.models import Article, Section; "
            "first, other = Section.objects.order_by('pk')[:2]; "
            "draft = Article.objects.create(headline='Varnish scoop', slug='varnish-scoop', "
            "section=first, body='<p>Seen through Varnish.</p>'); "
            "print(first.slug, other.slug, draft.pk)",
        ).split()[-3:]
        logs = tmp_path_factory.mktemp("gunicorn")
        app_ports = [stack.enter_context(gunicorn(env, logs)) for _ in range(2)]
        stack.enter_context(task_worker(env, logs))  # it sends the purges to Varnish
        proxy = stack.enter_context(varnish(app_ports, tmp_path_factory.mktemp("varnish"), port=varnish_port))
        yield proxy, app_ports, f"/{story_section}/", f"/{other_section}/", int(draft_pk)


def first_miss(reader: Browser, path: str, within: float = 5) -> tuple[int, dict, str]:
    """The page once Varnish fetches it again, or as it still is after `within` seconds: the
    purge follows the commit, and the app may send it a moment after the admin answers."""
    deadline = time.monotonic() + within
    while True:
        status, headers, html = reader.get(path)
        if headers.get("X-Cache") != "hit" or time.monotonic() > deadline:
            return status, headers, html
        time.sleep(0.2)


def test_publishing_purges_the_story_pages_at_varnish_and_nothing_else(site_behind_varnish):
    """Needs the app's side of the contract: Surrogate-Key on pages, a purge after commit."""
    proxy, app_ports, section, other_section, draft_pk = site_behind_varnish
    app_headers = Browser(app_ports[1]).get(section)[1]
    assert "Surrogate-Key" in app_headers, f"the app sends no Surrogate-Key: {app_headers}"
    reader = Browser(proxy.port)
    editor = Browser(app_ports[0])
    editor.sign_in("chief", PASSWORD)

    for path in ("/", section, other_section):
        reader.get(path)
        status, headers, html = reader.get(path)
        assert status == 200 and headers.get("X-Cache") == "hit", (path, headers)
        assert "Varnish scoop" not in html
        assert "Surrogate-Key" not in headers and "Cache-Tag" not in headers

    editor.run_action("publish_selected", draft_pk)

    for path in ("/", section):
        status, headers, html = first_miss(reader, path)
        assert status == 200 and headers.get("X-Cache") == "miss", (path, headers)
        assert "Varnish scoop" in html, path
    status, headers, html = reader.get(other_section)
    assert status == 200 and headers.get("X-Cache") == "hit", headers
    assert "Varnish scoop" not in html
    story = re.search(r'href="(/[^"]*/varnish-scoop/)"', reader.get("/")[2])
    assert story and reader.get(story.group(1))[0] == 200
