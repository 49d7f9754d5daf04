"""No lost edits: the optimistic lock, the stale-form warning, and autosave."""

import threading
import time

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.urls import reverse

from articles.models import Article, ArticleAutosave
from articles.services import ArticleConflict, article_lock
from tests.factories import ArticleFactory
from tests.staff import client_for, form_data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def second_editor(db, django_user_model):
    from tests.staff import make_staff

    return make_staff(django_user_model, "ed2", "Editor")


@pytest.mark.django_db
def test_change_form_carries_the_version_it_was_opened_at(editor_client):
    """A hidden base_version field holds the story's version."""
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(version=7)
    assert form_data(editor_client.get(change_url(article)))["base_version"] == "7"


@pytest.mark.django_db
def test_second_save_from_an_old_version_is_refused_and_text_kept(editor_client, editor, second_editor):
    """The first save wins; the second is refused, shows what changed and keeps its text."""
    article = ArticleFactory(headline="Original", body="<p>Original body.</p>")
    other = client_for(second_editor)
    mine = form_data(editor_client.get(change_url(article)))
    theirs = form_data(other.get(change_url(article)))
    first = other.post(change_url(article), {**theirs, "headline": "Their headline"})
    assert first.status_code == 302
    response = editor_client.post(
        change_url(article), {**mine, "headline": "My headline", "body": "<p>My careful rewrite.</p>"}
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Their headline"  # never a silent overwrite
    soup = BeautifulSoup(response.content, "html.parser")
    conflict = soup.find(id="conflict")
    assert "ed2" in conflict.get_text()
    changed = {
        row.th.get_text(strip=True).lower(): [td.get_text(" ", strip=True) for td in row.find_all("td")[:2]]
        for row in conflict.select("tbody tr")
    }
    assert changed["headline"] == ["Their headline", "My headline"]
    # The editor's own text is still in the form, ready to merge.
    assert form_data(response)["headline"] == "My headline"
    assert "My careful rewrite." in soup.find("textarea", {"name": "body"}).get_text()
    # Saving again, after seeing their change, goes through.
    again = editor_client.post(change_url(article), form_data(response))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.headline == "My headline"


@pytest.mark.django_db
def test_conflict_lists_what_changed_since_the_form_was_opened(editor_client, second_editor):
    """With the opened version in the history, the message shows their changes, links included."""
    from tests.factories import FilmFactory

    article = ArticleFactory(headline="Original")
    editor_client.post(change_url(article), form_data(editor_client.get(change_url(article))))
    mine = form_data(editor_client.get(change_url(article)))
    other = client_for(second_editor)
    film = FilmFactory(title="Her Smell")
    theirs = form_data(other.get(change_url(article)))
    theirs.update(
        {"headline": "Theirs", "film_links-TOTAL_FORMS": "1", "film_links-0-film": film.pk,
         "film_links-0-kind": "about", "film_links-0-position": "0"}
    )  # fmt: skip
    assert other.post(change_url(article), theirs).status_code == 302
    response = editor_client.post(change_url(article), {**mine, "dek": "My new dek"})
    since = {diff.field: diff for diff in response.context["conflict"]["since_opened"]}
    assert since["Headline"].new == "Theirs" and "Her Smell" in since["Films"].new
    assert "Standfirst" not in since


@pytest.mark.django_db
def test_workflow_move_makes_an_open_form_stale(editor_client, editor):
    """A publish from the list while a form is open: the form's save is refused."""
    from articles import services

    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    data = form_data(editor_client.get(change_url(article)))
    services.article_publish(article=article, by=editor)
    response = editor_client.post(change_url(article), {**data, "headline": "Late"})
    assert response.status_code == 200 and response.context["conflict"]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.headline != "Late"


@pytest.mark.django_db
def test_save_without_a_version_is_refused(editor_client):
    """A form that does not say what it was edited from cannot overwrite."""
    article = ArticleFactory()
    data = form_data(editor_client.get(change_url(article)))
    del data["base_version"]
    assert editor_client.post(change_url(article), data).status_code == 200


@pytest.mark.django_db
def test_successful_saves_bump_the_version_once(editor_client):
    """Each save moves the version on by one."""
    article = ArticleFactory()
    editor_client.post(change_url(article), form_data(editor_client.get(change_url(article))))
    article.refresh_from_db()
    assert article.version == 2


@pytest.mark.django_db
def test_version_endpoint_reports_current_version_and_who(editor_client, editor):
    """The change form's poll: the JSON says who saved last."""
    article = ArticleFactory()
    editor_client.post(change_url(article), form_data(editor_client.get(change_url(article))))
    info = editor_client.get(reverse("admin:articles_article_version", args=[article.pk])).json()
    assert info["version"] == 2 and info["saved_by"] == "edna"


@pytest.mark.django_db
def test_version_endpoint_needs_staff(client):
    """Anonymous readers learn nothing."""
    article = ArticleFactory()
    assert client.get(reverse("admin:articles_article_version", args=[article.pk])).status_code == 302


@pytest.mark.django_db
def test_change_form_ships_the_poll_and_autosave_script(editor_client):
    """The script and its endpoints are on the page."""
    html = editor_client.get(change_url(ArticleFactory())).content.decode()
    assert "newsroom/admin-article.js" in html and "data-version-url" in html and "data-autosave-url" in html


# -- autosave -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_autosave_stores_the_form_and_never_touches_the_story(writer_client, writer):
    """Even a posted status=published stays in the autosave only."""
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, headline="Before"
    )
    data = {**form_data(writer_client.get(change_url(article))), "headline": "Typing…", "status": "published"}
    response = writer_client.post(reverse("admin:articles_article_autosave", args=[article.pk]), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.headline, article.status, article.version) == ("Before", "draft", 1)
    autosave = ArticleAutosave.objects.get(article=article, user=writer)
    assert autosave.data["headline"] == ["Typing…"]


