"""A library picture whose stored file cannot be decoded (stored before uploads were decoded in
full, or damaged on disk) shows as no picture: every page and feed that uses it still answers,
and the failure is logged."""

import json
import logging

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from images.models import Image
from tests.factories import ArticleFactory, ArticleFilmFactory, FilmFactory, jpeg_bytes

HEADLINE = "Broken still survives"


@pytest.fixture
def broken_image(db):
    """A truncated JPEG written straight into storage, past the upload checks."""
    whole = jpeg_bytes((1600, 900))
    name = default_storage.save("images/2019/03/broken.jpg", ContentFile(whole[: len(whole) // 2]))
    return Image.objects.create(file=name, width=1600, height=900, alt_text="A broken still")


@pytest.fixture
def story(broken_image):
    story = ArticleFactory(headline=HEADLINE, lead_image=broken_image)
    ArticleFilmFactory(article=story, film=FilmFactory(slug="her-smell", poster=broken_image))
    return story


def test_pages_with_a_broken_picture_answer_without_it(client, story, caplog):
    pages = ["/", "/news/", story.get_absolute_url(), "/search/?q=survives", "/films/her-smell/"]
    with caplog.at_level(logging.ERROR, logger="images"):
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            soup = BeautifulSoup(response.content, "html.parser")
            assert soup.find(string=HEADLINE) or soup.find("h1"), url  # the page itself is there
            assert not soup.find("img", alt="A broken still"), url
            assert not soup.find("meta", property="og:image"), url
    failures = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert failures and all("broken" in record.getMessage() for record in failures)


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/news/feed/", "/films/her-smell/feed/"])
def test_feeds_with_a_broken_picture_carry_the_story_without_it(client, story, url, caplog):
    with caplog.at_level(logging.ERROR, logger="images"):
        response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == HEADLINE
    assert not entry.get("media_content") and not entry.get("enclosures")
    assert any("broken" in record.getMessage() for record in caplog.records)


def test_the_json_feed_with_a_broken_picture_carries_the_story_without_it(client, story):
    response = client.get("/feed/json/")
    assert response.status_code == 200
    [item] = json.loads(response.content)["items"]
    assert item["title"] == HEADLINE
    assert "image" not in item and "attachments" not in item
