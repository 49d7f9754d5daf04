"""The public page cache: pages kept until a change purges the keys of what they show."""

from datetime import timedelta
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article, ArticleAutosave
from articles.related import RELATED_CANDIDATES
from tests.factories import ArticleFactory, ArticleFilmFactory, FilmFactory, SectionFactory

# Purges run when a transaction commits, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    return settings


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def is_hit(client, url) -> bool:
    return client.get(url).get("X-Page-Cache") == "hit"


def test_second_anonymous_request_is_served_without_queries(client, django_assert_num_queries):
    """A cached page costs no query at all."""
    story = ArticleFactory(headline="Cached headline")
    first, _ = get(client, story.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second, html = get(client, story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert "Cached headline" in html


def test_cached_pages_say_what_they_show(client):
    """Surrogate-Key (Varnish, Fastly) and Cache-Tag (Cloudflare) name the story, its section
    and the lists it is in; Cache-Control lets a proxy keep it and revalidate."""
    story = ArticleFactory()
    response, _ = get(client, story.get_absolute_url())
    keys = set(response["Surrogate-Key"].split())
    assert {f"article-{story.pk}", f"section-{story.section_id}", "all"} <= keys
    assert set(response["Cache-Tag"].split(",")) == keys
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "stale-while-revalidate=" in cache_control and "stale-if-error=" in cache_control
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(story.get_absolute_url(), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_head_is_served_from_the_cache_without_a_body(client):
    ArticleFactory()
    client.get("/")
    response = client.head("/")
    assert response["X-Page-Cache"] == "hit"
    assert response.content == b""


def test_an_edit_shows_at_once_where_the_story_is_shown(client):
    story = ArticleFactory(headline="Before the edit")
    url = story.get_absolute_url()
    for page in (url, "/", "/feed/", story.section.get_absolute_url()):
        get(client, page)
        assert is_hit(client, page)
    story.headline = "After the edit"
    story.save()
    for page in (url, "/", "/feed/", story.section.get_absolute_url()):
        response, body = get(client, page)
        assert "After the edit" in body, page
        assert response.get("X-Page-Cache") != "hit"


def test_an_edit_leaves_pages_that_do_not_show_the_story_cached(client):
    """Precise invalidation: another section's page and a film page not about it stay hits."""
    story = ArticleFactory(section=SectionFactory(slug="news", name="News"))
    other = ArticleFactory(section=SectionFactory(slug="reviews", name="Reviews"))
    film = FilmFactory()
    ArticleFilmFactory(article=other, film=film)
    unrelated = [other.get_absolute_url(), "/reviews/", film.get_absolute_url(), "/reviews/feed/"]
    for page in unrelated:
        get(client, page)
    story.headline = "Edited"
    story.save()
    for page in unrelated:
        assert is_hit(client, page), page


def test_a_draft_save_leaves_every_public_page_cached(client):
    """Editors save drafts all day; readers' pages must not notice."""
    story = ArticleFactory()
    film = FilmFactory()
    ArticleFilmFactory(article=story, film=film)
    pages = ["/", "/feed/", story.get_absolute_url(), story.section.get_absolute_url()]
    pages.append(film.get_absolute_url())
    for page in pages:
        get(client, page)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, section=story.section)
    ArticleFilmFactory(article=draft, film=film)
    draft.tags.add("Scoop")
    draft.headline = "Still a draft"
    draft.save()
    for page in pages:
        assert is_hit(client, page), page


def test_publish_shows_at_once_on_every_list_it_enters(client):
    ArticleFactory(headline="Already out")
    film = FilmFactory()
    draft = ArticleFactory(headline="Fresh scoop", status=Article.Status.DRAFT, published_at=None)
    ArticleFilmFactory(article=draft, film=film)
    lists = ["/", draft.section.get_absolute_url(), film.get_absolute_url(), "/feed/"]
    for page in lists:
        assert "Fresh scoop" not in get(client, page)[1]
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() - timedelta(minutes=1)
    draft.save()
    for page in lists:
        assert "Fresh scoop" in get(client, page)[1], page


def test_publishing_with_a_popular_tag_purges_only_the_related_boxes_it_enters(client):
    """The newest stories with the tag show the new story at once; an older one, past the
    window related stories are scored from, keeps its page cached, as does a story sharing
    nothing."""
    now = timezone.now()
    old = ArticleFactory(published_at=now - timedelta(days=400))
    sharers = [ArticleFactory(published_at=now - timedelta(days=n + 1)) for n in range(RELATED_CANDIDATES)]
    for story in [old, *sharers]:
        story.tags.add("popular")
    unrelated = ArticleFactory()
    draft = ArticleFactory(headline="Fresh scoop", status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("popular")
    cached = [old.get_absolute_url(), unrelated.get_absolute_url()]
    newest = sharers[-1].get_absolute_url()
    for page in [*cached, newest]:
        assert "Fresh scoop" not in get(client, page)[1]
    draft.status, draft.published_at = Article.Status.PUBLISHED, now - timedelta(minutes=1)
    draft.save()
    response, body = get(client, newest)
    assert "Fresh scoop" in body and response.get("X-Page-Cache") != "hit"
    for page in cached:
        assert is_hit(client, page), page


def test_withdraw_takes_the_story_down_at_once(client):
    story = ArticleFactory(headline="Soon withdrawn")
    url = story.get_absolute_url()
    assert get(client, url)[0].status_code == 200
    assert "Soon withdrawn" in get(client, "/")[1]
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert get(client, url)[0].status_code in (404, 410)
    assert "Soon withdrawn" not in get(client, "/")[1]


def test_tagging_a_public_story_shows_on_the_tag_page(client):
    story = ArticleFactory(headline="Tagged later")
    other = ArticleFactory()
    other.tags.add("Cannes")
    assert "Tagged later" not in get(client, "/tags/cannes/")[1]
    story.tags.add("Cannes")
    assert "Tagged later" in get(client, "/tags/cannes/")[1]


def test_a_scheduled_story_appears_when_its_time_comes(client, monkeypatch):
    """No cached list outlives the publish time of a story scheduled into it, with no job
    running; pages it does not enter stay cached."""
    ArticleFactory(headline="Old news")
    elsewhere = ArticleFactory(section=SectionFactory(slug="elsewhere", name="Elsewhere"))
    get(client, elsewhere.get_absolute_url())
    go_live = timezone.now() + timedelta(minutes=2)
    ArticleFactory(headline="Embargoed story", published_at=go_live)
    assert "Embargoed story" not in get(client, "/")[1]
    assert is_hit(client, "/")
    later = go_live + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response, html = get(client, "/")
    assert "Embargoed story" in html
    assert response.get("X-Page-Cache") != "hit"
    assert is_hit(client, elsewhere.get_absolute_url())


def test_signed_in_editors_bypass_the_cache(superuser_client):
    client = Client()
    story = ArticleFactory(headline="Shared page")
    url = story.get_absolute_url()
    get(client, url)
    response, _ = get(superuser_client, url)
    assert response.get("X-Page-Cache") != "hit"
    assert "private" in response["Cache-Control"]


def test_previews_are_never_cached(superuser_client):
    client = Client()
    draft = ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT, published_at=None)
    url = f"/preview/{draft.pk}/"
    for _ in range(2):
        response = superuser_client.get(url)
        assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
    for _ in range(2):
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit" and b"Secret draft" not in response.content


def test_editor_autosave_does_not_touch_the_cache(client, django_user_model):
    ArticleFactory()
    get(client, "/")
    user = django_user_model.objects.create_user("writer")
    ArticleAutosave.objects.create(user=user, data={"headline": "draft"})
    assert is_hit(client, "/")


def test_cache_off_when_seconds_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory()
    get(client, "/")
    assert not is_hit(client, "/")


def test_no_reader_gets_another_reader_s_nonce(client):
    """A page kept for everyone carries no per-request secret: no CSP nonce in it or its policy."""
    story = ArticleFactory()
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert "nonce" not in response["Content-Security-Policy"]
        assert b"nonce" not in response.content


def test_a_cache_that_is_down_means_uncached_pages_not_errors(client, settings):
    """Redis unreachable: every page answers 200, uncached, and /healthz says so."""
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    story = ArticleFactory(headline="Served anyway")
    for _ in range(2):
        response, html = get(client, story.get_absolute_url())
        assert response.status_code == 200 and "Served anyway" in html
        assert response.get("X-Page-Cache") != "hit"
    story.headline = "Edited while the cache is down"
    story.save()  # the purge fails quietly; the save does not
    assert "Edited while the cache is down" in get(client, story.get_absolute_url())[1]
    health = client.get("/healthz")
    assert health.status_code == 200 and b"degraded" in health.content


def wsgi_get(url: str, **environ) -> tuple[str, dict, bytes]:
    """A request through the WSGI application gunicorn serves (newsroom/wsgi.py)."""
    from newsroom.wsgi import application

    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    request = RequestFactory().get(url, **environ)
    # The request wrote its decoded path into the environ; a server sends the path's bytes
    # as Latin-1 text (PEP 3333).
    request.environ["PATH_INFO"] = unquote_to_bytes(urlsplit(url).path).decode("latin-1")
    request.environ.update(environ)
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


def test_a_script_prefix_from_a_request_header_cannot_poison_a_page():
    """gunicorn takes SCRIPT_NAME from a header of a trusted address and strips it from the
    path: /films/her-smell/ would resolve as the section page /her-smell/. Refused, never stored."""
    film = FilmFactory(slug="her-smell", title="Her Smell")
    SectionFactory(slug="her-smell", name="A section that shares the slug")
    status, headers, _ = wsgi_get("/her-smell/", SCRIPT_NAME="/films", PATH_INFO="/her-smell/")
    assert status.startswith("400") and headers["Cache-Control"] == "no-store"
    status, _, body = wsgi_get(film.get_absolute_url())
    assert status == "200 OK" and b"Her Smell" in body


def test_wsgi_layer_leaves_editors_and_revalidations_to_django(superuser_client):
    ArticleFactory()
    wsgi_get("/")
    assert wsgi_get("/")[1]["X-Page-Cache"] == "hit"
    session = superuser_client.cookies["sessionid"].value
    _, headers, _ = wsgi_get("/", HTTP_COOKIE=f"sessionid={session}")
    assert "X-Page-Cache" not in headers and "private" in headers["Cache-Control"]
    etag = wsgi_get("/")[1]["ETag"]
    assert wsgi_get("/", HTTP_IF_NONE_MATCH=etag)[0] == "304 Not Modified"
    assert wsgi_get("/", HTTP_HOST="evil.example")[0].startswith("400")


def test_the_wsgi_layer_hands_django_the_path_as_the_reader_sent_it():
    """Looking up a stored page must not rewrite PATH_INFO for Django's handler: a path out of
    Latin-1 answered 500 and "é" turned into "%E9"."""
    ArticleFactory().tags.add("фильмы")
    assert wsgi_get("/tags/%D1%84%D0%B8%D0%BB%D1%8C%D0%BC%D1%8B/")[0] == "200 OK"
    assert wsgi_get("/films/%F0%9F%8E%AC/")[0] == "404 Not Found"
