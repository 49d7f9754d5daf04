"""What a change to a story purges: exactly the pages that show it, and the lists it enters."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from core.pagecache import purge as purging
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    AuthorFactory,
    BylineFactory,
    FilmFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


class Recorder:
    """Stands in for a proxy: every purge() call, as sets of keys."""

    def __init__(self):
        self.calls: list[set[str]] = []

    def purge(self, keys):
        self.calls.append(set(keys))
        return True

    @property
    def keys(self) -> set[str]:
        return set().union(*self.calls)


@pytest.fixture
def purged(monkeypatch, django_capture_on_commit_callbacks):
    """Run `change()` in a transaction, commit, and return every key purged."""

    def run(change) -> set[str]:
        recorder = Recorder()
        monkeypatch.setattr(purging, "proxies", lambda: [recorder])
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return recorder.keys

    return run


def test_saving_a_draft_purges_nothing(purged):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    def edit():
        draft.headline = "Still a draft"
        draft.save()

    assert purged(edit) == set()
    assert purged(lambda: ArticleFactory(status=Article.Status.REVIEW, published_at=None)) == set()


def test_editing_a_public_story_purges_only_the_pages_showing_it(purged):
    story = ArticleFactory()

    def edit():
        story.headline = "A better headline"
        story.save()

    assert purged(edit) == {f"article-{story.pk}"}


def test_publishing_purges_the_story_and_every_list_it_enters(purged):
    section = SectionFactory()
    film = FilmFactory()
    author = AuthorFactory()
    ArticleFactory(section=section)  # the section is in the menu already
    draft = ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=None)
    ArticleFilmFactory(article=draft, film=film)
    BylineFactory(article=draft, author=author)
    draft.tags.add("punk")

    def publish():
        draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
        draft.save()

    keys = purged(publish)
    tag = draft.tags.get()
    assert keys == {
        f"article-{draft.pk}",
        "article",
        "missing",
        f"stories-section-{section.pk}",
        f"stories-film-{film.pk}",
        f"stories-author-{author.pk}",
        f"stories-tag-{tag.pk}",
    }


def test_withdrawing_purges_the_pages_that_showed_it(purged):
    story = ArticleFactory()
    ArticleFactory(section=story.section)

    def withdraw():
        story.status = Article.Status.WITHDRAWN
        story.save()

    assert purged(withdraw) == {f"article-{story.pk}"}


def test_a_section_s_first_and_last_public_story_purge_the_menu(purged):
    """The menu lists only sections with a public story: every page shows it ("section")."""
    first = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    second = ArticleFactory(section=first.section, status=Article.Status.DRAFT, published_at=None)

    def move(story, status):
        def change():
            story.status, story.published_at = status, timezone.now()
            story.save()

        return change

    assert "section" in purged(move(first, Article.Status.PUBLISHED))
    assert "section" not in purged(move(second, Article.Status.PUBLISHED))
    assert "section" not in purged(move(second, Article.Status.WITHDRAWN))
    assert "section" in purged(move(first, Article.Status.WITHDRAWN))


def test_linking_a_public_story_to_a_film_purges_the_film_s_lists(purged):
    story = ArticleFactory()
    film = FilmFactory()
    assert purged(lambda: ArticleFilmFactory(article=story, film=film)) == {
        f"article-{story.pk}",
        f"stories-film-{film.pk}",
    }


def test_tagging_a_public_story_purges_the_tag_s_lists_and_404s(purged):
    """The tag's page was a 404 while no public story had the tag."""
    story = ArticleFactory()
    keys = purged(lambda: story.tags.add("cannes"))
    assert keys == {f"article-{story.pk}", f"stories-tag-{Tag.objects.get().pk}", "missing"}


def test_tagging_a_draft_purges_nothing(purged):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert purged(lambda: draft.tags.add("cannes")) == set()


def test_scheduling_schedules_the_lists_for_the_publish_time(purged, monkeypatch):
    scheduled = []
    monkeypatch.setattr(purging, "schedule", lambda keys, at: scheduled.append((set(keys), at)))
    from core.pagecache import signals

    monkeypatch.setattr(signals, "schedule", lambda keys, at: scheduled.append((set(keys), at)))
    section = SectionFactory()
    go_live = timezone.now() + timedelta(hours=2)
    story = purged(lambda: ArticleFactory(section=section, published_at=go_live))
    assert story == set()  # nothing public changes now
    keys, at = scheduled[0]
    assert at == go_live
    assert {"article", f"stories-section-{section.pk}", "missing"} <= keys


def test_a_renamed_film_purges_the_pages_showing_it(purged):
    film = FilmFactory()

    def rename():
        film.title = "A new title"
        film.save()

    assert f"film-{film.pk}" in purged(rename)
