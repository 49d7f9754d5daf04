"""Every save is a revision, with who and when; two can be compared and one restored, links included."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, ArticleEvent
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FestivalEditionFactory,
    FilmFactory,
    PersonFactory,
)
from tests.staff import form_data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **changes):
    data = {**form_data(client.get(change_url(article))), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def linked_story(editor_client):
    """A story saved once in the admin with every kind of link."""
    article = ArticleFactory(headline="First take", body="<p>One.</p>")
    film, person, author = (
        FilmFactory(title="Her Smell"),
        PersonFactory(name="Elisabeth Moss"),
        AuthorFactory(),
    )
    target, edition = ArticleFactory(headline="Best posters"), FestivalEditionFactory()
    read_more = {"target": target.pk, "after_paragraph": 1, "label": "READ MORE", "position": 0}
    embed = {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title": "Song", "position": 0}
    correction = {
        "kind": "correction",
        "note": "Fixed a name.",
        "made_at_0": "2024-01-01",
        "made_at_1": "10:00",
    }
    save(
        editor_client,
        article,
        tags="punk, music",
        festival_editions=[str(edition.pk)],
        **inline("bylines", [{"author": author.pk, "position": 0}]),
        **inline("film_links", [{"film": film.pk, "kind": "about", "position": 0}]),
        **inline("person_links", [{"person": person.pk, "kind": "about", "position": 0}]),
        **inline("read_more_links", [read_more]),
        **inline("embeds", [embed]),
        **inline("corrections", [correction]),
    )
    article.refresh_from_db()
    return article


def strip_links(client, article):
    """Second save: new headline, every link removed, other tags."""
    data = form_data(client.get(change_url(article)))
    for prefix in ["bylines", "film_links", "person_links", "read_more_links", "embeds", "corrections"]:
        for i in range(int(data[f"{prefix}-INITIAL_FORMS"])):
            data[f"{prefix}-{i}-DELETE"] = "on"
    data.update({"headline": "Second take", "body": "<p>Two.</p>", "tags": "other", "festival_editions": []})
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.django_db
def test_every_admin_save_is_a_revision_with_who_and_when(editor_client, editor, linked_story):
    """The revision holds the story and its links, signed by the editor."""
    version = Version.objects.get_for_object(linked_story).get()
    assert version.revision.user == editor and version.revision.date_created
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert models >= {"article", "byline", "articlefilm", "articleperson", "taggedarticle", "readmorelink",
                      "embed", "correction"}  # fmt: skip


@pytest.mark.django_db
def test_workflow_services_make_revisions_too(editor):
    """Publishing is a save: it is in the history."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    services.article_publish(article=article, by=editor)
    version = Version.objects.get_for_object(article).get()
    assert version.revision.comment == "Published" and version.revision.user == editor


@pytest.mark.django_db
def test_compare_two_revisions_field_by_field_with_links(editor_client, linked_story):
    """The compare page shows the headline and each kind of link that changed."""
    strip_links(editor_client, linked_story)
    new, old = Version.objects.get_for_object(linked_story)
    url = reverse("admin:articles_article_compare", args=[linked_story.pk])
    response = editor_client.get(url, {"a": old.pk, "b": new.pk})
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in soup.select("#revision-diff tbody tr")
    }
    assert rows["Headline"][:2] == ["First take", "Second take"]
    assert "Her Smell" in rows["Films"][0] and rows["Films"][1] == "(empty)"
    assert "Elisabeth Moss" in rows["People"][0]
    assert rows["Tags"][:2] == ["music, punk", "other"]
    assert "Best posters" in rows["READ MORE links"][0]
    assert rows["Festival editions"][0] and rows["Festival editions"][1] == "(empty)"
    assert soup.select("#revision-diff tr.changed del")


@pytest.mark.django_db
def test_restore_brings_back_text_and_every_link(editor_client, editor, linked_story):
    """Restoring the first revision puts back headline, films, people, tags, bylines, READ MORE, embeds,
    corrections and festival editions, and records the restore."""
    before = {
        "films": list(linked_story.films.all()),
        "people": list(linked_story.people.all()),
        "authors": list(linked_story.authors.all()),
        "editions": list(linked_story.festival_editions.all()),
    }
    strip_links(editor_client, linked_story)
    linked_story.refresh_from_db()
    assert not linked_story.films.exists() and sorted(linked_story.tags.names()) == ["other"]
    old = Version.objects.get_for_object(linked_story).last()
    url = reverse("admin:articles_article_restore", args=[linked_story.pk, old.pk])
    assert editor_client.post(url).status_code == 302
    story = Article.objects.get(pk=linked_story.pk)
    assert story.headline == "First take" and story.body == "<p>One.</p>"
    assert list(story.films.all()) == before["films"]
    assert list(story.people.all()) == before["people"]
    assert list(story.authors.all()) == before["authors"]
    assert list(story.festival_editions.all()) == before["editions"]
    assert sorted(story.tags.names()) == ["music", "punk"]
    assert story.read_more_links.get().target.headline == "Best posters"
    assert story.embeds.count() == 1 and story.corrections.count() == 1
    assert story.events.filter(action=ArticleEvent.Action.RESTORED, actor=editor).exists()
    # The restore is itself a revision, and the version moved on (open forms are stale).
    assert Version.objects.get_for_object(story).count() == 3
    assert story.version == 4


