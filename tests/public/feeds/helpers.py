"""Shared by the feed tests: the pages that have feeds, a fully linked story, and readers."""

import json
from collections.abc import Callable
from datetime import timedelta

import feedparser
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from films.models import FestivalEdition
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    EmbedFactory,
    FestivalEditionFactory,
    FilmFactory,
    ImageFactory,
    PersonFactory,
    ReadMoreLinkFactory,
    SectionFactory,
)

KINDS = ["site", "section", "tag", "author", "film", "person", "festival"]
FORMATS = {"rss": "feed/", "atom": "feed/atom/", "json": "feed/json/"}
UNKNOWN_PAGES = {
    "section": "/no-such-section/",
    "tag": "/tags/no-such-tag/",
    "author": "/authors/no-such-writer/",
    "film": "/films/no-such-film/",
    "person": "/people/no-such-person/",
    "festival": "/festivals/no-such-festival/",
}


def feed_page(kind: str) -> tuple[str, Callable[[Article], None]]:
    """A page of `kind` (its address) and a function that puts a story on that page."""
    if kind == "site":
        return "/", lambda article: None
    if kind == "section":
        section = SectionFactory(slug="reviews", name="Reviews")
        return "/reviews/", lambda article: Article.objects.filter(pk=article.pk).update(section=section)
    if kind == "tag":
        return "/tags/punk-rock/", lambda article: article.tags.add("Punk rock")
    if kind == "author":
        author = AuthorFactory(slug="maya", name="Maya")
        return "/authors/maya/", lambda article: BylineFactory(article=article, author=author, position=9)
    if kind == "film":
        film = FilmFactory(slug="her-smell")
        return "/films/her-smell/", lambda article: ArticleFilmFactory(article=article, film=film)
    if kind == "person":
        person = PersonFactory(slug="elisabeth-moss")
        return "/people/elisabeth-moss/", lambda article: ArticlePersonFactory(article=article, person=person)
    if kind == "festival":
        edition: FestivalEdition = FestivalEditionFactory(slug="tiff-2018")
        return "/festivals/tiff-2018/", lambda article: article.festival_editions.add(edition)
    raise ValueError(kind)


def rich_story(**kwargs) -> Article:
    """A public story with everything a feed item carries: bylines, tags, lead image, links."""
    article = ArticleFactory(
        lead_image=ImageFactory(),
        body='<p>See <a href="/films/her-smell/">the film</a>.</p><p>Second.</p><p>Third.</p>',
        authors=[AuthorFactory(), AuthorFactory()],
        source_name="EW",
        source_url="https://ew.com/movies/",
        **kwargs,
    )
    article.tags.add("punk", "Music")
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    ReadMoreLinkFactory(article=article, target=older, after_paragraph=1)
    EmbedFactory(article=article, url="https://soundcloud.com/band/song", title="A song")
    CorrectionFactory(article=article)
    return article


def parse(client, url: str) -> feedparser.FeedParserDict:
    """An RSS or Atom feed as feed readers see it; fails on anything feedparser finds wrong."""
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def parse_json(client, url: str) -> dict:
    """A JSON Feed 1.1, checked against the members the specification requires."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")
    return feed


def entry_ids(client, url: str) -> list[str]:
    """The ids of a feed's items, in order, whatever its format."""
    if url.endswith("/json/"):
        return [item["id"] for item in parse_json(client, url)["items"]]
    return [entry.id for entry in parse(client, url).entries]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
