"""Odd addresses through the real server (gunicorn, DEBUG off, page cache on): every one
answers 404 or 400, never 5xx, and a non-Latin slug reaches its page intact."""

from contextlib import ExitStack
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hardening.addresses import fill, public_routes, queries
from tests.live.servers import Browser, embedded_site, gunicorn, manage

TAG = "фильмы"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One server for the module: a few stories, the first tagged with a non-Latin tag."""
    folder = tmp_path_factory.mktemp("addresses")
    with embedded_site("newsroom_addresses", folder) as env, ExitStack() as stack:
        manage(
            env,
            "shell",
            "-c",
            f"from articles.models import Article; Article.objects.published().first().tags.add({TAG!r})",
        )
        yield Browser(stack.enter_context(gunicorn(env, folder)))


@pytest.mark.parametrize(
    "path",
    [
        "/films/%F0%9F%8E%AC/",
        "/%D1%84%D0%B8%D0%BB%D1%8C%D0%BC%D1%8B/",
        "/%D1%84%D0%B8%D0%BB%D1%8C%D0%BC%D1%8B/feed/",
        "/people/caf%C3%A9/",
        "/tags/%FF%FE/",
        "/news/9999/12/31/story/",
        "/news/0000/00/00/story/",
        "/news/2019/02/30/story/",
    ],
)
def test_an_address_outside_latin_1_or_the_calendar_is_not_found(browser, path):
    # Twice: the second may be answered from the page cache.
    for _ in range(2):
        assert browser.get(path)[0] == 404


def test_a_non_latin_tag_has_its_page_linked_from_its_story(browser):
    status, _, html = browser.get(f"/tags/{quote(TAG)}/")
    assert status == 200
    page = BeautifulSoup(html, "html.parser")
    assert TAG in page.find("h1").get_text()
    story = page.select_one(".card-headline a")["href"]
    status, _, html = browser.get(story)
    assert status == 200
    tags = BeautifulSoup(html, "html.parser").select(".tags a")
    assert f"/tags/{quote(TAG)}/" in [a["href"] for a in tags]
    assert browser.get(f"/tags/{quote(TAG)}/feed/")[0] == 200


ROUTES = public_routes()


# One server for every example; a few hundred requests to it take seconds.
@settings(max_examples=200, deadline=None)
@given(data=st.data(), route=st.sampled_from(ROUTES), query=queries)
def test_no_public_address_answers_5xx(browser, data, route, query):
    path = fill(route, data)
    status = browser.get(f"{path}?{query}")[0]
    assert status < 500, (path, query, status)
