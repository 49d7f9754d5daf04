"""Drafts never leak: stories readers may not see are absent from every public surface.

One public story and four hidden ones (draft, in review, scheduled, withdrawn) share the same
film, person, tag, section, author and festival edition, and the public story points READ
MORE at each hidden one. Every page, feed and sitemap a reader or a crawler can reach is then
fetched and searched for any trace of the hidden stories.
"""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    FestivalEditionFactory,
    FilmFactory,
    PersonFactory,
    ReadMoreLinkFactory,
    SectionFactory,
)
from tests.public.helpers import soup_of

HIDDEN = {
    "draft": {"status": "draft", "published_at": lambda now: now - timedelta(days=1)},
    "review": {"status": "review", "published_at": lambda now: now - timedelta(days=1)},
    "scheduled": {"status": "published", "published_at": lambda now: now + timedelta(hours=3)},
    "withdrawn": {
        "status": "withdrawn",
        "published_at": lambda now: now - timedelta(days=1),
        "first_published_at": lambda now: now - timedelta(days=1),
    },
    # Scheduled for yesterday and withdrawn before then: readers never saw it.
    "unseen": {"status": "withdrawn", "published_at": lambda now: now - timedelta(days=1)},
}
FEED_SUFFIXES = ["feed/", "feed/atom/", "feed/json/"]


@pytest.fixture
def newsroom(db):
    now = timezone.now()
    section = SectionFactory(slug="reviews", name="Reviews")
    author, film, person, edition = AuthorFactory(), FilmFactory(), PersonFactory(), FestivalEditionFactory()

    def linked_story(**fields):
        story = ArticleFactory(
            section=section, authors=[author], body="<p>Shared words about cinema.</p>", **fields
        )
        ArticleFilmFactory(article=story, film=film)
        ArticlePersonFactory(article=story, person=person)
        story.festival_editions.add(edition)
        story.tags.add("shared-tag")
        return story

    public = linked_story(headline="The public story", published_at=now - timedelta(hours=2))
    hidden = {}
    for name, spec in HIDDEN.items():
        story = linked_story(
            headline=f"Secret {name} headline zqx{name}",
            slug=f"secret-{name}-story",
            dek=f"Secret {name} dek",
            status=spec["status"],
            published_at=spec["published_at"](now),
            first_published_at=spec.get("first_published_at", lambda now: None)(now),
        )
        ReadMoreLinkFactory(article=public, target=story, after_paragraph=1)
        hidden[name] = story
    return {"public": public, "hidden": hidden, "entities": [section, author, film, person, edition]}


def traces(story: Article) -> list[str]:
    return [story.headline, story.slug, str(story.uuid), story.dek]


def public_urls(client, newsroom) -> list[str]:
    entity_pages = ["/", "/tags/shared-tag/"] + [e.get_absolute_url() for e in newsroom["entities"]]
    urls = list(entity_pages)
    urls += [page + suffix for page in entity_pages for suffix in FEED_SUFFIXES]
    urls += [newsroom["public"].get_absolute_url(), "/search/?q=secret", "/search/?q=shared+cinema"]
    urls += [f"/search/?q=zqx{name}" for name in HIDDEN]
    urls += sitemap_urls(client)
    return urls


def sitemap_urls(client) -> list[str]:
    """robots.txt names the sitemaps; sitemap indexes name the rest."""
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    pending = [
        line.split(":", 1)[1].strip()
        for line in robots.content.decode().splitlines()
        if line.lower().startswith("sitemap:")
    ]
    assert pending, "robots.txt should name the sitemap index"
    seen = []
    while pending:
        path = urlsplit(pending.pop()).path
        if path in seen:
            continue
        seen.append(path)
        response = client.get(path)
        assert response.status_code == 200, path
        root = ElementTree.fromstring(response.content)
        if root.tag.endswith("sitemapindex"):
            pending += [loc.text for loc in root.iter() if loc.tag.endswith("loc")]
    return seen


@pytest.mark.django_db
def test_hidden_stories_appear_on_no_public_surface(newsroom):
    client = Client()
    urls = public_urls(client, newsroom)
    assert len(urls) > 30
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for name, story in newsroom["hidden"].items():
            for trace in traces(story):
                assert trace not in body, f"{name} story leaked into {url} ({trace!r})"
    # The public story is really there, so the pages above were not simply empty.
    assert newsroom["public"].headline in client.get("/").content.decode()
    assert newsroom["public"].headline in client.get("/feed/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(HIDDEN))
def test_hidden_story_address_is_not_served(newsroom, name):
    story = newsroom["hidden"][name]
    expected = 410 if name == "withdrawn" else 404
    assert Client().get(story.get_absolute_url()).status_code == expected
    assert Client().get(f"/preview/{story.pk}/").status_code == 404


def listed(soup) -> list[str]:
    """The addresses of the stories a listing page shows, in order."""
    return [link["href"] for link in soup.select(".card-list .card-headline a")]


@pytest.mark.django_db
def test_hidden_stories_do_not_count(newsroom):
    """Listings list and page through public stories only: one story, one page, no "Older"."""
    # Read from the HTML: Jinja2 pages give the test client no response.context.
    public = newsroom["public"].get_absolute_url()
    for entity in newsroom["entities"]:
        page = soup_of(Client(), entity.get_absolute_url())
        assert listed(page) == [public], entity
        assert not page.select(".pagination"), entity
        assert Client().get(entity.get_absolute_url(), {"page": 2}).status_code == 404, entity
    search = soup_of(Client(), "/search/?q=shared+cinema")
    assert listed(search) == [public]
    assert search.find(id="stories-heading").get_text() == "Stories (1)"
