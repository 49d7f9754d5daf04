"""Small things that keep an editor's trust (issue 15, point 6): the autosave banner says what
changed and can be discarded on the add form too, a restore is confirmed as good news, and
scheduling is an explicit action in the newsroom's stated time zone."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAutosave, ArticleEvent
from tests.factories import ArticleFactory, SectionFactory
from tests.staff import form_data

ADD_URL = "admin:articles_article_add"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def autosave(client, article, **changes):
    page = client.get(change_url(article))
    client.post(reverse("admin:articles_article_autosave", args=[article.pk]), {**form_data(page), **changes})


@pytest.mark.django_db
def test_autosave_banner_names_the_fields_that_differ(writer_client, writer):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    autosave(writer_client, article, headline="A better headline", dek="A new standfirst")
    banner = soup(writer_client.get(change_url(article))).find(id="autosave-banner")
    changed = [item.get_text(strip=True) for item in banner.select(".autosave-fields li")]
    assert changed == ["Headline", "Standfirst"]


@pytest.mark.django_db
def test_autosave_banner_reads_a_rewritten_body_as_a_change_to_the_text(writer_client, writer):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    autosave(writer_client, article, body="<p>Something else entirely.</p>")
    banner = soup(writer_client.get(change_url(article))).find(id="autosave-banner")
    assert [item.get_text(strip=True) for item in banner.select(".autosave-fields li")] == ["Body"]


@pytest.mark.django_db
def test_add_form_banner_offers_discard_and_discard_forgets(writer_client, writer):
    writer_client.post(reverse("admin:articles_article_autosave_new"), {"headline": "Brand new"})
    banner = soup(writer_client.get(reverse(ADD_URL))).find(id="autosave-banner")
    assert [item.get_text(strip=True) for item in banner.select(".autosave-fields li")] == ["Headline"]
    discard = banner.find(id="autosave-discard")
    assert discard is not None
    response = writer_client.post(discard["formaction"])
    assert response.status_code == 302 and response["Location"] == reverse(ADD_URL)
    assert not ArticleAutosave.objects.filter(user=writer).exists()
    assert soup(writer_client.get(reverse(ADD_URL))).find(id="autosave-banner") is None


@pytest.mark.django_db
def test_restored_notice_is_good_news_not_an_error(writer_client, writer):
    writer_client.post(reverse("admin:articles_article_autosave_new"), {"headline": "Brand new"})
    notice = soup(writer_client.get(reverse(ADD_URL) + "?autosave=restore")).find(id="autosave-restored")
    assert notice["role"] == "status"
    assert "workflow-restored" in notice["class"]
    assert not {"workflow-conflict", "workflow-stale", "errornote"} & set(notice["class"])


def schedule_post(client, article, when):
    page = client.get(change_url(article))
    local = timezone.localtime(when)
    data = {
        **form_data(page),
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "_schedule": "Schedule",
    }
    return client.post(change_url(article), data)


@pytest.mark.django_db
def test_editor_schedules_with_an_explicit_action(editor_client):
    """Schedule: the story is published at the time set, in the newsroom's zone, no status juggling."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    when = (timezone.now() + timedelta(days=1)).replace(microsecond=0, second=0)
    response = schedule_post(editor_client, article, when)
    assert response.status_code == 302, soup(response).select(".errorlist")
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == when
    assert article.events.filter(action=ArticleEvent.Action.SCHEDULED).exists()


@pytest.mark.django_db
def test_schedule_needs_a_time_ahead(editor_client):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    response = schedule_post(editor_client, article, timezone.now() - timedelta(hours=2))
    assert response.status_code == 200
    errors = " ".join(e.get_text() for e in soup(response).select(".errorlist"))
    assert "in the future" in errors
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


@pytest.mark.django_db
def test_schedule_button_and_zone_shown_to_editors_only(editor_client, writer_client, writer):
    in_review = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    page = soup(editor_client.get(change_url(in_review)))
    button = page.find("input", attrs={"name": "_schedule"})
    assert button is not None
    assert "New York" in page.find(id="newsroom-zone").get_text()
    assert "America/New_York" in page.find(id="newsroom-zone").get_text()
    own = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    assert soup(writer_client.get(change_url(own))).find("input", attrs={"name": "_schedule"}) is None


@pytest.mark.django_db
def test_a_forged_schedule_from_a_writer_is_refused(writer_client, writer):
    SectionFactory(slug="news", name="News")
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    data = {**form_data(writer_client.get(change_url(article))), "_schedule": "Schedule"}
    response = writer_client.post(change_url(article), data)
    assert response.status_code in (200, 403)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def messages_after(response) -> list[str]:
    """The messages the next page shows, as "level: text"."""
    from django.contrib.messages import get_messages

    return [f"{message.level_tag}: {message}" for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_after_schedule_the_message_says_when_the_story_goes_live(editor_client):
    """Not "was changed (or added) successfully": the day and time it goes live, in the
    newsroom's zone, from the change form and from the add form."""
    article = ArticleFactory(headline="Vox Lux opens", status=Article.Status.REVIEW, published_at=None)
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=9, minute=30, second=0)
    shown = f"goes live on {when:%A} {when.day} {when:%B %Y} at 09:30, New York time (America/New_York"
    response = schedule_post(editor_client, article, when)
    assert response.status_code == 302
    [message] = messages_after(response)
    assert message.startswith("success: “Vox Lux opens” is scheduled: it " + shown), message

    page = editor_client.get(reverse(ADD_URL))
    section = SectionFactory(slug="features", name="Features")
    data = {
        **form_data(page),
        "headline": "Sia's songs",
        "slug": "sias-songs",
        "section": str(section.pk),
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "_schedule": "Schedule",
    }
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    [message] = messages_after(response)
    assert message.startswith("success: “Sia's songs” is scheduled: it " + shown), message
