"""PreparedQuery gives the rows, related objects and annotations the QuerySet itself gives."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from core.prepared import PreparedQuery
from tests.factories import ArticleFactory, ArticleFilmFactory, FilmFactory, SectionFactory

pytestmark = pytest.mark.django_db


def stories_in(section_id, since, now, limit):
    return (
        Article.objects.published(now)
        .filter(section_id=section_id, published_at__gte=since)
        .select_related("section", "lead_image")
        .defer("body")
        .annotate(n_films=Count("film_links"))
        .order_by("-published_at", "-id")[:limit]
    )


STORIES_IN = PreparedQuery(stories_in, shape=("limit",))


def snapshot(stories):
    return [
        (s.pk, s.headline, s.section.name, s.lead_image_id, s.n_films, s.published_at, "body" in s.__dict__)
        for s in stories
    ]


def test_rows_match_the_queryset_for_each_set_of_arguments():
    news, reviews = SectionFactory(name="News"), SectionFactory(name="Reviews")
    now = timezone.now()
    for days in range(5):
        ArticleFactory(section=news, published_at=now - timedelta(days=days))
        ArticleFactory(section=reviews, published_at=now - timedelta(days=days, hours=1))
    ArticleFilmFactory(article=Article.objects.filter(section=news).first(), film=FilmFactory())
    ArticleFactory(section=news, status=Article.Status.DRAFT)
    cases = [
        (news.pk, now - timedelta(days=2), 10),
        (reviews.pk, now - timedelta(days=9), 3),
        (news.pk, now, 2),
    ]
    for section_id, since, limit in cases:
        expected = snapshot(stories_in(section_id, since, now, limit))
        assert expected
        assert snapshot(STORIES_IN(section_id=section_id, since=since, now=now, limit=limit)) == expected
    # A time before the newest stories went live leaves them out, as the queryset does.
    earlier = now - timedelta(days=3)
    assert snapshot(
        STORIES_IN(section_id=news.pk, since=now - timedelta(days=30), now=earlier, limit=10)
    ) == (snapshot(stories_in(news.pk, now - timedelta(days=30), earlier, 10)))


def test_values_list_rows_match_the_queryset_with_converted_values():
    """Tuples, as values_list() gives them: times come back as aware datetimes, joins resolve."""
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=hours)) for hours in (1, 2, 3)]

    def rows(ids, now):
        return (
            Article.objects.published(now)
            .filter(pk__in=ids)
            .values_list("pk", "section__name", "published_at")
            .order_by("-published_at")
        )

    ids = [story.pk for story in stories[:2]]
    found = PreparedQuery(rows)(ids=ids, now=now)
    assert found == list(rows(ids, now)) and len(found) == 2
    assert found[0][2] == stories[0].published_at and found[0][1] == stories[0].section.name
    with pytest.raises(ValueError, match="values_list"):
        PreparedQuery(lambda pk: Article.objects.filter(pk=pk).values("pk"))(pk=1)


def test_runs_one_query_and_builds_no_sql_after_the_first_call():
    story = ArticleFactory()
    STORIES_IN(section_id=story.section_id, since=story.published_at, now=timezone.now(), limit=5)
    with CaptureQueriesContext(connection) as queries:
        found = STORIES_IN(section_id=story.section_id, since=story.published_at, now=timezone.now(), limit=5)
    assert [s.pk for s in found] == [story.pk] and len(queries) == 1
    with CaptureQueriesContext(connection) as more:
        assert found[0].section.name  # select_related: no further query
    assert len(more) == 0


def test_refuses_values_the_orm_rewrites_and_builds_that_read_the_clock():
    by_word = PreparedQuery(lambda word: Article.objects.filter(headline__icontains=word))
    with pytest.raises(ValueError, match="'word'"):
        by_word(word="film")
    reads_clock = PreparedQuery(lambda section_id: Article.objects.published().filter(section_id=section_id))
    with pytest.raises(ValueError, match="now"):
        reads_clock(section_id=1)
    with pytest.raises(TypeError, match="expected arguments"):
        STORIES_IN(section_id=1)


@pytest.mark.django_db(transaction=True)
def test_another_thread_uses_its_own_connection():
    story = ArticleFactory()
    STORIES_IN(
        section_id=story.section_id, since=story.published_at, now=timezone.now(), limit=5
    )  # compiled here
    found, errors = [], []

    def read():
        try:
            found.extend(
                STORIES_IN(section_id=story.section_id, since=story.published_at, now=timezone.now(), limit=5)
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert not errors and [s.pk for s in found] == [story.pk]


BY_IDS = PreparedQuery(lambda ids, now: Article.objects.published(now).filter(pk__in=ids).order_by("pk"))


def test_list_arguments_get_a_plan_per_length_and_distinct_values():
    stories = [ArticleFactory() for _ in range(4)]
    ids = [story.pk for story in stories]
    now = timezone.now()
    assert [s.pk for s in BY_IDS(ids=ids[:2], now=now)] == ids[:2]
    assert [s.pk for s in BY_IDS(ids=ids[2:], now=now)] == ids[2:]
    assert [s.pk for s in BY_IDS(ids=[ids[3], ids[0], ids[1]], now=now)] == [ids[0], ids[1], ids[3]]
    with pytest.raises(ValueError, match="distinct"):
        BY_IDS(ids=[ids[0], ids[0]], now=now)
