"""Tag and author pages exist for readers only while they show a public story.

A tag or an author reaches readers only through stories: one used by drafts alone has no page,
no feed and no sitemap entry (a writer's tag must not announce an unpublished story). Films,
people, festival editions and sections have pages of their own (credits, screenings, the menu).
"""

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory

FEEDS = ["feed/", "feed/atom/", "feed/json/"]


def drafts_only():
    draft = ArticleFactory(headline="Embargoed", status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("secret-sequel")
    BylineFactory(article=draft, author=AuthorFactory(slug="new-hire", name="New Hire"))
    return draft


def pages(base: str) -> list[str]:
    return [base, *(base + suffix for suffix in FEEDS)]


@pytest.mark.django_db
@pytest.mark.parametrize("base", ["/tags/secret-sequel/", "/authors/new-hire/"])
def test_a_tag_or_author_of_drafts_only_has_no_page_or_feed(client, base):
    drafts_only()
    for url in pages(base):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("base", ["/tags/secret-sequel/", "/authors/new-hire/"])
def test_the_first_public_story_brings_the_page_and_feeds(client, editor, base):
    services.article_publish(article=drafts_only(), by=editor)
    for url in pages(base):
        assert client.get(url).status_code == 200, url
    assert [entry.title for entry in feedparser.parse(client.get(base + "feed/").content).entries] == [
        "Embargoed"
    ]


@pytest.mark.django_db
def test_sitemaps_list_only_tags_and_authors_of_public_stories(client):
    drafts_only()
    public = ArticleFactory()
    public.tags.add("shown")
    BylineFactory(article=public, author=AuthorFactory(slug="shown-author"))
    text = "".join(
        client.get(reverse("public:sitemap-section", kwargs={"section": name})).content.decode()
        for name in ("tags", "authors")
    )
    assert "/tags/shown/" in text and "/authors/shown-author/" in text
    assert "secret-sequel" not in text and "new-hire" not in text


# The page cache on: a stored 404 must not outlive the first public story.
@pytest.mark.django_db(transaction=True)
def test_a_cached_404_goes_when_the_tag_gets_its_first_public_story(settings, django_user_model):
    """Publishing the draft, or tagging a live story, shows the tag page at once."""
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    # A transactional test may start without the roles' groups (flushed): a superuser publishes.
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    draft = drafts_only()
    for url in ("/tags/secret-sequel/", "/authors/new-hire/"):
        assert reader.get(url).status_code == 404
        assert reader.get(url)["X-Page-Cache"] == "hit"
    services.article_publish(article=draft, by=editor)
    assert reader.get("/tags/secret-sequel/").status_code == 200
    assert reader.get("/authors/new-hire/").status_code == 200

    live = ArticleFactory()
    live.tags.add("late-tag")  # the tag exists, with no story
    live.tags.clear()
    assert reader.get("/tags/late-tag/").status_code == 404
    assert reader.get("/tags/late-tag/")["X-Page-Cache"] == "hit"
    live.tags.add("late-tag")
    assert reader.get("/tags/late-tag/").status_code == 200
