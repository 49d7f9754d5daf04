"""An object's story list is the same whichever way it is read (from its links or by time)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import PERSON_LINKS, Article
from public import listings
from tests.factories import ArticleFactory, ArticlePersonFactory, PersonFactory


@pytest.mark.django_db
@pytest.mark.parametrize("few_links", [1000, 2])  # 2: this person counts as busy
def test_a_person_page_lists_public_stories_newest_first_either_way(client, monkeypatch, few_links):
    monkeypatch.setattr(listings, "FEW_LINKS", few_links)
    person = PersonFactory()
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=hours)) for hours in (5, 1, 3)]
    hidden = [
        ArticleFactory(status=Article.Status.DRAFT),
        ArticleFactory(published_at=now + timedelta(hours=2)),  # scheduled
        ArticleFactory(status=Article.Status.WITHDRAWN, published_at=now - timedelta(hours=2)),
    ]
    for story in [*stories, *hidden]:
        ArticlePersonFactory(article=story, person=person)
    ArticleFactory()  # not about this person
    stories_view = listings.LinkedStories(PERSON_LINKS)
    newest_first = [stories[1].pk, stories[2].pk, stories[0].pk]
    assert [s.pk for s in stories_view.of(person.pk)[0:10]] == newest_first
    assert [s.pk for s in stories_view.of(person.pk)[1:2]] == newest_first[1:2]
    page = client.get(person.get_absolute_url()).content.decode()
    positions = [page.index(story.get_absolute_url()) for story in (stories[1], stories[2], stories[0])]
    assert positions == sorted(positions)
    assert not any(story.headline in page for story in hidden)
