"""The public page cache: anonymous pages served from the cache, stale never, editors never."""

from datetime import timedelta

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article, ArticleAutosave
from core.cache import WORKER_ENTRIES, PageCacheMiddleware, WorkerEntries
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    return settings


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_second_anonymous_request_is_served_without_queries(client, django_assert_num_queries):
    """A cached page costs no query at all."""
    story = ArticleFactory(headline="Cached headline")
    first, _ = get(client, story.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second, html = get(client, story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert "Cached headline" in html


def test_cached_page_headers_suit_a_cdn(client):
    """Public, short max-age, s-maxage, and a validator a proxy can revalidate with."""
    ArticleFactory()
    response, _ = get(client, "/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control and "s-maxage=" in cache_control
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_head_is_served_from_the_cache_without_a_body(client):
    """HEAD reuses the GET entry."""
    ArticleFactory()
    client.get("/")
    response = client.head("/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_edit_shows_at_once(client):
    """Saving a story makes every cached page that shows it stale."""
    story = ArticleFactory(headline="Before the edit")
    url = story.get_absolute_url()
    get(client, url)
    get(client, "/")
    story.headline = "After the edit"
    story.save()
    assert "After the edit" in get(client, url)[1]
    assert "After the edit" in get(client, "/")[1]


def test_a_page_a_worker_keeps_in_memory_goes_stale_with_the_shared_generation(client):
    """A worker replays pages from its own memory only while the shared generation is the
    one they were stored in: an edit on any server makes them stale at once."""
    story = ArticleFactory(headline="Kept in memory")
    url = story.get_absolute_url()
    for _ in range(3):
        response, html = get(client, url)
    assert response["X-Page-Cache"] == "hit" and "Kept in memory" in html
    key = PageCacheMiddleware.key(RequestFactory().get(url))
    assert key in WORKER_ENTRIES.entries
    story.headline = "Edited elsewhere"
    story.save()
    assert "Edited elsewhere" in get(client, url)[1]


def test_a_worker_keeps_at_most_its_byte_budget_of_pages():
    """The least recently replayed pages go first when the budget is spent."""
    entries = WorkerEntries(max_bytes=100)
    fresh = timezone.now().timestamp() + 60
    for name in ("a", "b", "c"):
        entries.put(name, ("generation", fresh, 200, [], b"x" * 40))
        entries.get("a", "generation")
    assert list(entries.entries) == ["c", "a"] and entries.size == 80
    assert entries.get("a", "another generation") is None and list(entries.entries) == ["c"]


def test_publish_shows_at_once(client):
    """A draft made public appears on the cached home page at once."""
    ArticleFactory(headline="Already out")
    draft = ArticleFactory(headline="Fresh scoop", status=Article.Status.DRAFT, published_at=None)
    assert "Fresh scoop" not in get(client, "/")[1]
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    draft.save()
    assert "Fresh scoop" in get(client, "/")[1]


def test_withdraw_takes_the_story_down_at_once(client):
    """A withdrawn story leaves the cached home page and its own page stops answering 200."""
    story = ArticleFactory(headline="Soon withdrawn")
    url = story.get_absolute_url()
    assert get(client, url)[0].status_code == 200
    assert "Soon withdrawn" in get(client, "/")[1]
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert get(client, url)[0].status_code in (404, 410)
    assert "Soon withdrawn" not in get(client, "/")[1]


def test_tag_change_invalidates(client):
    """Tagging a story (an m2m change, no story save) refreshes the tag page."""
    story = ArticleFactory(headline="Tagged later")
    other = ArticleFactory()
    other.tags.add("Cannes")
    assert "Tagged later" not in get(client, "/tags/cannes/")[1]
    story.tags.add("Cannes")
    assert "Tagged later" in get(client, "/tags/cannes/")[1]


def test_scheduled_story_appears_when_its_time_comes(client, monkeypatch):
    """No cached page outlives the next scheduled publish time, though no row changes then."""
    ArticleFactory(headline="Old news")
    go_live = timezone.now() + timedelta(hours=1)
    ArticleFactory(headline="Embargoed story", published_at=go_live)
    assert "Embargoed story" not in get(client, "/")[1]
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    later = go_live + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response, html = get(client, "/")
    assert "Embargoed story" in html
    assert response.get("X-Page-Cache") != "hit"


def test_signed_in_editors_bypass_the_cache(superuser_client):
    """Editors neither read nor fill the public cache, and their pages are private."""
    client = Client()
    story = ArticleFactory(headline="Shared page")
    url = story.get_absolute_url()
    get(client, url)
    response, _ = get(superuser_client, url)
    assert response.get("X-Page-Cache") != "hit"
    assert "private" in response["Cache-Control"]
    fresh = ArticleFactory(headline="Seen by the editor only first")
    get(superuser_client, fresh.get_absolute_url())
    anonymous = client.get(fresh.get_absolute_url())
    assert anonymous.get("X-Page-Cache") != "hit"


def test_previews_are_never_cached(superuser_client):
    """A draft's preview is neither stored nor served from the cache."""
    client = Client()
    draft = ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT, published_at=None)
    url = f"/preview/{draft.pk}/"
    for _ in range(2):
        response = superuser_client.get(url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
    for _ in range(2):
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit"
        assert b"Secret draft" not in response.content


def test_responses_that_set_cookies_are_not_stored(client):
    """A response that sets a cookie is someone's own; it never enters the cache."""
    client.get("/admin/login/")
    client.cookies.clear()
    response = client.get("/admin/login/")
    assert response.get("X-Page-Cache") != "hit"


def test_editor_autosave_does_not_empty_the_cache(client, django_user_model):
    """Autosaves arrive every few seconds and change nothing readers see."""
    ArticleFactory()
    get(client, "/")
    user = django_user_model.objects.create_user("writer")
    ArticleAutosave.objects.create(user=user, data={"headline": "draft"})
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"


def test_cache_off_when_seconds_is_zero(client, settings):
    """PAGE_CACHE_SECONDS=0 (the uncached benchmark) turns it off."""
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory()
    get(client, "/")
    assert get(client, "/")[0].get("X-Page-Cache") != "hit"


def wsgi_get(url: str, **environ) -> tuple[str, dict, bytes]:
    """A request through the WSGI application gunicorn serves (newsroom/wsgi.py), closed as a
    server closes it. As in Django's test client, the request signals leave the database
    connection alone: it holds the test's transaction."""
    from newsroom.wsgi import application

    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    request = RequestFactory().get(url, **environ)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        result = application(request.environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return started["status"], started["headers"], body


def test_cached_pages_are_answered_before_django_as_django_answered_them(django_assert_num_queries):
    """The WSGI layer replays the stored page: same status, headers (security headers included)
    and body, with no query; a change to the content is seen at once."""
    story = ArticleFactory(headline="Replayed headline")
    url = story.get_absolute_url()
    status, headers, body = wsgi_get(url)
    assert status == "200 OK" and "X-Page-Cache" not in headers
    handled = []

    def django_started(**kwargs):
        handled.append(kwargs)

    request_started.connect(django_started)
    try:
        with django_assert_num_queries(0):
            again_status, again_headers, again_body = wsgi_get(url)
    finally:
        request_started.disconnect(django_started)
    assert not handled, "Django's handler ran for a cached page"
    assert (again_status, again_body) == (status, body) and b"Replayed headline" in body
    assert again_headers == {**headers, "X-Page-Cache": "hit"}
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"]

    story.headline = "Edited headline"
    story.save()
    _, headers, body = wsgi_get(url)
    assert "X-Page-Cache" not in headers and b"Edited headline" in body


def test_wsgi_layer_leaves_editors_and_revalidations_to_django(superuser_client):
    """A session cookie, a conditional request or an unknown host never get a replayed entry."""
    ArticleFactory()
    wsgi_get("/")
    assert wsgi_get("/")[1]["X-Page-Cache"] == "hit"
    session = superuser_client.cookies["sessionid"].value
    _, headers, _ = wsgi_get("/", HTTP_COOKIE=f"sessionid={session}")
    assert "X-Page-Cache" not in headers and "private" in headers["Cache-Control"]
    etag = wsgi_get("/")[1]["ETag"]
    assert wsgi_get("/", HTTP_IF_NONE_MATCH=etag)[0] == "304 Not Modified"
    assert wsgi_get("/", HTTP_HOST="evil.example")[0].startswith("400")
