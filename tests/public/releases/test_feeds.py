"""The release calendar's feeds (RSS, Atom, JSON Feed) and its iCalendar subscription, read
back by feedparser and by icalendar itself."""

import html
import json
import re
from datetime import UTC, datetime, time, timedelta

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from core.addresses import absolute_url
from films.models import Release
from public.releases import this_week
from tests.factories import ReleaseFactory

# RFC 5545 section 3.1: a content line is any character but CONTROL (which leaves HTAB), ending in CRLF.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def calendar_of(response) -> Calendar:
    """The response read back by icalendar, after checking each unfolded line holds no control
    character (icalendar itself reads them without a word)."""
    text = response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")
    lines = text.split("\r\n")
    assert lines[-1] == "" and not [line for line in lines if CONTROL.search(line)]
    return Calendar.from_ical(response.content)


@pytest.fixture
def releases(db):
    monday = this_week()
    return [
        ReleaseFactory(film__title="Her Smell", film__slug="her-smell", date=monday + timedelta(days=4)),
        ReleaseFactory(
            film__title="Roma",
            film__slug="roma",
            type=Release.Type.PREMIERE,
            date=monday + timedelta(days=1),
            note="Venice <Film> Festival",
            certification="R",
        ),
        ReleaseFactory(film__title="Elsewhere", country="FR", date=monday),
        ReleaseFactory(film__title="Long gone", date=monday - timedelta(days=60)),
    ]


@pytest.mark.parametrize("path", ["/releases/feed/", "/releases/feed/atom/"])
def test_rss_and_atom_list_this_weeks_releases(client, releases, path):
    feed = feedparser.parse(client.get(path).content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert [title.split(":")[0] for title in titles] == ["Roma", "Her Smell"]
    assert titles[1].startswith("Her Smell: In US theaters ")
    roma = feed.entries[0]
    assert roma.link == absolute_url("/films/roma/")
    assert html.unescape(roma.summary) == "Venice <Film> Festival. Rated R"  # text, given as HTML
    assert roma.id.startswith("tag:") and roma.id.endswith(f"release-{releases[1].pk}")
    opening = datetime.combine(releases[1].date, time(), tzinfo=timezone.get_default_timezone())
    assert roma.published_parsed[:6] == opening.astimezone(UTC).timetuple()[:6]


def test_json_feed_and_a_chosen_country(client, releases):
    data = json.loads(client.get("/releases/feed/json/", {"country": "FR"}).content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"].split(":")[0] for item in data["items"]] == ["Elsewhere"]
    assert data["feed_url"].endswith("/releases/feed/json/?country=FR")


def test_the_page_announces_its_feeds_and_calendar(client, releases):
    html = client.get("/releases/?country=FR").content.decode()
    assert 'href="/releases/feed/atom/?country=FR"' in html
    assert 'href="/releases/calendar.ics?country=FR"' in html


def test_ics_is_a_calendar_of_all_day_events(client, releases):
    response = client.get("/releases/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = calendar_of(response)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    # The coming year and the last four weeks, in one country: not France, not two months ago.
    assert set(events) == {"Her Smell: In US theaters", "Roma: Premiere in the US"}
    her_smell = events["Her Smell: In US theaters"]
    assert her_smell.decoded("dtstart") == releases[0].date
    assert her_smell.decoded("dtend") == releases[0].date + timedelta(days=1)
    assert str(her_smell["url"]).endswith("/films/her-smell/")
    assert str(events["Roma: Premiere in the US"]["description"]) == "Venice <Film> Festival. Rated R"
    # The same release keeps its UID from one fetch to the next, so calendars update it in place.
    again = calendar_of(client.get("/releases/calendar.ics"))
    uids = sorted(str(event["uid"]) for event in events.values())
    assert sorted(str(event["uid"]) for event in again.walk("VEVENT")) == uids
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]


@pytest.mark.django_db
def test_ics_leaves_out_control_characters_as_the_feeds_do(client):
    """A control character pasted into a title, a note or a rating is dropped; line breaks are
    escaped as RFC 5545 says."""
    ReleaseFactory(
        film__title="Her\x0b Smell\x1f", date=this_week(), note="Venice\x1b\nDays", certification="R\x7f"
    )
    calendar = calendar_of(client.get("/releases/calendar.ics"))
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Her Smell: In US theaters"
    assert str(event["description"]) == "Venice\nDays. Rated R"
