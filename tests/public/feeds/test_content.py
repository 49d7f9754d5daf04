"""Which stories a feed lists, how they keep their identity, and how hostile text is handled."""

import html
import json
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from core.feeds import feed_text
from images.renditions import PictureSource, share_rendition
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    ReadMoreLinkFactory,
)
from tests.public.feeds.helpers import (
    FORMATS,
    KINDS,
    UNKNOWN_PAGES,
    absolute,
    entry_ids,
    feed_page,
    parse,
    parse_json,
    rich_story,
)

HIDDEN = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.REVIEW},
    {"status": Article.Status.WITHDRAWN},
    {"status": Article.Status.PUBLISHED, "published_at_delta": timedelta(hours=2)},
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_feeds_list_only_public_stories(client, kind):
    """Drafts, stories in review, withdrawn and scheduled stories are in no feed of any format."""
    page, attach = feed_page(kind)
    public = ArticleFactory()
    attach(public)
    for hidden in HIDDEN:
        delta = hidden.get("published_at_delta", -timedelta(hours=2))
        attach(ArticleFactory(status=hidden["status"], published_at=timezone.now() + delta))
    for suffix in FORMATS.values():
        assert entry_ids(client, page + suffix) == [public.uuid.urn]


@pytest.mark.django_db
def test_feed_holds_the_latest_30_stories_newest_first(client):
    """The 31st story drops out; the order is by publish time."""
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=hours)) for hours in range(1, 32)]
    assert entry_ids(client, "/feed/") == [story.uuid.urn for story in stories[:30]]


@pytest.mark.django_db
def test_guid_survives_headline_slug_section_and_date_changes(client):
    """The id stays when everything that makes the address changes; the link follows."""
    article = ArticleFactory(headline="First headline", slug="first")
    before = parse(client, "/feed/").entries[0]
    article.headline, article.slug = "A new headline", "a-new-slug"
    article.published_at -= timedelta(days=3)
    article.section = ArticleFactory(section__slug="reviews", section__name="Reviews").section
    article.save()
    after = next(entry for entry in parse(client, "/feed/").entries if entry.title == "A new headline")
    assert after.id == before.id == article.uuid.urn
    assert after.link != before.link and after.link == absolute(article.get_absolute_url())
    assert parse_json(client, "/feed/json/")["items"][-1]["id"] == article.uuid.urn


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", FORMATS.values())
def test_control_characters_are_removed_not_fatal(client, suffix):
    """Characters XML cannot carry, pasted into any field, are dropped; the feed still parses."""
    article = ArticleFactory(
        # No NUL here: PostgreSQL refuses it in text (see test_feed_text_drops_nul_and_friends).
        headline="Bad\x01 head\x08line\x1f",
        dek="A \x0bdek\ufffe",
        body="<p>Body \x07text\x1b.</p>",
        authors=[AuthorFactory(name="Ro\x01sa")],
    )
    article.tags.add("ta\x02g")
    article.section.name = "Ne\x0cws"
    article.section.save()
    response = client.get(f"/{suffix}")
    assert response.status_code == 200
    text = response.content.decode()
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in text)
    if suffix.endswith("json/"):
        item = json.loads(text)["items"][0]
        title, summary, authors, tags = item["title"], item["summary"], item["authors"], item["tags"]
        assert "Body text." in item["content_html"]
    else:
        entry = parse(client, f"/{suffix}").entries[0]
        title, summary, authors, tags = entry.title, entry.summary, entry.authors, entry.tags
        tags = [tag.term for tag in tags]
        assert "Body text." in entry.content[0].value
    assert (title, summary) == ("Bad headline", "A dek")
    assert [author["name"] for author in authors] == ["Rosa"]
    assert tags == ["News", "tag"]


def test_feed_text_drops_nul_and_friends():
    """The one cleaning helper drops every character XML 1.0 forbids, deeply, and keeps the rest."""
    dirty = {"title": "a\x00b\ud800c\uffffd\x85e\x9f", "tags": ["t\x1b", ("x\x7f",)], "n": 3}
    assert feed_text(dirty) == {"title": "abcd\x85e", "tags": ["t", ("x",)], "n": 3}
    assert feed_text("tab\tnew\nline\r “quotes” 🎬") == "tab\tnew\nline\r “quotes” 🎬"
    long_text = "<p>A whole story.</p>" * 40
    assert feed_text(long_text + "\x07\x1b") == long_text


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", FORMATS.values())
def test_markup_in_text_fields_is_text(client, suffix):
    """A headline or standfirst with <, & and quotes reads back exactly, never as markup."""
    text = 'Tom & Jerry <3 "Her Smell" <b>loud</b>'
    ArticleFactory(headline=text, dek=text)
    if suffix.endswith("json/"):
        item = parse_json(client, f"/{suffix}")["items"][0]
        assert (item["title"], item["summary"]) == (text, text)
        return
    entry = parse(client, f"/{suffix}").entries[0]
    assert entry.title == text
    # RSS readers take <description> as HTML, so the text arrives as escaped HTML.
    summary = text if suffix.endswith("atom/") else html.escape(text, quote=False)
    assert entry.summary == summary


