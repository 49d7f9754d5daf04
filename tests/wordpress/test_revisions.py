"""An imported story's first revision is the import, and it can be restored like any other."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline, TaggedArticle
from tests.wordpress.conftest import export, post

pytestmark = pytest.mark.django_db


def test_restoring_the_import_revision_brings_back_the_story_and_only_it(run_import, write_export, editor):
    tag = '<category domain="post_tag" nicename="punk"><![CDATA[Punk]]></category>'
    run_import(write_export(export(post(1, "First", extra=tag), post(2, "Second", extra=tag))))
    first, second = Article.objects.get(headline="First"), Article.objects.get(headline="Second")
    imported = Version.objects.get_for_object(first).get()
    assert imported.revision.comment == "Imported from WordPress"

    first.headline = "Edited here"
    first.save()
    Byline.objects.filter(article=first).delete()
    TaggedArticle.objects.filter(content_object=first).delete()
    second.headline = "Second, edited"
    second.save()

    from tests.staff import client_for

    url = reverse("admin:articles_article_restore", args=[first.pk, imported.pk])
    assert client_for(editor).post(url).status_code == 302

    first.refresh_from_db()
    assert first.headline == "First"
    assert [a.name for a in first.byline_authors] == ["Eda Editor"]
    assert list(first.tags.names()) == ["Punk"]
    assert Article.objects.get(pk=second.pk).headline == "Second, edited"
