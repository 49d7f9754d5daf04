"""Deleting a story from the admin: editors can, and the audit trail keeps who deleted what, when."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleEvent
from tests.factories import ArticleFactory
from tests.staff import client_for

Action = ArticleEvent.Action


def story_with_history(editor, headline="A story with a past"):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline=headline)
    services.article_publish(article=article, by=editor)
    services.article_withdraw(article=article, by=editor, note="Legal")
    return article


def trail_of(pk: int) -> list[tuple[str, str]]:
    events = ArticleEvent.objects.filter(story_id=pk).order_by("at", "id")
    return [(event.action, event.story_headline) for event in events]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_a_story_with_an_audit_trail_is_deleted_from_its_page(who, editor, editor_client, superuser_client):
    """The delete confirmation, then the story is gone; its events stay, with a "deleted" one."""
    client = superuser_client if who == "superuser" else editor_client
    article = story_with_history(editor)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and not confirm.context["perms_lacking"]
    assert not confirm.context["protected"]
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    headline = "A story with a past"
    assert trail_of(article.pk) == [
        (Action.PUBLISHED, headline),
        (Action.WITHDRAWN, headline),
        (Action.DELETED, headline),
    ]
    deleted = ArticleEvent.objects.get(story_id=article.pk, action=Action.DELETED)
    assert deleted.article is None and deleted.actor.username == ("chief" if who == "superuser" else "edna")


@pytest.mark.django_db
def test_bulk_delete_keeps_each_story_s_trail(editor, editor_client):
    """The list's "Delete selected" action deletes several stories, each leaving its record."""
    first, second = story_with_history(editor, "First"), story_with_history(editor, "Second")
    changelist = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk__in=[first.pk, second.pk]).exists()
    for story, headline in ((first, "First"), (second, "Second")):
        assert trail_of(story.pk)[-1] == (Action.DELETED, headline)
        assert ArticleEvent.objects.get(story_id=story.pk, action=Action.DELETED).actor == editor


@pytest.mark.django_db
def test_the_audit_trail_lists_a_deleted_story_by_its_headline(editor, superuser_client):
    """The event list still says which story an event was about."""
    article = story_with_history(editor, "Gone but recorded")
    superuser_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    page = superuser_client.get(reverse("admin:articles_articleevent_changelist"))
    assert page.status_code == 200
    assert page.content.decode().count("Gone but recorded") >= 3


@pytest.mark.django_db(transaction=True)
def test_deleting_a_public_story_takes_its_cached_page_down(client, settings, django_user_model):
    """Its address answers 404 at once: the page cache drops the page it kept."""
    settings.PAGE_CACHE_SECONDS = 300
    article = ArticleFactory(headline="Live then deleted")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"
    # A transactional test may start without the roles' groups (flushed): a superuser deletes.
    chief = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    client_for(chief).post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert client.get(url).status_code == 404
