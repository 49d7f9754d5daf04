"""An import makes every cached page that could show its stories stale, once."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.wordpress.conftest import export, post

# Purges run when a transaction commits, as they do in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_page_cached_before_an_import_shows_its_stories_after(client, settings, run_import, write_export):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(headline="Already here")
    client.get("/")
    assert client.get("/").get("X-Page-Cache") == "hit"

    run_import(write_export(export(post(1, "Moved in from WordPress", date_gmt="2030-01-01 00:00:00"))))
    run_import(write_export(export(post(2, "Published there last year")), name="second.xml"))

    page = client.get("/")
    assert page.get("X-Page-Cache") != "hit"
    assert "Published there last year" in page.content.decode()
    assert Article.objects.get(headline="Moved in from WordPress").is_scheduled


def test_an_import_scores_related_stories_once_for_all_its_stories(run_import, write_export):
    """Saves inside an import score nothing one by one; the import ends with one pass."""
    local = ArticleFactory(headline="Already here")
    local.tags.add("Cannes")
    tag = '<category domain="post_tag" nicename="cannes"><![CDATA[Cannes]]></category>'
    run_import(write_export(export(post(1, "First", extra=tag), post(2, "Second", name="second", extra=tag))))
    first, second = (Article.objects.get(headline=headline) for headline in ("First", "Second"))
    # Newest first among equals: the local story is from today, the imported ones from 2024.
    assert Article.objects.get(pk=first.pk).related_ids == [local.pk, second.pk]
    assert Article.objects.get(pk=local.pk).related_ids == [second.pk, first.pk]