@pytest.mark.django_db
@pytest.mark.parametrize("kind", UNKNOWN_PAGES)
@pytest.mark.parametrize("suffix", FORMATS.values())
def test_unknown_page_has_no_feed(client, kind, suffix):
    """A film, person, festival, tag, author or section that does not exist: 404."""
    ArticleFactory()
    assert client.get(UNKNOWN_PAGES[kind] + suffix).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_feed_answers_in_every_format(client, kind):
    """Each page's three feeds exist and carry its stories, with the page as channel link."""
    page, attach = feed_page(kind)
    article = rich_story()
    attach(article)
    assert parse(client, page + "feed/").feed.link == absolute(page)
    assert parse(client, page + "feed/atom/").entries[0].id == article.uuid.urn
    assert parse_json(client, page + "feed/json/")["home_page_url"] == absolute(page)


@pytest.mark.django_db
def test_demo_feeds_carry_the_her_smell_story_in_full(client):
    """The demo's site, film and person feeds hold the story with its full text and lead image."""
    call_command("load_demo", verbosity=0)
    story = Article.objects.get(slug="her-smell-alex-ross-perry-elisabeth-moss-akergirls-song")
    rendition = share_rendition(PictureSource.of(story.lead_image))
    image = absolute(rendition.url)
    for url in ["/feed/", "/films/her-smell/feed/", "/people/elisabeth-moss/feed/atom/"]:
        entry = next(entry for entry in parse(client, url).entries if entry.id == story.uuid.urn)
        assert entry.title == story.headline
        assert entry.link == absolute(story.get_absolute_url())
        content = entry.content[0].value
        assert "Alex Ross Perry has made a rock movie" in content
        assert "its theatrical run." in content
        assert "The 20 Best Movie Posters Of 2018" in content
        assert entry.media_content[0]["url"] == image
        assert entry.enclosures[0].href == image
        assert entry.enclosures[0].length == str(default_storage.size(rendition.name))
        assert {author["name"] for author in entry.authors} == {"Maya Lindqvist", "Theo Okafor"}
    drafts = {article.uuid.urn for article in Article.objects.exclude(status=Article.Status.PUBLISHED)}
    assert drafts and not drafts & set(entry_ids(client, "/films/her-smell/feed/"))


@pytest.mark.django_db
def test_byline_order_is_kept(client):
    """Authors appear in their byline order, not alphabetically."""
    article = ArticleFactory()
    BylineFactory(article=article, author=AuthorFactory(name="Zoe"), position=0)
    BylineFactory(article=article, author=AuthorFactory(name="Adam"), position=1)
    assert [author["name"] for author in parse(client, "/feed/atom/").entries[0].authors] == ["Zoe", "Adam"]


@pytest.mark.django_db
def test_read_more_to_an_unpublished_story_is_left_out(client):
    """A READ MORE pointing at a draft or a scheduled story does not leak it into any feed."""
    article = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Secret draft")
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1), headline="Scheduled piece")
    ReadMoreLinkFactory(article=article, target=draft, after_paragraph=1)
    ReadMoreLinkFactory(article=article, target=scheduled)
    for suffix in FORMATS.values():
        text = client.get(f"/{suffix}").content.decode()
        assert article.headline in text
        assert "Secret draft" not in text and "Scheduled piece" not in text


@pytest.mark.django_db
def test_items_follow_every_change(client):
    """An edited body, a renamed tag, a withdrawn READ MORE target and a new correction all
    show on the next fetch, in every format."""
    article = ArticleFactory(body="<p>First version.</p><p>Second paragraph.</p>")
    article.tags.add("Punk")
    target = ArticleFactory(headline="Older piece", published_at=timezone.now() - timedelta(days=1))
    ReadMoreLinkFactory(article=article, target=target, after_paragraph=1)
    for suffix in FORMATS.values():
        text = client.get(f"/{suffix}").content.decode()
        assert "First version." in text and "Punk" in text and "Older piece" in text, suffix

    article.body = "<p>Rewritten lede.</p><p>Second paragraph.</p>"
    article.save()
    Tag.objects.filter(name="Punk").update(name="Post-punk")
    target.status = Article.Status.WITHDRAWN
    target.save()
    CorrectionFactory(article=article, note="An earlier version misnamed the label.")
    for suffix in FORMATS.values():
        text = client.get(f"/{suffix}").content.decode()
        assert "Rewritten lede." in text and "First version." not in text, suffix
        assert "Post-punk" in text and "Older piece" not in text, suffix
        assert "misnamed the label" in text, suffix
