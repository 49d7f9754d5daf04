"""The release calendar in the page cache: a release change shows at once, and "this week"
turns on Monday with no job running."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from public.releases import this_week
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/releases/", "/releases/feed/", "/releases/feed/atom/", "/releases/calendar.ics"]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def is_hit(client, url) -> bool:
    return client.get(url).get("X-Page-Cache") == "hit"


def test_a_new_release_shows_at_once_on_the_calendar_and_its_feeds(client):
    ReleaseFactory(film__title="Already there", date=this_week())
    for url in PAGES:
        client.get(url)
        assert is_hit(client, url), url
    ReleaseFactory(film__title="Just announced", date=this_week() + timedelta(days=1))
    for url in PAGES:
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit", url
        assert b"Just announced" in response.content, url


def test_renaming_a_film_shows_on_the_calendar(client):
    release = ReleaseFactory(film__title="Working title", date=this_week())
    client.get("/releases/")
    release.film.title = "Final title"
    release.film.save()
    assert b"Final title" in client.get("/releases/").content


def test_this_week_turns_on_monday_with_no_job_running(client, monkeypatch, settings):
    """This week's page is stored until Monday at midnight at most, then shows the new week."""
    settings.PAGE_CACHE_SECONDS = 60 * 60 * 24 * 30  # only the week's end can expire it
    monday = this_week()
    ReleaseFactory(film__title="Opening now", date=monday)
    ReleaseFactory(film__title="Opening next week", date=monday + timedelta(days=7))
    ReleaseFactory(film__title="Opening in three weeks", date=monday + timedelta(days=20))
    client.get("/releases/")
    assert is_hit(client, "/releases/")
    turn = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time())) + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: turn)
    monkeypatch.setattr(timezone, "localdate", lambda *args: turn.date())
    monkeypatch.setattr("time.time", lambda: turn.timestamp())
    response = client.get("/releases/")
    assert response.get("X-Page-Cache") != "hit"
    assert b"Opening in three weeks" in response.content and b"Opening now" not in response.content
    assert is_hit(client, "/releases/")
