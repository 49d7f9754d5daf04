"""A review's film and rating are part of the story's revisions: compared, and restored."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from reversion.models import Version

from articles.models import Review
from tests.articles.test_revisions import change_url, inline, save
from tests.factories import ArticleFactory, FilmFactory
from tests.staff import form_data


@pytest.mark.django_db
def test_a_changed_rating_is_compared_and_restored(editor_client):
    story, film = ArticleFactory(), FilmFactory(title="Her Smell")
    save(editor_client, story, **inline("review", [{"film": film.pk, "rating": "3"}]))
    data = form_data(editor_client.get(change_url(story)))
    data["review-0-rating"] = "4.5"
    assert editor_client.post(change_url(story), data).status_code == 302
    assert Review.objects.get(article=story).rating == "4.5"
    new, old = Version.objects.get_for_object(story)
    url = reverse("admin:articles_article_compare", args=[story.pk])
    soup = BeautifulSoup(editor_client.get(url, {"a": old.pk, "b": new.pk}).content, "html.parser")
    rows = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in soup.select("#revision-diff tbody tr")
    }
    assert rows["Review"][:2] == ["Her Smell (2018): 3", "Her Smell (2018): 4.5"]
    restore = reverse("admin:articles_article_restore", args=[story.pk, old.pk])
    assert editor_client.post(restore).status_code == 302
    assert Review.objects.get(article=story).rating == "3"
