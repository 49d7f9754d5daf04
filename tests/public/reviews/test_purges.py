"""What a review change purges: the story, its film's page and the review lists; a draft's
review purges nothing."""

import pytest

from articles.models import Article
from core.pagecache import purge as purging
from tests.factories import ArticleFactory, FilmFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch, django_capture_on_commit_callbacks):
    def run(change) -> set[str]:
        calls = []

        class Proxy:  # stands in for a CDN: every key purged reaches it
            def purge(self, keys):
                calls.append(set(keys))

        monkeypatch.setattr(purging, "proxies", lambda: [Proxy()])
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return set().union(*calls)

    return run


def test_rating_a_public_story_purges_its_film_and_the_review_lists(purged):
    story, film = ArticleFactory(), FilmFactory()
    keys = purged(lambda: ReviewFactory(article=story, film=film))
    assert {f"article-{story.pk}", f"stories-film-{film.pk}", "review"} <= keys


def test_changing_a_rating_purges_the_pages_showing_the_story(purged):
    review = ReviewFactory()

    def rerate():
        review.rating = "1"
        review.save()

    assert {f"article-{review.article_id}", "review"} <= purged(rerate)


def test_a_draft_review_purges_nothing(purged):
    draft, film = ArticleFactory(status=Article.Status.DRAFT, published_at=None), FilmFactory()
    assert purged(lambda: ReviewFactory(article=draft, film=film)) == set()


def test_a_review_going_live_purges_its_film_page(purged):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    review = ReviewFactory(article=draft)

    def publish():
        draft.status = Article.Status.PUBLISHED
        draft.published_at = review.article.created_at
        draft.save()

    assert f"stories-film-{review.film_id}" in purged(publish)
