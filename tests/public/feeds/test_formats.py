"""What each feed format carries for a story and for its channel, read by a real feed parser."""

import json
from datetime import UTC

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage

from core.feeds import absolute_html
from images.renditions import PictureSource, share_rendition
from tests.public.feeds.helpers import absolute, parse, parse_json, rich_story


def story_facts(article) -> dict:
    article.refresh_from_db()
    rendition = share_rendition(PictureSource.of(article.lead_image))  # tests/public/feeds/test_images.py
    return {
        "link": absolute(article.get_absolute_url()),
        "id": f"urn:uuid:{article.uuid}",
        "authors": [byline.author.name for byline in article.bylines.all()],
        "categories": ["News", "Music", "punk"],
        "image": absolute(rendition.url),
        "size": default_storage.size(rendition.name),
    }


def assert_absolute_content(html: str, article) -> None:
    """Full text, with READ MORE, embed and source as links, every address absolute."""
    soup = BeautifulSoup(html, "html.parser")
    addresses = [a["href"] for a in soup.find_all("a")] + [img["src"] for img in soup.find_all("img")]
    assert addresses and all(address.startswith(("http://", "https://")) for address in addresses)
    assert absolute("/films/her-smell/") in addresses
    assert absolute(article.read_more_links.get().target.get_absolute_url()) in addresses
    assert "https://soundcloud.com/band/song" in addresses
    assert "https://ew.com/movies/" in addresses
    assert absolute(share_rendition(PictureSource.of(article.lead_image)).url) in addresses
    assert "Third." in soup.get_text()


def assert_entry_fields(entry, article, facts) -> None:
    """What RSS and Atom both carry, as feedparser normalises it."""
    assert entry.title == article.headline
    assert entry.link == facts["link"]
    assert entry.id == facts["id"]
    assert entry.published_parsed[:6] == article.published_at.astimezone(UTC).timetuple()[:6]
    assert entry.updated_parsed[:6] == article.updated_at.astimezone(UTC).timetuple()[:6]
    assert [author["name"] for author in entry.authors] == facts["authors"]
    assert [tag.term for tag in entry.tags] == facts["categories"]
    assert entry.summary == article.dek
    assert_absolute_content(entry.content[0].value, article)
    enclosure = entry.enclosures[0]
    assert (enclosure.href, enclosure.type, enclosure.length) == (
        facts["image"],
        "image/jpeg",
        str(facts["size"]),
    )


@pytest.mark.django_db
def test_rss_item_carries_every_field(client):
    """RSS: link, permanent guid, dates, authors, categories, summary, content, image."""
    article = rich_story()
    facts = story_facts(article)
    entry = parse(client, "/feed/").entries[0]
    assert_entry_fields(entry, article, facts)
    assert entry.guidislink is False
    media = entry.media_content[0]
    assert (media["url"], media["medium"], media["type"]) == (facts["image"], "image", "image/jpeg")
    assert (media["width"], media["height"]) == ("64", "36")  # the 16:9 cut of a 64 × 48 still


@pytest.mark.django_db
def test_atom_entry_carries_every_field(client):
    """Atom: the same fields, each author with a link to their page."""
    article = rich_story()
    facts = story_facts(article)
    entry = parse(client, "/feed/atom/").entries[0]
    assert_entry_fields(entry, article, facts)
    assert [author["href"] for author in entry.authors] == [
        absolute(byline.author.get_absolute_url()) for byline in article.bylines.all()
    ]
    assert entry.content[0].type == "text/html"
    assert entry.media_content[0]["url"] == facts["image"]


