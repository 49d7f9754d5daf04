"""The one rule for what readers may see (DESIGN.md rule 1)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

PAST = timedelta(hours=-1)
FUTURE = timedelta(hours=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, PAST, True),
        (Article.Status.PUBLISHED, FUTURE, False),
        (Article.Status.DRAFT, PAST, False),
        (Article.Status.DRAFT, FUTURE, False),
        (Article.Status.REVIEW, PAST, False),
        (Article.Status.WITHDRAWN, PAST, False),
        (Article.Status.DRAFT, None, False),
    ],
)
def test_published_rule_and_is_published_agree(status, offset, visible):
    """Only a published story whose publish time has passed is public; the property mirrors the queryset."""
    published_at = timezone.now() + offset if offset is not None else None
    article = ArticleFactory(status=status, published_at=published_at)
    in_queryset = Article.objects.published().filter(pk=article.pk).exists()
    assert in_queryset is visible
    assert article.is_published is in_queryset


@pytest.mark.django_db
def test_scheduled_story_goes_live_when_its_time_comes():
    """A future publish time schedules the story: no cron needed, the rule reads the clock."""
    article = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_default_manager_is_unfiltered():
    """`objects` keeps drafts (the admin needs them); only published() filters."""
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert Article.objects.count() == 1
    assert Article.objects.published().count() == 0


@pytest.mark.django_db
def test_first_published_time_is_kept_across_republishing():
    """Moving the publish time later never rewrites when the story first went out."""
    article = ArticleFactory()
    first = article.first_published_at
    article.published_at = timezone.now()
    article.save()
    article.refresh_from_db()
    assert first is not None
    assert article.first_published_at == first


@pytest.mark.django_db
def test_scheduled_is_exactly_published_with_a_time_ahead():
    """scheduled() and published() split the Published stories by the clock, with no overlap."""
    live = ArticleFactory(published_at=timezone.now() - timedelta(minutes=1))
    later = ArticleFactory(published_at=timezone.now() + timedelta(minutes=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(minutes=1))
    assert list(Article.objects.scheduled()) == [later]
    assert list(Article.objects.published()) == [live]
    assert later.is_scheduled and not live.is_scheduled
