"""The story list at scale: flat query count, no full COUNT when unfiltered on PostgreSQL, filters."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory

CHANGELIST = reverse("admin:articles_article_changelist")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_story_list_costs_the_same_for_1_and_30_stories(editor_client):
    """Session, user, permissions, one count, one page of rows with their sections: no per-row query."""
    ArticleFactory(authors=[AuthorFactory()])
    one = queries_for(editor_client, CHANGELIST)
    for _ in range(29):
        ArticleFactory(authors=[AuthorFactory()])
    assert queries_for(editor_client, CHANGELIST) == one


@pytest.mark.django_db
def test_status_filter_knows_scheduled_and_live(editor_client):
    """ "Scheduled" and "Live" split published stories by the clock."""
    ArticleFactory(headline="Later", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(headline="Now")
    scheduled = editor_client.get(CHANGELIST, {"state": "scheduled"}).context["cl"].result_list
    live = editor_client.get(CHANGELIST, {"state": "live"}).context["cl"].result_list
    assert [a.headline for a in scheduled] == ["Later"] and [a.headline for a in live] == ["Now"]


@pytest.mark.django_db
def test_mine_filter_shows_the_writers_own_stories(writer_client, writer):
    """ "My stories": started by the writer or signed by them."""
    ArticleFactory(headline="Started", created_by=writer)
    ArticleFactory(headline="Signed", authors=[writer.author])
    ArticleFactory(headline="Someone else's")
    result = writer_client.get(CHANGELIST, {"mine": "1"}).context["cl"].result_list
    assert sorted(a.headline for a in result) == ["Signed", "Started"]


def counts_in(client, params: dict) -> tuple[int, list[str]]:
    """The story list's count and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    return response.context["cl"].result_count, [query["sql"].lower() for query in queries]


@pytest.mark.django_db
def test_story_list_counts_exactly_when_narrowed_or_small(editor_client):
    """Exact counts below the estimate threshold, and always for a list a filter or search narrows."""
    ArticleFactory.create_batch(3, status="draft")
    ArticleFactory(headline="Cannes")
    assert counts_in(editor_client, {})[0] == 4
    assert counts_in(editor_client, {"state": "draft", "p": "1"})[0] == 3
    assert counts_in(editor_client, {"q": "cannes", "o": "1"})[0] == 1


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class statistics are PostgreSQL's")
def test_story_list_uses_planner_estimate_only_when_unfiltered(editor_client):
    """No COUNT(*) over 100,000 rows: the estimate is read from pg_class for the whole list
    (in any order, on any page), never for a filtered or searched one."""
    ArticleFactory()
    with mock.patch("articles.admin_workflow.ESTIMATE_ABOVE", -2):
        for params in [{}, {"o": "1", "p": "1"}]:
            count, sql = counts_in(editor_client, params)
            assert any("pg_class" in query for query in sql) and not any("count(" in query for query in sql)
            assert isinstance(count, int)
        for params in [{"state": "draft"}, {"q": "x"}]:
            count, sql = counts_in(editor_client, params)
            assert not any("pg_class" in query for query in sql) and count == 0
