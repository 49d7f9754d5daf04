"""Every part of a story can be reached and edited in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    CorrectionFactory,
    CreditFactory,
    EmbedFactory,
    FestivalEditionFactory,
    ImageFactory,
    ReadMoreLinkFactory,
    ScreeningFactory,
)

OUR_APPS = {"articles", "films", "images"}
# Written only by the workflow (articles.services); the admin shows them, nobody edits them.
READ_ONLY = {"ArticleEvent"}


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


@pytest.fixture
def one_of_everything(db):
    article = ArticleFactory(authors=[AuthorFactory()], lead_image=ImageFactory())
    ArticleFilmFactory(article=article)
    ArticlePersonFactory(article=article)
    ReadMoreLinkFactory(article=article)
    EmbedFactory(article=article)
    CorrectionFactory(article=article)
    CreditFactory()
    ScreeningFactory(edition=FestivalEditionFactory())
    article.tags.add("punk")
    return article


@pytest.mark.django_db
def test_every_model_of_ours_is_in_the_admin():
    registered = {model.__name__ for model in our_models()}
    assert registered >= {
        "Article",
        "Section",
        "Author",
        "Film",
        "Person",
        "Festival",
        "FestivalEdition",
        "Image",
    }


@pytest.mark.django_db
def test_admin_list_add_and_change_pages_answer(superuser_client, one_of_everything):
    for model in our_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert superuser_client.get(changelist).status_code == 200, changelist
        if model.__name__ not in READ_ONLY:
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert superuser_client.get(add).status_code == 200, add
        obj = model.objects.first()
        if obj is None and model.__name__ in READ_ONLY:
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert superuser_client.get(change).status_code == 200, change


@pytest.mark.django_db
def test_story_change_form_offers_every_link_inline(superuser_client, one_of_everything):
    response = superuser_client.get(reverse("admin:articles_article_change", args=[one_of_everything.pk]))
    html = response.content.decode()
    inlines = ["bylines", "film_links", "review", "person_links", "read_more_links", "embeds", "corrections"]
    for prefix in inlines:
        assert f'name="{prefix}-TOTAL_FORMS"' in html, prefix
    assert "django_prose_editor" in html  # the rich-text editor ships its own assets
    assert "admin/js/autocomplete.js" in html


@pytest.mark.django_db
def test_tag_suggestions_complete_existing_tags(superuser_client, one_of_everything):
    one_of_everything.tags.add("Punk rock", "soundtrack")
    url = reverse("admin:articles_article_tag_suggestions")
    assert superuser_client.get(url, {"q": "pu"}).json()["tags"] == ["punk", "Punk rock"]
    assert superuser_client.get(url, {"q": ""}).json()["tags"] == []


@pytest.mark.django_db
def test_tag_suggestions_need_staff(client):
    response = client.get(reverse("admin:articles_article_tag_suggestions"), {"q": "p"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_editor_saves_a_story_with_links_through_the_admin(superuser_client):
    """A full admin POST: body sanitised, bylines, films and tags saved."""
    section = ArticleFactory().section
    author = AuthorFactory()
    film_link = ArticleFilmFactory()
    data = {
        "headline": "A new story",
        "slug": "a-new-story",
        "dek": "Dek",
        "section": section.pk,
        "body": "<p>Hello<script>x</script></p>",
        "tags": "punk, music",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "lead_image_caption": "",
        "source_name": "",
        "source_url": "",
        "seo_title": "",
        "seo_description": "",
        "bylines-TOTAL_FORMS": "1", "bylines-INITIAL_FORMS": "0",
        "bylines-0-author": author.pk, "bylines-0-position": "0",
        "film_links-TOTAL_FORMS": "1", "film_links-INITIAL_FORMS": "0",
        "film_links-0-film": film_link.film.pk, "film_links-0-kind": "about", "film_links-0-position": "0",
    }  # fmt: skip
    for prefix in ["person_links", "review", "read_more_links", "embeds", "corrections"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = superuser_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="a-new-story")
    assert article.body == "<p>Hello</p>"
    assert article.byline_authors == [author]
    assert list(article.films.all()) == [film_link.film]
    assert sorted(article.tags.names()) == ["music", "punk"]
