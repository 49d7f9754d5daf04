"""Previews: staff see any story from the admin; a signed link shows a draft to anyone for 48 hours."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, ArticleEvent
from articles.sharing import share_path
from tests.factories import ArticleFactory
from tests.staff import form_data


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Secret draft", **kwargs)


def assert_private_and_noindex(response):
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control and "max-age=0" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


@pytest.mark.django_db
def test_change_form_has_a_preview_button(editor_client):
    """The object tools link to /preview/<pk>/."""
    article = draft()
    soup = BeautifulSoup(
        editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content, "html.parser"
    )
    assert soup.find(id="preview-link")["href"] == reverse("public:preview", args=[article.pk])


@pytest.mark.django_db
def test_staff_preview_is_never_cached_and_noindex(editor_client, writer_client):
    """Editors and writers see the draft; the page is private and noindex."""
    article = draft()
    for client in (editor_client, writer_client):
        assert_private_and_noindex(client.get(reverse("public:preview", args=[article.pk])))


@pytest.mark.django_db
def test_anonymous_cannot_use_the_staff_preview(client):
    """Without an account the staff preview is a 404."""
    assert client.get(reverse("public:preview", args=[draft().pk])).status_code == 404


@pytest.mark.django_db
def test_share_link_shows_the_draft_without_an_account(client, editor_client):
    """The change form offers a link; an anonymous reader opens it."""
    article = draft()
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    link = BeautifulSoup(page.content, "html.parser").find(id="share-link")["value"]
    response = client.get(link.removeprefix("http://testserver"))
    assert_private_and_noindex(response)
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Secret draft"
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_share_link_expires_after_48_hours(client):
    """A link older than 48 hours is a 404."""
    article = draft()
    path = share_path(article)
    real = time.time()
    with mock.patch("time.time", return_value=real + timedelta(hours=47).total_seconds()):
        assert client.get(path).status_code == 200
    with mock.patch("time.time", return_value=real + timedelta(hours=49).total_seconds()):
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_tampered_share_link_is_refused(client):
    """Changing the story id breaks the signature."""
    article, other = draft(), draft(slug="other")
    token = share_path(article).split("/")[-2]
    forged = token.replace(str(article.pk), str(other.pk), 1)
    assert client.get(reverse("public:share-preview", args=[forged])).status_code == 404
    assert client.get(reverse("public:share-preview", args=["nonsense"])).status_code == 404


@pytest.mark.django_db
def test_no_share_link_for_a_story_the_user_may_not_edit(writer_client, other_writer):
    """A writer reading another writer's draft cannot hand it out."""
    article = draft(created_by=other_writer)
    page = writer_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find(id="share-link") is None
    assert not soup.find(id="article-workflow").has_attr("data-autosave-url")


def share_link_on_change_form(client, article) -> str:
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    link = BeautifulSoup(page.content, "html.parser").find(id="share-link")
    return link["value"].removeprefix("http://testserver") if link else ""


@pytest.mark.django_db
def test_share_link_shows_a_scheduled_story_before_its_time(client):
    """Scheduled is still unpublished: the link shows it."""
    article = ArticleFactory(headline="Coming soon", published_at=timezone.now() + timedelta(hours=3))
    response = client.get(share_path(article))
    assert_private_and_noindex(response)
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Coming soon"


@pytest.mark.django_db
def test_share_link_of_a_published_story_leads_to_its_page(client, editor):
    """Once public, the link sends its holder to the story's own address, and is not cached."""
    article = draft()
    path = share_path(article)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert "no-store" in response["Cache-Control"] and "Surrogate-Key" not in response


@pytest.mark.django_db
def test_share_link_stops_showing_a_withdrawn_story(client, editor):
    """Withdrawn is off the site for link holders too, and stays so if the story goes back to draft."""
    article = ArticleFactory(headline="Pulled")
    path = share_path(article)
    services.article_withdraw(article=article, by=editor, note="Legal")
    assert client.get(path).status_code == 404
    services.article_return_to_draft(article=article, by=editor)
    assert client.get(path).status_code == 404
    article.refresh_from_db()
    assert client.get(share_path(article)).status_code == 200


@pytest.mark.django_db
def test_editor_revokes_every_share_link_of_a_story(client, editor, editor_client):
    """One button on the story: every link handed out before fails; a new one works."""
    article = draft()
    before = [share_link_on_change_form(editor_client, article), share_path(article)]
    assert all(client.get(path).status_code == 200 for path in before)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    button = BeautifulSoup(page.content, "html.parser").find(id="revoke-share-links")
    response = editor_client.post(button["formaction"], form_data(page))
    assert response.status_code == 302
    assert all(client.get(path).status_code == 404 for path in before)
    fresh = share_link_on_change_form(editor_client, article)
    assert fresh not in before and client.get(fresh).status_code == 200
    assert article.events.filter(action=ArticleEvent.Action.LINKS_REVOKED, actor=editor).exists()


@pytest.mark.django_db
def test_only_someone_who_may_edit_the_story_revokes_its_links(client, writer_client, other_writer):
    """A writer cannot revoke (or hand out) another writer's links."""
    article = draft(created_by=other_writer)
    path = share_path(article)
    url = reverse("admin:articles_article_revoke_share_links", args=[article.pk])
    assert writer_client.post(url).status_code == 403
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_restoring_a_revision_does_not_bring_revoked_links_back(client, editor, editor_client):
    """The links' version is not part of a story's text: restoring an older revision keeps it."""
    article = draft()
    path = share_path(article)
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), form_data(page))
    editor_client.post(reverse("admin:articles_article_revoke_share_links", args=[article.pk]))
    version = Version.objects.get_for_object(article).last()
    services.article_restore_revision(article=article, version=version, by=editor)
    assert client.get(path).status_code == 404
