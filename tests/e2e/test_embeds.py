"""Click-to-load embeds in a real browser: the provider hears nothing until the reader clicks."""

from urllib.parse import urlsplit

import pytest

from tests.factories import ArticleFactory, EmbedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_player_loads_only_after_the_click(browser, live_server, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    EmbedFactory(article=article, url="https://www.youtube.com/watch?v=abcdefghijk", title="Trailer")
    context = browser.new_context()
    page = context.new_page()
    outside = []

    def record(route):
        host = urlsplit(route.request.url).hostname
        if host not in {"127.0.0.1", "localhost"}:
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", record)
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert page.locator("iframe").count() == 0
    page.get_by_role("link", name="Play “Trailer”").click()
    frame = page.locator("iframe.embed-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    assert frame.get_attribute("title") == "Trailer"
    context.close()
