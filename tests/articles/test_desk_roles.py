"""Roles that fit a desk (issue 15, point 1): editors run it without a superuser, and a
writer's byline appears with their first story."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Article, Author
from films.models import Festival
from tests.factories import AuthorFactory, SectionFactory
from tests.staff import form_data, make_staff

DESK_MODELS = [
    "films/film",
    "films/person",
    "films/credit",
    "films/festival",
    "films/festivaledition",
    "films/screening",
    "images/image",
    "articles/section",
    "articles/author",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", DESK_MODELS)
def test_editor_manages_the_desk(editor, model):
    """Add, change, delete and view on each model of the desk."""
    app_label, name = model.split("/")
    for action in ["add", "change", "delete", "view"]:
        assert editor.has_perm(f"{app_label}.{action}_{name}"), f"{action} {model}"


@pytest.mark.django_db
def test_writer_still_only_reads_the_desk(writer):
    assert writer.has_perm("films.view_festival")
    assert not writer.has_perm("films.add_festival")
    assert not writer.has_perm("articles.add_author")


@pytest.mark.django_db
def test_editor_adds_a_festival_in_the_admin(editor_client):
    """The "+" that was missing: the add form opens and saves."""
    url = reverse("admin:films_festival_add")
    page = editor_client.get(url)
    assert page.status_code == 200
    data = {
        **form_data(page, "festival_form"),
        "name": "Toronto International Film Festival",
        "short_name": "TIFF",
        "slug": "tiff",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Festival.objects.filter(slug="tiff").exists()


@pytest.mark.django_db
def test_editor_links_a_byline_to_a_staff_account(editor_client, django_user_model):
    """The byline's account is a choice among staff accounts, no user admin needed (the
    autocomplete answered 403 to editors, who may not browse accounts)."""
    wendy = make_staff(django_user_model, "wendy", "Writer")
    django_user_model.objects.create_user("reader", "r@example.com", "pw")  # not staff
    author = AuthorFactory(name="Wendy Writer")
    url = reverse("admin:articles_author_change", args=[author.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    select = BeautifulSoup(page.content, "html.parser").find("select", attrs={"name": "user"})
    offered = {option.get_text(strip=True) for option in select.find_all("option") if option.get("value")}
    assert "wendy" in " ".join(offered)
    assert not any("reader" in label for label in offered)
    response = editor_client.post(url, {**form_data(page, "author_form"), "user": str(wendy.pk)})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.user == wendy


@pytest.mark.django_db
def test_writers_first_story_creates_and_links_their_byline(client, django_user_model):
    """A writer with no byline yet starts a story: it is signed by a new byline linked to them."""
    newcomer = make_staff(django_user_model, "nora", "Writer")
    newcomer.first_name, newcomer.last_name = "Nora", "Newcomer"
    newcomer.save()
    client.force_login(newcomer)
    section = SectionFactory(slug="news", name="News")
    url = reverse("admin:articles_article_add")
    data = {
        **form_data(client.get(url)),
        "headline": "A first story",
        "slug": "a-first-story",
        "section": str(section.pk),
        "status": "draft",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    story = Article.objects.get(slug="a-first-story")
    author = Author.objects.get(user=newcomer)
    assert author.name == "Nora Newcomer"
    assert story.byline_authors == [author]
    # The second story reuses the byline rather than making another.
    data.update(headline="A second story", slug="a-second-story")
    assert client.post(url, data).status_code == 302
    assert Author.objects.filter(user=newcomer).count() == 1
    assert Article.objects.get(slug="a-second-story").byline_authors == [author]


@pytest.mark.django_db
def test_a_story_started_with_bylines_keeps_them(editor_client):
    """An editor who signs a story with someone else's byline is not added to it."""
    section = SectionFactory(slug="news", name="News")
    guest = AuthorFactory(name="Guest Critic")
    url = reverse("admin:articles_article_add")
    data = {
        **form_data(editor_client.get(url)),
        "headline": "A guest review",
        "slug": "a-guest-review",
        "section": str(section.pk),
        "status": "draft",
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(guest.pk),
        "bylines-0-position": "0",
    }
    assert editor_client.post(url, data).status_code == 302
    assert Article.objects.get(slug="a-guest-review").byline_authors == [guest]
    assert not Author.objects.filter(name="edna").exists()


@pytest.mark.django_db
def test_new_byline_slugs_do_not_clash(django_user_model):
    from articles.services import author_for_user

    AuthorFactory(name="Sam Smith", slug="sam-smith")
    user = make_staff(django_user_model, "sam", "Writer")
    user.first_name, user.last_name = "Sam", "Smith"
    user.save()
    author = author_for_user(user=user)
    assert author.slug == "sam-smith-2"
    assert author_for_user(user=user) == author
