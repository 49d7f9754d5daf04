"""The embedded default (SQLite, no Redis) served as production serves it: gunicorn with two
workers, each a process of its own, sharing one page store file."""

import re
import time
from contextlib import ExitStack

import pytest

from tests.live.servers import Browser, embedded_site, gunicorn, manage


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    with embedded_site("newsroom_workers", folder) as env, ExitStack() as stack:
        port = stack.enter_context(gunicorn(env, folder, workers=2))
        yield env, Browser(port)


def first_story(browser: Browser) -> str:
    html = browser.get("/")[2]
    return re.search(r'<h3 class="card-headline"><a href="([^"]+)"', html).group(1)


def test_a_change_made_by_a_command_reaches_every_worker_within_two_seconds(site):
    env, browser = site
    path = first_story(browser)
    for _ in range(10):
        status, headers, _ = browser.get(path)
    assert status == 200 and headers.get("X-Page-Cache") == "hit"
    manage(
        env,
        "shell",
        "-c",
        "from articles.models import Article; from django.urls import resolve; "
        f"story = Article.objects.get(slug=resolve({path!r}).kwargs['slug']); "
        "story.headline = 'Changed by a management command'; story.save()",
    )
    deadline = time.monotonic() + 2
    while True:
        seen = [browser.get(path)[2] for _ in range(20)]
        if all("Changed by a management command" in html for html in seen):
            break
        assert time.monotonic() < deadline, "a worker still served the old headline after 2 s"
        time.sleep(0.1)


def test_a_script_name_header_is_refused(site):
    """gunicorn honours a SCRIPT_NAME header from a trusted address; the site refuses it."""
    _, browser = site
    status, headers, _ = browser.request("GET", "/films/her-smell/", headers={"SCRIPT_NAME": "/films"})
    assert status == 400 and headers.get("Cache-Control") == "no-store"
    assert browser.get("/")[0] == 200
