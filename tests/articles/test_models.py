"""Story model invariants: addresses, ordering, sanitising, embeds."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Embed, ReadMoreLink, Section
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EmbedFactory,
    ReadMoreLinkFactory,
    SectionFactory,
)


@pytest.mark.django_db
def test_slug_is_unique_per_newsroom_day():
    """Two stories may share a slug on different days, never on the same day."""
    when = timezone.now() - timedelta(days=3)
    ArticleFactory(slug="box-office", published_at=when)
    ArticleFactory(slug="box-office", published_at=when - timedelta(days=7))
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="box-office", published_at=when + timedelta(minutes=5))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing_at", "clash_at"),
    [
        ("2026-03-10T15:00:00+00:00", "2026-03-10T16:00:00+00:00"),  # the same day everywhere
        # 22:00 and 15:00 in New York on 9 March, though 10 and 9 March in UTC: the newsroom's day
        ("2026-03-10T03:00:00+00:00", "2026-03-09T20:00:00+00:00"),
        ("2026-03-10T01:30:00+00:00", "2026-03-10T01:30:00+00:00"),  # after midnight UTC only
    ],
)
def test_same_day_slug_clash_is_a_form_error_not_a_crash(existing_at, clash_at):
    """Editors see a validation message before the database would refuse, whatever the hour:
    the day is the newsroom's day (America/New York), not UTC's. The database constraint
    is the one rule, checked through Django's constraint validation."""
    existing = ArticleFactory(slug="trailer", published_at=datetime.fromisoformat(existing_at))
    clash = Article(
        headline="Another",
        slug="trailer",
        section=existing.section,
        status="published",
        published_at=datetime.fromisoformat(clash_at),
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert error.value.messages == [
        "Another story already has this slug on that day: change the slug or the publish time."
    ]


@pytest.mark.django_db
def test_drafts_without_publish_time_may_share_a_slug():
    """Undated drafts have no address yet, so they cannot clash."""
    ArticleFactory(slug="untitled", status="draft", published_at=None)
    ArticleFactory(slug="untitled", status="draft", published_at=None)
    assert Article.objects.filter(slug="untitled").count() == 2


@pytest.mark.django_db
def test_published_story_needs_a_publish_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status="published", published_at=None)
    article = Article(headline="x", slug="x", section=SectionFactory(), status="published")
    with pytest.raises(ValidationError):
        article.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["films", "feed", "admin", "search", "tags"])
def test_section_cannot_shadow_a_site_path(slug):
    """A section at /films/ would hide the film pages; both the form and the database refuse it."""
    with pytest.raises(ValidationError):
        Section(name="Clash", slug=slug).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(name="Clash", slug=slug)


@pytest.mark.django_db
def test_story_url_carries_section_and_local_date():
    article = ArticleFactory(
        slug="her-smell-news", published_at=timezone.make_aware(timezone.datetime(2019, 3, 5, 23, 30))
    )
    assert article.get_absolute_url() == "/news/2019/03/05/her-smell-news/"


@pytest.mark.django_db
def test_bylines_and_read_more_links_keep_the_editors_order():
    first, second, third = AuthorFactory(name="Zed"), AuthorFactory(name="Amy"), AuthorFactory(name="Bo")
    article = ArticleFactory(authors=[first, second, third])
    assert [a.name for a in article.byline_authors] == ["Zed", "Amy", "Bo"]
    later = ReadMoreLinkFactory(article=article, position=2)
    sooner = ReadMoreLinkFactory(article=article, position=1)
    assert list(article.read_more_links.all()) == [sooner, later]


@pytest.mark.django_db
def test_read_more_cannot_point_to_itself():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadMoreLink.objects.create(article=article, target=article)


@pytest.mark.django_db
def test_body_is_sanitised_on_every_save_not_only_in_forms():
    """An ORM write (import, script, demo loader) is cleaned just like an admin save."""
    article = ArticleFactory(
        body='<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<strong>bold</strong></p><iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)>'
    )
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<iframe" not in article.body
    assert "onerror" not in article.body
    assert "<strong>bold</strong>" in article.body


@pytest.mark.django_db
def test_body_keeps_what_the_editor_can_write():
    html = (
        '<h2>Heading</h2><p><em>Her Smell</em> and <a href="https://ew.com/x">EW</a></p>'
        "<ul><li>one</li></ul><blockquote><p>quote</p></blockquote>"
    )
    article = ArticleFactory(body=html)
    article.refresh_from_db()
    for fragment in [
        "<h2>Heading</h2>",
        "<em>Her Smell</em>",
        'href="https://ew.com/x"',
        "<li>one</li>",
        "<blockquote>",
    ]:
        assert fragment in article.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789"),
        (
            "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC",
        ),
    ],
)
def test_embeds_from_allowed_providers_get_a_player(url, src):
    embed = EmbedFactory(url=url)
    assert embed.player.src == src


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://www.youtube.com/watch?v=<script>",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_embeds_from_elsewhere_are_refused(url):
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        Embed(article=article, url=url, title="x").full_clean()
    with pytest.raises(ValidationError):
        Embed.objects.create(article=article, url=url, title="x")


@pytest.mark.django_db
def test_description_is_the_seo_description_else_the_standfirst_else_the_text_cut_short():
    """A story's description: SEO description, else standfirst, else its text; one line of at most 160."""
    long_text = "<p>" + " ".join(["Moss"] * 30) + "</p>\n\n<p>" + " ".join(["plays"] * 30) + "</p>"
    story = ArticleFactory(seo_description="", dek="", body=long_text)
    assert story.description.startswith("Moss Moss")
    assert len(story.description) == 160 and "\n" not in story.description
    assert story.description.endswith("…")
    story.dek = "Elisabeth Moss   as a punk singer."
    assert story.description == "Elisabeth Moss as a punk singer."
    story.seo_description = "Her Smell, reviewed."
    assert story.description == "Her Smell, reviewed."
