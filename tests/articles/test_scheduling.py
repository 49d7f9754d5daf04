"""Scheduling without cron: a story goes live by itself when its publish time passes."""

from datetime import timedelta
from unittest import mock

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory


def page_text(client, url: str) -> str:
    """What a reader reads on the page (the HTML parsed, entities decoded)."""
    return BeautifulSoup(client.get(url).content, "html.parser").get_text()


@pytest.mark.django_db
def test_scheduled_story_appears_everywhere_once_its_time_passes(client, editor):
    """Before its time: 404 and in no listing or feed; after: on its page, its section, home and the feed."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, headline="Tonight's scoop")
    at = timezone.now() + timedelta(hours=2)
    services.article_schedule(article=article, by=editor, at=at)
    article.refresh_from_db()
    url, section = article.get_absolute_url(), article.section.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Tonight's scoop" not in page_text(client, section)
    assert "Tonight's scoop" not in page_text(client, "/")
    assert "Tonight's scoop" not in [e.title for e in feedparser.parse(client.get("/feed/").content).entries]
    later = at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(url).status_code == 200
        assert "Tonight's scoop" in page_text(client, section)
        assert "Tonight's scoop" in page_text(client, "/")
        feed = client.get("/feed/")
        assert feed.status_code == 200
        assert "Tonight's scoop" in [entry.title for entry in feedparser.parse(feed.content).entries]
