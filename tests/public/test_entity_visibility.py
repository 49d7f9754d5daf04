"""Section, tag and author pages exist for readers only while they show a public story.

A section, a tag or an author reaches readers only through stories: one used by drafts alone has
no page, no feed, no sitemap entry and no place in the menu (a writer's tag, or a category of a
private WordPress post, must not announce an unpublished story). Films, people and festival
editions have pages of their own (credits, screenings).
"""

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory, SectionFactory

FEEDS = ["feed/", "feed/atom/", "feed/json/"]


def drafts_only():
    secret = SectionFactory(slug="secret-desk", name="Secret desk")
    draft = ArticleFactory(
        headline="Embargoed", status=Article.Status.DRAFT, published_at=None, section=secret
    )
    draft.tags.add("secret-sequel")
    BylineFactory(article=draft, author=AuthorFactory(slug="new-hire", name="New Hire"))
    return draft


def pages(base: str) -> list[str]:
    return [base, *(base + suffix for suffix in FEEDS)]


BASES = ["/secret-desk/", "/tags/secret-sequel/", "/authors/new-hire/"]


def menu(client, url: str = "/search/") -> list[str]:
    return [a.get_text() for a in BeautifulSoup(client.get(url).content, "html.parser").select(".site-nav a")]


@pytest.mark.django_db
@pytest.mark.parametrize("base", BASES)
def test_a_section_tag_or_author_of_drafts_only_has_no_page_or_feed(client, base):
    drafts_only()
    for url in pages(base):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("base", BASES)
def test_the_first_public_story_brings_the_page_and_feeds(client, editor, base):
    services.article_publish(article=drafts_only(), by=editor)
    for url in pages(base):
        assert client.get(url).status_code == 200, url
    assert [entry.title for entry in feedparser.parse(client.get(base + "feed/").content).entries] == [
        "Embargoed"
    ]


@pytest.mark.django_db
def test_the_menu_shows_only_sections_with_a_public_story(client, editor):
    ArticleFactory(section=SectionFactory(slug="news", name="News"))
    draft = drafts_only()
    assert menu(client) == ["News"]
    services.article_publish(article=draft, by=editor)
    assert menu(client) == ["News", "Secret desk"]


@pytest.mark.django_db
def test_sitemaps_list_only_sections_tags_and_authors_of_public_stories(client):
    drafts_only()
    public = ArticleFactory(section=SectionFactory(slug="shown-section"))
    public.tags.add("shown")
    BylineFactory(article=public, author=AuthorFactory(slug="shown-author"))
    text = "".join(
        client.get(reverse("public:sitemap-section", kwargs={"section": name})).content.decode()
        for name in ("sections", "tags", "authors")
    )
    assert "/shown-section/" in text and "/tags/shown/" in text and "/authors/shown-author/" in text
    assert "secret-desk" not in text and "secret-sequel" not in text and "new-hire" not in text


# The page cache on: a stored 404 must not outlive the first public story.
@pytest.mark.django_db(transaction=True)
def test_a_cached_404_goes_when_the_tag_gets_its_first_public_story(settings, django_user_model):
    """Publishing the draft, or tagging a live story, shows the section or tag page at once."""
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    # A transactional test may start without the roles' groups (flushed): a superuser publishes.
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    draft = drafts_only()
    for url in BASES:
        assert reader.get(url).status_code == 404
        assert reader.get(url)["X-Page-Cache"] == "hit"
    services.article_publish(article=draft, by=editor)
    for url in BASES:
        assert reader.get(url).status_code == 200

    live = ArticleFactory()
    live.tags.add("late-tag")  # the tag exists, with no story
    live.tags.clear()
    assert reader.get("/tags/late-tag/").status_code == 404
    assert reader.get("/tags/late-tag/")["X-Page-Cache"] == "hit"
    live.tags.add("late-tag")
    assert reader.get("/tags/late-tag/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_cached_menu_follows_a_section_s_first_and_last_public_story(settings, django_user_model):
    """Pages stored before a section's first public story show it once it is out, and stop
    showing it when its last public story is withdrawn."""
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    ArticleFactory(section=SectionFactory(slug="news", name="News"))
    draft = drafts_only()
    assert menu(reader) == ["News"]
    assert reader.get("/search/")["X-Page-Cache"] == "hit"

    services.article_publish(article=draft, by=editor)
    assert menu(reader) == ["News", "Secret desk"]
    assert reader.get("/search/")["X-Page-Cache"] == "hit"

    services.article_withdraw(article=draft, by=editor)
    assert menu(reader) == ["News"]
