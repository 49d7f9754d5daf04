"""Merging on the conflict page (issue 15, point 3): the refused save carries, per field that
differs, the saved value as the form's inputs would hold it, so "Use theirs" can put it in place;
the page ships it as JSON data, never as markup or script."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.staff import client_for, form_data, make_staff

THEIR_BODY = "<p>Their first paragraph.</p><p>Their <strong>second</strong> paragraph.</p>"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def refused(editor_client, django_user_model):
    """A story another editor saved (headline, body, section, publish time and a headline
    that looks like markup) while this editor changed the standfirst: the refused save."""
    article = ArticleFactory(headline="Original", body="<p>Original body.</p>")
    mine = form_data(editor_client.get(change_url(article)))
    other = client_for(make_staff(django_user_model, "otto", "Editor"))
    theirs = form_data(other.get(change_url(article)))
    features = SectionFactory(slug="features", name="Features")
    when = timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=9, minute=30, second=0)
    theirs.update(
        headline="</script><b>Their headline</b>",
        body=THEIR_BODY,
        section=str(features.pk),
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert other.post(change_url(article), theirs).status_code == 302
    response = editor_client.post(change_url(article), {**mine, "dek": "My standfirst."})
    assert response.status_code == 200
    return article, response, features, when


@pytest.mark.django_db
def test_conflict_carries_the_saved_value_of_each_differing_field(refused):
    article, response, features, when = refused
    theirs = response.context["conflict"]["theirs"]
    assert set(theirs) == {"headline", "dek", "body", "section", "published_at"}
    assert theirs["headline"]["inputs"] == {"headline": "</script><b>Their headline</b>"}
    assert theirs["dek"]["inputs"] == {"dek": "What happened, in one sentence."}
    assert theirs["body"]["inputs"] == {"body": Article.objects.get(pk=article.pk).body}
    assert "<strong>second</strong>" in theirs["body"]["inputs"]["body"]
    # A select takes the choice's value; an autocomplete box also needs its text to show it.
    assert theirs["section"] == {"inputs": {"section": str(features.pk)}, "text": "Features"}
    # The split publish time as its two inputs, in the newsroom's time.
    assert theirs["published_at"]["inputs"] == {
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
    }


@pytest.mark.django_db
def test_conflict_page_ships_theirs_as_data_with_a_named_button_per_field(refused):
    _, response, _, _ = refused
    html = response.content.decode()
    assert "</script><b>Their headline" not in html  # escaped, even inside the JSON
    soup = BeautifulSoup(html, "html.parser")
    data = soup.find("script", id="conflict-theirs")
    assert data["type"] == "application/json"
    assert json.loads(data.string) == response.context["conflict"]["theirs"]
    buttons = {
        button["data-field"]: button.get_text(strip=True)
        for button in soup.select("#conflict button.conflict-take")
    }
    assert buttons == {
        "headline": "Use their headline",
        "dek": "Use their standfirst",
        "body": "Use their body",
        "section": "Use their section",
        "published_at": "Use their publish time",
    }
    assert all(button["type"] == "button" for button in soup.select("#conflict button"))  # never a submit


@pytest.mark.django_db
def test_taking_theirs_then_saving_keeps_the_merge(refused, editor_client):
    """What "Use theirs" puts in the form, saved: their headline and body, my standfirst."""
    article, response, _, _ = refused
    theirs = response.context["conflict"]["theirs"]
    data = form_data(response)
    assert data["dek"].strip() == "My standfirst."
    for name in ("headline", "body"):
        data.update(theirs[name]["inputs"])
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "</script><b>Their headline</b>"
    assert article.body == theirs["body"]["inputs"]["body"]
    assert article.dek == "My standfirst."
