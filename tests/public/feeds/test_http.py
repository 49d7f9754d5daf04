"""Feeds over HTTP: conditional GET, cache headers, and a query count that stays flat."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from tests.public.feeds.helpers import FORMATS, KINDS, feed_page, rich_story


@pytest.fixture
def no_page_cache(settings):
    """The feed's own behaviour, without the site-wide page cache in front of it."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", FORMATS.values())
@pytest.mark.parametrize("page_cache", [False, True], ids=["feed", "behind-page-cache"])
def test_if_none_match_gets_304_without_body(client, settings, suffix, page_cache):
    """A repeat request with the ETag is answered 304, empty, with the validators again."""
    settings.PAGE_CACHE_SECONDS = 300 if page_cache else 0
    ArticleFactory()
    first = client.get(f"/{suffix}")
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    again = client.get(f"/{suffix}", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(f"/{suffix}").get("X-Page-Cache") == ("hit" if page_cache else None)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", FORMATS.values())
@pytest.mark.parametrize("page_cache", [False, True], ids=["feed", "behind-page-cache"])
def test_if_modified_since_gets_304_without_body(client, settings, suffix, page_cache):
    """A repeat request with Last-Modified is answered 304, empty."""
    settings.PAGE_CACHE_SECONDS = 300 if page_cache else 0
    ArticleFactory()
    first = client.get(f"/{suffix}")
    assert client.get(f"/{suffix}").get("X-Page-Cache") == ("hit" if page_cache else None)
    again = client.get(f"/{suffix}", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.django_db
def test_feed_headers_suit_shared_caches(client, no_page_cache):
    """Public, cacheable for a minute, with both validators, matching the newest item date."""
    article = ArticleFactory()
    response = client.get("/feed/")
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert response["ETag"]
    article.refresh_from_db()
    assert response["Last-Modified"] == article.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    not_modified = client.get("/feed/", headers={"if-none-match": response["ETag"]})
    assert set(not_modified["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert not_modified["Last-Modified"] == response["Last-Modified"]


def etag(client, url: str = "/feed/") -> str:
    return client.get(url)["ETag"]


@pytest.mark.django_db
def test_etag_changes_with_what_the_feed_shows(client, no_page_cache):
    """New story, edited story, withdrawn story, scheduled story going live: a new ETag each."""
    article = ArticleFactory()
    ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    seen = [etag(client)]
    assert etag(client) == seen[-1]
    ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    seen.append(etag(client))
    article.headline = "Corrected headline"
    article.save()
    seen.append(etag(client))
    article.status = Article.Status.WITHDRAWN
    article.save()
    seen.append(etag(client))
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert etag(client) == seen[-1]
    # The clock passing the publish time changes no row; the feed must notice anyway.
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(days=3))
    seen.append(etag(client))
    assert len(set(seen)) == len(seen)
    assert len({etag(client, f"/{suffix}") for suffix in FORMATS.values()}) == 3


@pytest.mark.django_db
def test_empty_feed_has_no_validators(client, no_page_cache):
    """With no story there is nothing to validate against: a plain 200."""
    response = client.get("/feed/")
    assert response.status_code == 200 and not response.has_header("ETag")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_feed_query_count_is_flat(count_queries, no_page_cache, kind):
    """Every format costs the same queries with 1 story as with 30 fully linked ones."""
    page, attach = feed_page(kind)
    attach(rich_story())
    one = {suffix: count_queries(page + suffix) for suffix in FORMATS.values()}
    for _ in range(29):
        attach(rich_story())
    thirty = {suffix: count_queries(page + suffix) for suffix in FORMATS.values()}
    assert one == thirty
    # The page's object (1 unless the site: ArticleFeed.get_object), validators (1), then
    # Article.objects.with_story_parts(): stories with section and lead image (1), bylines
    # with authors, tags, public READ MORE links with their targets, embeds, corrections (1 each).
    expected = 7 if kind == "site" else 8
    assert set(thirty.values()) == {expected}


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "queries"), [("site", 1), ("film", 2)])
def test_not_modified_costs_the_validators_alone(
    client, django_assert_num_queries, no_page_cache, kind, queries
):
    """A 304 is decided from the validators alone (after finding the page's object, if any)."""
    page, attach = feed_page(kind)
    attach(rich_story())
    tag = client.get(page + "feed/")["ETag"]
    with django_assert_num_queries(queries):
        assert client.get(page + "feed/", headers={"if-none-match": tag}).status_code == 304


@pytest.mark.django_db
def test_image_sizes_are_read_from_storage_once(client, no_page_cache):
    """The enclosure length is asked of the storage once per image, then remembered."""
    for _ in range(3):
        rich_story()
    with mock.patch.object(
        FileSystemStorage, "size", autospec=True, side_effect=FileSystemStorage.size
    ) as size:
        client.get("/feed/")
        assert size.call_count == 3
        client.get("/feed/atom/")
        client.get("/feed/json/")
        assert size.call_count == 3
