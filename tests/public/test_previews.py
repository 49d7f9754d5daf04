"""Previews: staff see any story from the admin; a signed link shows a draft to anyone for 48 hours."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Article
from articles.sharing import share_path
from tests.factories import ArticleFactory


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
