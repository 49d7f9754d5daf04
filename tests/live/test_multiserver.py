"""Two app servers on one PostgreSQL and one Redis: a story published on one shows on both.

Runs real gunicorn processes against a database of its own (not pytest's test database),
so it needs PostgreSQL in DATABASE_URL and a reachable Redis (REDIS_URL, default DB 3 on
127.0.0.1); .ci/run provides both. Elsewhere it is skipped, saying why.
"""

import os
import re
from contextlib import ExitStack

import pytest

from tests.live.servers import (
    Browser,
    gunicorn,
    is_postgres,
    manage,
    own_database,
    prepare_site,
    site_environment,
)

PASSWORD = "multiserver-only-pw"

pytestmark = pytest.mark.multiserver


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"


def unavailable() -> str:
    """Why this machine cannot run the test, or "" when it can."""
    if not is_postgres(os.environ.get("DATABASE_URL", "")):
        return "needs PostgreSQL in DATABASE_URL (several app servers share one database)"
    try:
        import redis

        redis.Redis.from_url(redis_url(), socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis to share
        if os.environ.get("CI"):
            raise
        return f"needs a reachable Redis at {redis_url()} ({error})"
    return ""


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    if reason := unavailable():
        pytest.skip(reason)
    with own_database("newsroom_multiserver", tmp_path_factory.mktemp("db")) as database_url:
        env = site_environment(
            database_url, REDIS_URL=redis_url(), PAGE_CACHE_SECONDS="300", DJANGO_SUPERUSER_PASSWORD=PASSWORD
        )
        prepare_site(env, stories=12)
        manage(env, "createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.com")
        draft_pk = manage(
            env,
            "shell",
            "-c",
            "from articles.models import Article, Section; "
            "print(Article.objects.create(headline='Multiserver scoop', slug='multiserver-scoop', "
            "section=Section.objects.order_by('pk').first(), body='<p>Seen everywhere.</p>').pk)",
        ).strip()
        yield env, int(draft_pk.splitlines()[-1])


@pytest.fixture(scope="module")
def servers(site_env, tmp_path_factory):
    env, _ = site_env
    logs = tmp_path_factory.mktemp("gunicorn")
    with ExitStack() as stack:
        yield [Browser(stack.enter_context(gunicorn(env, logs))) for _ in range(2)]


def story_path(html: str) -> str | None:
    match = re.search(r'href="(/[^"]*/multiserver-scoop/)"', html)
    return match.group(1) if match else None


def test_publish_on_one_server_shows_at_once_on_the_other(site_env, servers):
    """Both servers' cached home pages show the story as soon as one server publishes it."""
    _, draft_pk = site_env
    editor_server, reader_server = servers
    for server in (editor_server, reader_server):
        server.get("/")
        status, headers, html = server.get("/")
        assert status == 200 and headers.get("X-Page-Cache") == "hit"
        assert "Multiserver scoop" not in html

    editor = Browser(editor_server.port)
    editor.sign_in("chief", PASSWORD)
    editor.run_action("publish_selected", draft_pk)

    for server in (reader_server, Browser(editor_server.port)):
        status, _, html = server.get("/")
        assert status == 200 and "Multiserver scoop" in html
        path = story_path(html)
        assert path and server.get(path)[0] == 200


def test_withdraw_on_one_server_takes_it_down_on_the_other(site_env, servers):
    """Withdrawing through one server empties the shared cache for both."""
    _, draft_pk = site_env
    editor_server, reader_server = servers
    status, _, html = reader_server.get("/")
    path = story_path(html)
    assert path and reader_server.get(path)[0] == 200
    editor = Browser(editor_server.port)
    editor.sign_in("chief", PASSWORD)
    editor.run_action("withdraw_selected", draft_pk)
    assert "Multiserver scoop" not in reader_server.get("/")[2]
    assert reader_server.get(path)[0] == 410