@pytest.mark.django_db
def test_restore_keeps_workflow_state(editor):
    """An old revision of a draft does not unpublish the live story."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, headline="Draft headline")
    services.article_publish(article=article, by=editor)  # revision 1: published
    Article.objects.filter(pk=article.pk).update(headline="Live headline")
    article.refresh_from_db()
    old = Version.objects.get_for_object(article).get()
    services.article_restore_revision(article=article, version=old, by=editor)
    article.refresh_from_db()
    assert article.is_published and article.headline == "Draft headline"


@pytest.mark.django_db
def test_writer_cannot_restore_on_a_published_story(writer_client, writer, editor):
    """Restore follows the edit rule."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, created_by=writer)
    services.article_publish(article=article, by=editor)
    version = Version.objects.get_for_object(article).get()
    url = reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    assert writer_client.post(url).status_code == 403


@pytest.mark.django_db
def test_revision_of_another_story_cannot_be_restored_here(editor_client, editor):
    """Version ids are checked against the story in the URL."""
    one, two = (
        ArticleFactory(status="review", published_at=None),
        ArticleFactory(status="review", published_at=None),
    )
    services.article_publish(article=two, by=editor)
    version = Version.objects.get_for_object(two).get()
    url = reverse("admin:articles_article_restore", args=[one.pk, version.pk])
    assert editor_client.post(url).status_code == 404


@pytest.mark.django_db
def test_revisions_page_lists_history(editor_client, linked_story):
    """Who and when for every revision, with compare and restore."""
    strip_links(editor_client, linked_story)
    html = editor_client.get(reverse("admin:articles_article_revisions", args=[linked_story.pk])).content
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("#revision-list tbody tr")) == 2
    assert "edna" in soup.select_one("#revision-list").get_text()


@pytest.mark.django_db
def test_restore_skips_links_to_things_deleted_since(editor_client, editor, linked_story):
    """A film deleted after the revision is left out; everything else comes back."""
    strip_links(editor_client, linked_story)
    old = Version.objects.get_for_object(linked_story).last()
    linked_story.refresh_from_db()
    from films.models import Film

    Film.objects.filter(title="Her Smell").delete()
    services.article_restore_revision(article=linked_story, version=old, by=editor)
    story = Article.objects.get(pk=linked_story.pk)
    assert story.headline == "First take" and not story.films.exists()
    assert [p.name for p in story.people.all()] == ["Elisabeth Moss"]
    assert "without 1 link" in Version.objects.get_for_object(story).first().revision.comment


def breadcrumbs(response) -> list[str]:
    """The trail the admin shows at the top of a page, as the admin styles it (a list)."""
    soup = BeautifulSoup(response.content, "html.parser")
    trail = soup.select('nav[aria-label="Breadcrumbs"] ol.breadcrumbs > li')
    assert trail[-1].get("aria-current") == "page" and trail[-1].a is None
    return [step.get_text(strip=True) for step in trail]


@pytest.mark.django_db
def test_revision_pages_have_the_admins_breadcrumbs(editor_client):
    """Revisions, Compare and Restore lead back as every admin page does, styled alike."""
    article = ArticleFactory(headline="Vox Lux")
    save(editor_client, article)
    save(editor_client, article, headline="Vox Lux, again")
    new, old = Version.objects.get_for_object(article)[:2]
    trail = ["Home", "Stories", "Articles", "Vox Lux, again"]
    revisions = editor_client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert breadcrumbs(revisions) == [*trail, "Revisions"]
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    compared = editor_client.get(compare, {"a": old.pk, "b": new.pk})
    assert breadcrumbs(compared) == [*trail, "Revisions", "Compare"]
    restore = editor_client.get(reverse("admin:articles_article_restore", args=[article.pk, old.pk]))
    assert breadcrumbs(restore) == [*trail, "Revisions", "Restore"]


@pytest.mark.django_db
def test_revisions_name_people_not_their_logins(writer, writer_client):
    """Who saved each revision reads as the person's byline name, not their login."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    save(writer_client, article, headline="Changed")
    html = writer_client.get(reverse("admin:articles_article_revisions", args=[article.pk])).content
    who = BeautifulSoup(html, "html.parser").select("#revision-list tbody td:nth-of-type(4)")
    assert [cell.get_text(strip=True) for cell in who] == ["Wendy Writer"]
