"""Data migrations of stories keep every row and derive what they add from what is stored."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


def migrate(target: list[tuple[str, str]]):
    """Apply or unapply migrations up to `target`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def latest_afterwards():
    yield
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_first_publish_time_is_kept_only_for_stories_readers_saw(latest_afterwards):
    """A schedule withdrawn before its time is no first publish; a story seen keeps its time."""
    old = migrate([("articles", "0005_body_columns_last")])
    Article, Event = old.get_model("articles", "Article"), old.get_model("articles", "ArticleEvent")
    section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
    now = timezone.now()
    day = timedelta(days=1)

    def story(slug, status, first, left_at=None):
        article = Article.objects.create(
            headline=slug, slug=slug, section=section, status=status, published_at=first,
            first_published_at=first,
        )  # fmt: skip
        if left_at:
            Event.objects.create(article=article, action="withdrawn", at=left_at)
        return article.pk

    seen = story("seen", "withdrawn", now - 3 * day, left_at=now - day)
    withdrawn_early = story("withdrawn-early", "withdrawn", now - day, left_at=now - 2 * day)
    ahead = story("ahead", "draft", now + day)
    live = story("live", "published", now - day)

    new = migrate([("articles", "0006_first_published_only_when_seen")])
    first = dict(new.get_model("articles", "Article").objects.values_list("pk", "first_published_at"))
    assert first[seen] == now - 3 * day and first[live] == now - day
    assert first[withdrawn_early] is None and first[ahead] is None


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_kept_and_outlive_their_story(latest_afterwards):
    """Events from before the change stay; deleting their story afterwards keeps them."""
    old = migrate([("articles", "0006_first_published_only_when_seen")])
    section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
    article = old.get_model("articles", "Article").objects.create(headline="Old", slug="old", section=section)
    old.get_model("articles", "ArticleEvent").objects.create(article=article, action="created")

    new = migrate([("articles", "0007_audit_trail_outlives_stories")])
    Event = new.get_model("articles", "ArticleEvent")
    assert Event.objects.filter(article_id=article.pk, action="created").exists()
    new.get_model("articles", "Article").objects.filter(pk=article.pk).delete()
    assert Event.objects.get().article_id is None


@pytest.mark.django_db(transaction=True)
def test_after_paragraph_placements_move_into_the_text_and_back(latest_afterwards):
    """A READ MORE or embed shown "after paragraph N" becomes a placeholder after that paragraph
    (one past the last: at the end); unplaced rows stay for the box; unapplying puts them back."""
    old = migrate([("articles", "0012_desk_roles")])
    Article = old.get_model("articles", "Article")
    section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
    story = Article.objects.create(headline="S", slug="s", section=section, body="<p>One.</p><p>Two.</p>")
    placed = Article.objects.create(headline="P", slug="p", section=section)
    boxed = Article.objects.create(headline="B", slug="b", section=section)
    ReadMore = old.get_model("articles", "ReadMoreLink")
    ReadMore.objects.create(article=story, target=placed, after_paragraph=1)
    ReadMore.objects.create(article=story, target=boxed, after_paragraph=None, position=1)
    url = "https://www.youtube.com/watch?v=abcdefghijk&t=1"
    old.get_model("articles", "Embed").objects.create(article=story, url=url, title="T", after_paragraph=9)

    new = migrate([("articles", "0013_read_more_and_embeds_in_text")])
    assert new.get_model("articles", "Article").objects.get(pk=story.pk).body == (
        f'<p>One.</p><figure data-read-more="{placed.pk}"></figure><p>Two.</p>'
        '<figure data-embed="https://www.youtube.com/watch?v=abcdefghijk&amp;t=1"></figure>'
    )
    assert set(
        new.get_model("articles", "ReadMoreLink").objects.values_list("after_paragraph", flat=True)
    ) == {None}
    assert new.get_model("articles", "Embed").objects.get().after_paragraph is None

    back = migrate([("articles", "0012_desk_roles")])
    assert back.get_model("articles", "Article").objects.get(pk=story.pk).body == "<p>One.</p><p>Two.</p>"
    links = dict(
        back.get_model("articles", "ReadMoreLink").objects.values_list("target_id", "after_paragraph")
    )
    assert links == {placed.pk: 1, boxed.pk: None}
    assert back.get_model("articles", "Embed").objects.get().after_paragraph == 2
