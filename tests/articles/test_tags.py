"""Tags in the story form: writers pick existing tags; only those with the tag permission add new ones."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from tests.factories import ArticleFactory
from tests.staff import client_for, form_data, make_staff


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save_tags(client, article, tags: str):
    page = client.get(change_url(article))
    return client.post(change_url(article), {**form_data(page), "tags": tags})


def writers_draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)


@pytest.mark.django_db
def test_a_writer_cannot_create_a_tag(writer, writer_client):
    """The form says which tags are new; nothing is saved, no tag is made."""
    Tag.objects.create(name="Cannes", slug="cannes")
    article = writers_draft(writer)
    response = save_tags(writer_client, article, "cannes, Secret Sequel")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert "Secret Sequel" in errors[0] and "Cannes" not in errors[0]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Cannes"]
    assert not article.tags.exists()


@pytest.mark.django_db
def test_a_writer_uses_existing_tags_whatever_their_case(writer, writer_client):
    Tag.objects.create(name="Cannes", slug="cannes")
    article = writers_draft(writer)
    assert save_tags(writer_client, article, "cannes").status_code == 302
    assert list(article.tags.values_list("name", flat=True)) == ["Cannes"]


@pytest.mark.django_db
def test_an_editor_creates_tags(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert save_tags(editor_client, article, "Brand New, Cannes").status_code == 302
    assert list(article.tags.values_list("name", flat=True)) == ["Brand New", "Cannes"]


@pytest.mark.django_db
def test_tag_suggestions_need_the_right_to_write_stories(writer_client, django_user_model):
    """Staff without story permissions get 403, not the tags of drafts."""
    Tag.objects.create(name="Secret Sequel", slug="secret-sequel")
    url = reverse("admin:articles_article_tag_suggestions") + "?q=sec"
    assert writer_client.get(url).json()["tags"] == ["Secret Sequel"]
    stranger = django_user_model.objects.create_user("sam", "sam@example.com", "pw", is_staff=True)
    assert client_for(stranger).get(url).status_code == 403


@pytest.mark.django_db
def test_tag_suggestions_name_the_tags_a_writer_may_not_add(writer_client, editor_client):
    """What the tags box holds is checked as it is typed: the writer hears which tags are new
    (taggit's parsing, the form's case rule); an editor, who may add them, hears of none."""
    Tag.objects.create(name="Punk", slug="punk")
    url = reverse("admin:articles_article_tag_suggestions")
    query = {"q": "pu", "names": 'punk, jazz, "Free jazz"'}
    assert writer_client.get(url, query).json() == {"tags": ["Punk"], "new": ["Free jazz", "jazz"]}
    assert editor_client.get(url, query).json() == {"tags": ["Punk"], "new": []}


@pytest.mark.django_db
def test_a_writers_tags_box_offers_to_ask_an_editor(writer, writer_client, editor, django_user_model):
    """The writer's form carries the notice for new tags, with a mail to the editors who have an
    address (an editor's form, or an editor without an address, has none)."""
    from bs4 import BeautifulSoup

    without_address = make_staff(django_user_model, "eddie", "Editor")
    without_address.email = ""
    without_address.save()
    soup = BeautifulSoup(writer_client.get(reverse("admin:articles_article_add")).content, "html.parser")
    notice = soup.find(id="id_tags-new")
    assert notice is not None and notice.has_attr("hidden")
    assert notice.find("a", class_="tag-ask")["href"] == "mailto:edna@example.com"
    soup = BeautifulSoup(client_for(editor).get(reverse("admin:articles_article_add")).content, "html.parser")
    assert soup.find(id="id_tags-new") is None
