"""Purges leave the editor's request: the page store is purged at the commit, the proxies and
CDNs from one task on the worker per transaction, tried again later when one fails."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from tests.factories import ArticleFactory, ArticleFilmFactory
from tests.live.servers import free_port
from tests.stub_http import StubServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def purge_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path__endswith="purge_proxies").order_by("enqueued_at"))


def test_a_save_sends_nothing_to_a_cdn_and_queues_one_purge(
    queued_tasks, settings, django_capture_on_commit_callbacks
):
    """A CDN that never answers cannot slow a save: the save asks it nothing, and every key the
    transaction touched (the story, its lists, its film's list) goes in one queued purge."""
    with StubServer() as cdn:
        settings.PAGE_CACHE_VARNISH_URLS = [cdn.url]
        story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        ArticleFilmFactory(article=story)
        with django_capture_on_commit_callbacks(execute=True):
            story.headline = "Published now"
            story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
            story.save()
            ArticleFilmFactory(article=story)
        assert cdn.requests == []
    [queued] = purge_tasks()
    keys = queued.args_kwargs["args"][0]
    assert f"article-{story.pk}" in keys and "article" in keys
    assert sum(key.startswith("stories-film-") for key in keys) == 2


# Committed for real: the worker closes the connection it ran on.
@pytest.mark.django_db(transaction=True)
def test_the_worker_purges_and_tries_again_when_the_cdn_fails(queued_tasks, settings):
    story = ArticleFactory()
    settings.PAGE_CACHE_VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]  # refuses connections
    story.save()  # autocommit: its purge is queued as it commits
    call_command("db_worker", batch=True, verbosity=0)
    first, retry = purge_tasks()
    assert first.status == "SUCCESSFUL" and retry.status == "READY"
    assert retry.args_kwargs["args"] == [first.args_kwargs["args"][0], 1]
    assert retry.run_after > first.finished_at

    with StubServer() as cdn:
        settings.PAGE_CACHE_VARNISH_URLS = [cdn.url]
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        call_command("db_worker", batch=True, verbosity=0)
        assert [request.headers["xkey-purge"] for request in cdn.requests] == [
            " ".join(retry.args_kwargs["args"][0])
        ]
    assert len(purge_tasks()) == 2  # it succeeded: no third try
