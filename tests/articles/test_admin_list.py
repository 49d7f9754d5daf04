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


@pytest.mark.django_db
def test_story_search_reads_headlines_from_the_full_text_index(editor_client):
    """Every word typed, each also as the start of a longer word ("festi" finds "festival"),
    through the full-text index, never a LIKE over every story."""
    ArticleFactory(headline="Venice festival opens", slug="venice-opens")
    ArticleFactory(headline="Festivals of light", slug="lights")
    ArticleFactory(headline="Box office weekend", slug="box-office")
    with CaptureQueriesContext(connection) as queries:
        found = editor_client.get(CHANGELIST, {"q": "festi"}).context["cl"].result_list
    assert sorted(a.slug for a in found) == ["lights", "venice-opens"]
    sql = " ".join(query["sql"] for query in queries).lower()
    indexed = "articles_article_fts" if connection.vendor == "sqlite" else "to_tsvector('english', headline)"
    assert indexed in sql and " like " not in sql
    found = editor_client.get(CHANGELIST, {"q": "venice FESTIVAL"}).context["cl"].result_list
    assert [a.slug for a in found] == ["venice-opens"]
    assert not editor_client.get(CHANGELIST, {"q": "%_*\"'"}).context["cl"].result_list


@pytest.mark.django_db
def test_read_more_picker_finds_stories_by_the_start_of_their_words(editor_client):
    """The READ MORE autocomplete searches as the story list does."""
    story = ArticleFactory(headline="Venice festival opens")
    ArticleFactory(headline="Box office weekend")
    url = reverse("admin:autocomplete")
    query = {"app_label": "articles", "model_name": "readmorelink", "field_name": "target", "term": "venic"}
    assert [r["id"] for r in editor_client.get(url, query).json()["results"]] == [str(story.pk)]


@pytest.mark.django_db
def test_a_deep_page_lists_its_stories_reading_their_ids_first(editor_client, monkeypatch):
    """Page 3 shows the 5th and 6th newest stories; the page's ids come first from a narrow
    query (a deep page skips index entries, not whole stories), then the rows by id."""
    from articles.admin import ArticleAdmin

    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=hours)) for hours in range(1, 8)]
    with CaptureQueriesContext(connection) as queries:
        page = editor_client.get(CHANGELIST, {"p": 3}).context["cl"].result_list
    assert [story.pk for story in page] == [stories[4].pk, stories[5].pk]
    offsets = [query["sql"] for query in queries if "OFFSET" in query["sql"]]
    assert offsets and all(" IN (SELECT " in sql for sql in offsets)
