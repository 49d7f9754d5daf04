"""Pages assembled from the fragment store are the pages the uncached path renders, byte for
byte, and cost a fraction of its queries."""

import pytest

from tests.public.every_page import build_corpus, every_page
from tests.public.helpers import soup_of


def render(client, url: str) -> tuple[int, bytes, set[str]]:
    response = client.get(url)
    return response.status_code, response.content, set(response.get("Surrogate-Key", "").split())


@pytest.mark.django_db
def test_every_page_is_the_same_from_fragments_as_rendered_from_the_database(client, settings):
    """Each page kind, rendered with the fragment store off, then on and empty (fragments are
    made), then on and full (fragments are read): the same bytes and the same keys."""
    build_corpus()
    pages = every_page()
    settings.FRAGMENT_CACHE_SECONDS = 0
    uncached = {url: render(client, url) for url in pages}
    assert sum(status == 200 for status, _, _ in uncached.values()) > 40
    settings.FRAGMENT_CACHE_SECONDS = 3600
    for url in pages:
        assert render(client, url) == uncached[url], f"{url} as its fragments were made"
    for url in pages:
        assert render(client, url) == uncached[url], f"{url} from stored fragments"


@pytest.mark.django_db
def test_a_page_from_stored_fragments_asks_only_for_its_ids(client, settings, count_queries):
    """With its fragments stored (the menu's too), a section page asks for the section and its
    page's story ids, a story page for the story's address, a feed for its ids, the home page
    for its latest ids: however many stories they show."""
    build_corpus()
    settings.FRAGMENT_CACHE_SECONDS = 3600
    section = "/news/"
    story = soup_of(client, section).select_one(".card-headline a")["href"]
    for url in (section, story, "/feed/", "/"):
        client.get(url)
    assert [count_queries(url) for url in (section, story, "/feed/", "/")] == [2, 1, 1, 1]


@pytest.mark.django_db
def test_a_story_edit_shows_in_the_fragments_that_show_it(
    client, settings, django_capture_on_commit_callbacks
):
    """Editing a headline purges the fragments showing the story, so lists, its page and
    feeds show the new one at once, with the page cache off and fragments on."""
    from articles.models import Article

    build_corpus()
    settings.FRAGMENT_CACHE_SECONDS = 3600
    story = Article.objects.published().order_by("-published_at").first()
    pages = ["/", story.section.get_absolute_url(), story.get_absolute_url(), "/feed/"]
    for url in pages:
        client.get(url)
    story.headline = "A headline nobody had seen"
    with django_capture_on_commit_callbacks(execute=True):
        story.save()
    for url in pages:
        assert b"A headline nobody had seen" in client.get(url).content, url