@pytest.mark.django_db
def test_reopening_offers_restore_and_restore_fills_the_form(writer_client, writer):
    """A banner offers Restore/Discard; Restore puts the text back but not the status."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    data = {
        **form_data(writer_client.get(change_url(article))),
        "headline": "Lost tab",
        "body": "<p>Half a paragraph</p>",
        "status": "review",
    }
    writer_client.post(reverse("admin:articles_article_autosave", args=[article.pk]), data)
    page = BeautifulSoup(writer_client.get(change_url(article)).content, "html.parser")
    assert page.find(id="autosave-restore") and page.find(id="autosave-discard")
    restored = writer_client.get(change_url(article) + "?autosave=restore")
    values = form_data(restored)
    assert values["headline"] == "Lost tab" and "Half a paragraph" in values["body"]
    assert values["status"] == "draft"


@pytest.mark.django_db
def test_discard_removes_the_autosave(writer_client, writer):
    """Discard forgets it; saving the story forgets it too."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    url = reverse("admin:articles_article_autosave", args=[article.pk])
    writer_client.post(url, {"headline": "x"})
    writer_client.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))
    assert not ArticleAutosave.objects.exists()
    writer_client.post(url, {"headline": "y"})
    writer_client.post(change_url(article), form_data(writer_client.get(change_url(article))))
    assert not ArticleAutosave.objects.exists()


@pytest.mark.django_db
def test_autosave_of_a_new_story(writer_client, writer):
    """The add form autosaves too, and offers its text back."""
    writer_client.post(reverse("admin:articles_article_autosave_new"), {"headline": "Brand new"})
    assert ArticleAutosave.objects.get(article=None, user=writer).data["headline"] == ["Brand new"]
    restored = writer_client.get(reverse("admin:articles_article_add") + "?autosave=restore")
    assert form_data(restored)["headline"] == "Brand new"


@pytest.mark.django_db
def test_autosave_refused_on_a_story_the_user_may_not_edit(writer_client):
    """Autosave follows the edit rule."""
    article = ArticleFactory()
    response = writer_client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]), {"headline": "x"}
    )
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
def test_two_concurrent_saves_from_one_version_cannot_both_win():
    """The check and the bump are one locked step: of two racing saves, exactly one lands."""
    article = ArticleFactory()
    start = threading.Barrier(2)
    results = []

    def attempt(headline):
        try:
            with transaction.atomic():
                start.wait()
                locked = article_lock(article_id=article.pk, expected_version=1)
                time.sleep(0.2)  # hold the lock while the other save waits for it
                locked.headline, locked.version = headline, locked.version + 1
                locked.save()
            results.append("saved")
        except ArticleConflict:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "saved"]
    article.refresh_from_db()
    assert article.version == 2