@pytest.mark.django_db
def test_json_feed_item_carries_every_field(client):
    """JSON Feed 1.1: the same fields under the specification's names."""
    article = rich_story()
    facts = story_facts(article)
    item = parse_json(client, "/feed/json/")["items"][0]
    assert item["title"] == article.headline
    assert item["url"] == facts["link"]
    assert item["id"] == facts["id"]
    assert item["date_published"] == article.published_at.isoformat()
    assert item["date_modified"] == article.updated_at.isoformat()
    assert [author["name"] for author in item["authors"]] == facts["authors"]
    assert item["tags"] == facts["categories"]
    assert item["summary"] == article.dek
    assert_absolute_content(item["content_html"], article)
    assert item["image"] == facts["image"]
    assert item["attachments"] == [
        {"url": facts["image"], "mime_type": "image/jpeg", "size_in_bytes": facts["size"]}
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_channel_describes_the_page(client, suffix):
    """Title, link, description, language, self link, build date and logo of the channel."""
    article = rich_story()
    article.refresh_from_db()
    feed = parse(client, f"/tags/punk/{suffix}").feed
    assert feed.title == "punk – Reel Dispatch"
    assert feed.link == absolute("/tags/punk/")
    assert feed.subtitle == "Film news, interviews and reviews tagged “punk”."
    assert feed.language == "en-us"
    assert {"rel": "self", "href": absolute(f"/tags/punk/{suffix}")}.items() <= next(
        link for link in feed.links if link.rel == "self"
    ).items()
    assert feed.updated_parsed[:6] == article.updated_at.astimezone(UTC).timetuple()[:6]
    logo = feed.image.href if suffix == "feed/" else feed.logo
    assert logo == absolute("/static/newsroom/feed-logo.png")


@pytest.mark.django_db
def test_json_feed_channel_describes_the_page(client):
    """The JSON Feed names its home page, its own address, an icon and the language."""
    rich_story()
    feed = parse_json(client, "/tags/punk/feed/json/")
    assert feed["title"] == "punk – Reel Dispatch"
    assert feed["home_page_url"] == absolute("/tags/punk/")
    assert feed["feed_url"] == absolute("/tags/punk/feed/json/")
    assert feed["language"] == "en-us"
    assert feed["icon"] == absolute("/static/newsroom/feed-icon.png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        ("feed/", "application/rss+xml; charset=utf-8"),
        ("feed/atom/", "application/atom+xml; charset=utf-8"),
        ("feed/json/", "application/feed+json; charset=utf-8"),
    ],
)
def test_feeds_declare_their_media_type(client, suffix, content_type):
    """Each format is served with its registered media type."""
    rich_story()
    assert client.get(f"/{suffix}")["Content-Type"] == content_type


def test_absolute_html_rewrites_only_link_and_image_addresses():
    """Site paths and relative links become absolute; text that looks like an attribute, other
    attributes and addresses elsewhere are left as they are; entities survive the round trip."""
    fragment = (
        '<p>Write <code>href="/x"</code> <a href="/films/her-smell/?a=1&amp;b=2" title="/not-a-link">film</a>'
        ' <a href="next/">next</a> <a href="https://ew.com/">EW</a></p><img src="/media/a.jpg" alt="">'
    )
    rewritten = absolute_html(fragment, "/news/2019/03/05/story/")
    film, following, image = (
        absolute(path)
        for path in ("/films/her-smell/?a=1&amp;b=2", "/news/2019/03/05/story/next/", "/media/a.jpg")
    )
    assert rewritten == (
        f'<p>Write <code>href="/x"</code> <a href="{film}" title="/not-a-link">film</a>'
        f' <a href="{following}">next</a> <a href="https://ew.com/">EW</a></p><img src="{image}" alt="">'
    )


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/", "feed/json/"])
def test_addresses_name_the_site_not_the_request_host(client, settings, suffix):
    """Channel, self and item links come from SITE_URL, whatever host the request came through."""
    settings.SITE_URL = "https://reel.example"
    article = rich_story()
    response = client.get(f"/tags/punk/{suffix}", headers={"host": "localhost"})
    assert response.status_code == 200
    if suffix.endswith("json/"):
        feed = json.loads(response.content)
        addresses = [feed["home_page_url"], feed["feed_url"], feed["items"][0]["url"]]
    else:
        parsed = feedparser.parse(response.content)
        addresses = [link.href for link in parsed.feed.links] + [parsed.entries[0].link]
    assert f"https://reel.example{article.get_absolute_url()}" in addresses
    assert f"https://reel.example/tags/punk/{suffix}" in addresses
    assert all(address.startswith("https://reel.example/") for address in addresses)
    assert b"localhost" not in response.content
