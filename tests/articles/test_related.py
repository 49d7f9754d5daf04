"""Related stories, scored when stories and links change and stored on the story."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, TaggedArticle
from articles.related import RELATED_CANDIDATES, pending, rank, refresh_all
from core.pagecache import purge as purging
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    FilmFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def stored(story) -> list[int] | None:
    return Article.objects.values_list("related_ids", flat=True).get(pk=story.pk)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `change()` and its commit (tests roll back instead of committing)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = change()
        return result, callbacks

    return run


@pytest.fixture
def purged_keys(monkeypatch):
    """Every key purged, as a proxy would be told."""
    keys: set[str] = set()
    monkeypatch.setattr(purging, "proxies", lambda: [mock.Mock(purge=keys.update)])
    return keys


def test_most_shared_first_then_newest_and_never_a_story_readers_cannot_get(committed):
    now = timezone.now()
    film, person = FilmFactory(), PersonFactory()

    def build():
        story = ArticleFactory()
        ArticleFilmFactory(article=story, film=film)
        ArticlePersonFactory(article=story, person=person)
        story.tags.add("punk", "grunge")
        both = ArticleFactory(published_at=now - timedelta(days=20))
        ArticleFilmFactory(article=both, film=film)
        ArticlePersonFactory(article=both, person=person)
        two_tags = ArticleFactory(published_at=now - timedelta(days=30))
        two_tags.tags.add("punk", "grunge")
        old_tag = ArticleFactory(published_at=now - timedelta(days=10))
        new_tag = ArticleFactory(published_at=now - timedelta(days=2))
        scheduled = ArticleFactory(published_at=now + timedelta(days=1))
        hidden = [
            ArticleFactory(status=status, published_at=None if status != "withdrawn" else now)
            for status in ("draft", "review", "withdrawn")
        ]
        for tagged in (old_tag, new_tag, scheduled, *hidden):
            tagged.tags.add("punk")
        ArticleFactory()  # shares nothing
        return story, [both, two_tags, scheduled, new_tag, old_tag]

    (story, expected), _ = committed(build)
    assert stored(story) == [s.pk for s in expected]
    assert rank(story.pk) == stored(story)  # what an unscored story's page computes


def test_scheduled_neighbour_shows_on_its_time_with_no_save(client, committed):
    now = timezone.now()

    def build():
        story = ArticleFactory(published_at=now - timedelta(days=1))
        later = ArticleFactory(headline="Coming soon", published_at=now + timedelta(hours=1))
        for tagged in (story, later):
            tagged.tags.add("punk")
        return story

    story, _ = committed(build)
    assert "Coming soon" not in client.get(story.get_absolute_url()).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(hours=2)):
        assert "Coming soon" in client.get(story.get_absolute_url()).content.decode()


def test_withdrawn_neighbour_leaves_the_page_and_the_lists(client, committed):
    def build():
        story, other = ArticleFactory(), ArticleFactory(headline="Soon withdrawn")
        for tagged in (story, other):
            tagged.tags.add("punk")
        return story, other

    (story, other), _ = committed(build)
    assert "Soon withdrawn" in client.get(story.get_absolute_url()).content.decode()
    other.status = Article.Status.WITHDRAWN
    committed(other.save)
    assert "Soon withdrawn" not in client.get(story.get_absolute_url()).content.decode()
    assert stored(story) == []


def test_linking_and_unlinking_rescore_the_story_and_its_neighbours(committed):
    story, other = ArticleFactory(), ArticleFactory()
    film = FilmFactory()
    committed(lambda: ArticleFilmFactory(article=other, film=film))
    link, _ = committed(lambda: ArticleFilmFactory(article=story, film=film))
    assert (stored(story), stored(other)) == ([other.pk], [story.pk])
    committed(link.delete)
    assert (stored(story), stored(other)) == ([], [])


def test_deleting_a_story_takes_it_out_of_its_neighbours_lists(committed):
    story, other = ArticleFactory(), ArticleFactory()
    committed(lambda: [s.tags.add("punk") for s in (story, other)])
    assert stored(story) == [other.pk]
    committed(other.delete)
    assert stored(story) == []


def test_publishing_with_a_popular_tag_rescores_only_the_newest_sharers(committed, purged_keys):
    """However many stories have the tag, one publish rescores the window they are scored from;
    older stories keep their lists, and their pages are not purged."""
    now = timezone.now()
    older = [ArticleFactory(published_at=now - timedelta(days=100 + n)) for n in range(5)]
    newer = [ArticleFactory(published_at=now - timedelta(days=n + 1)) for n in range(RELATED_CANDIDATES + 5)]
    popular = [*older, *newer]
    committed(lambda: [s.tags.add("popular") for s in popular])
    refresh_all()
    before = {s.pk: stored(s) for s in popular}
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("popular")
    purged_keys.clear()

    def publish():
        draft.status, draft.published_at = Article.Status.PUBLISHED, now
        draft.save()

    committed(publish)
    changed = [s for s in popular if stored(s) != before[s.pk]]
    assert 0 < len(changed) <= RELATED_CANDIDATES
    assert all(draft.pk in stored(s) for s in changed)
    assert {s.pk for s in older}.isdisjoint(s.pk for s in changed)
    related_purged = {k for k in purged_keys if k.endswith("-related")}
    assert related_purged == {f"article-{s.pk}-related" for s in changed}
    assert stored(draft) is not None and len(stored(draft)) == 12


def test_a_headline_edit_rescores_nothing(committed):
    story = ArticleFactory()
    committed(lambda: story.tags.add("punk"))

    def edit():
        story.headline = "A better headline"
        story.save()

    _, callbacks = committed(edit)
    assert pending.flush not in callbacks
    assert (pending.stories, pending.links) == (set(), set())


def test_a_draft_s_links_rescore_nothing(committed):
    public = ArticleFactory()
    committed(lambda: public.tags.add("punk"))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    committed(lambda: draft.tags.add("punk"))
    assert stored(draft) is None and stored(public) == []


def test_story_never_scored_is_scored_live_on_its_page_and_not_written(client):
    """Rows from before lists were stored work at once; a reader's GET writes nothing."""
    story, other = ArticleFactory(), ArticleFactory(headline="Shares a tag")
    for tagged in (story, other):
        tagged.tags.add("punk")
    assert stored(story) is None  # the test rolls back: no commit scored it
    assert "Shares a tag" in client.get(story.get_absolute_url()).content.decode()
    assert stored(story) is None


def test_refresh_command_fills_missing_lists_and_all_rescores_every_one():
    story, other = ArticleFactory(), ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    for tagged in (story, other, draft):
        tagged.tags.add("punk")
    call_command("refresh_related_stories", verbosity=0)
    assert (stored(story), stored(other), stored(draft)) == ([other.pk], [story.pk], None)
    TaggedArticle.objects.filter(content_object=other).delete()  # rolled back: no signal runs
    Article.objects.filter(pk=story.pk).update(related_ids=[other.pk])
    call_command("refresh_related_stories", verbosity=0)
    assert stored(story) == [other.pk]  # filled already: left alone
    call_command("refresh_related_stories", "--all", verbosity=0)
    assert stored(story) == []
