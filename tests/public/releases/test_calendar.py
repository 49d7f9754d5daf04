"""The release calendar: what opens in a country this week and next, week by week."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from films.models import Release
from public.releases import this_week
from tests.factories import FilmFactory, ReleaseFactory
from tests.public.helpers import soup_of


def opening_titles(soup) -> list[str]:
    return [li.a.get_text() for li in soup.select("ul.releases li")]


@pytest.mark.django_db
def test_this_week_and_next_in_the_us_by_default(client):
    """Releases of this week and next, by day; last week's, the week after next's and other
    countries' are not shown."""
    monday = this_week()
    ReleaseFactory(film__title="Opens today", date=timezone.localdate())
    ReleaseFactory(film__title="Next Sunday", date=monday + timedelta(days=13))
    ReleaseFactory(film__title="Last Sunday", date=monday - timedelta(days=1))
    ReleaseFactory(film__title="Week after next", date=monday + timedelta(days=14))
    ReleaseFactory(film__title="In France", country="FR", date=monday)
    soup = soup_of(client, "/releases/")
    assert opening_titles(soup) == ["Opens today", "Next Sunday"]
    assert soup.h1.get_text() == "Release calendar: United States of America"


@pytest.mark.django_db
def test_a_country_is_chosen_by_its_code(client):
    monday = this_week()
    ReleaseFactory(film__title="In France", country="FR", date=monday, type=Release.Type.DIGITAL)
    ReleaseFactory(film__title="In the US", date=monday)
    soup = soup_of(client, "/releases/?country=fr")
    assert opening_titles(soup) == ["In France"]
    assert "On digital in France" in soup.select_one("ul.releases li").get_text()
    assert soup.find("link", rel="canonical")["href"].endswith("/releases/?country=FR")


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["XX", "usa", "", "U", "%00", "ÜS", "1" * 500])
def test_an_unknown_country_is_404(client, country):
    assert client.get("/releases/", {"country": country}).status_code == 404
    assert client.get("/releases/2019-W15/", {"country": country}).status_code == 404
    assert client.get("/releases/feed/", {"country": country}).status_code == 404
    assert client.get("/releases/calendar.ics", {"country": country}).status_code == 404


@pytest.mark.django_db
def test_a_past_week_stays_reachable_with_links_to_its_neighbours(client):
    """April 2019: Her Smell in US theaters, in the week of its own address."""
    ReleaseFactory(film__title="Her Smell", date=date(2019, 4, 12))
    ReleaseFactory(film__title="The week before", date=date(2019, 4, 7))
    soup = soup_of(client, "/releases/2019-W15/")
    assert opening_titles(soup) == ["Her Smell"]
    assert "In US theaters" in soup.select_one("ul.releases li").get_text()
    assert soup.find("a", rel="prev")["href"] == "/releases/2019-W14/"
    assert soup.find("a", rel="next")["href"] == "/releases/2019-W16/"
    french = soup_of(client, "/releases/2019-W15/?country=FR")
    assert french.find("a", rel="next")["href"] == "/releases/2019-W16/?country=FR"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "week", ["2019-W00", "2019-W54", "2019-W53", "0000-W01", "9999-W52", "1869-W10", "2019-w15", "2019-W5"]
)
def test_a_week_that_cannot_be_shown_is_404(client, week):
    assert client.get(f"/releases/{week}/").status_code == 404


@pytest.mark.django_db
def test_the_calendar_page_costs_the_same_queries_for_one_or_many_releases(client, django_assert_num_queries):
    monday = this_week()
    ReleaseFactory(date=monday)
    # 1 the releases with their films, 1 the countries with releases, 1 the section menu.
    with django_assert_num_queries(3):
        assert client.get("/releases/").status_code == 200
    for offset in range(12):
        ReleaseFactory(date=monday + timedelta(days=offset), country="US" if offset % 2 else "GB")
    with django_assert_num_queries(3):
        assert client.get("/releases/").status_code == 200
    with django_assert_num_queries(1):  # the feed: the releases with their films
        assert client.get("/releases/feed/atom/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/releases/calendar.ics").status_code == 200


@pytest.mark.django_db
def test_responses_name_every_release_and_the_films_shown(client):
    release = ReleaseFactory(date=this_week())
    for url in ["/releases/", "/releases/feed/", "/releases/feed/json/", "/releases/calendar.ics"]:
        keys = client.get(url)["Surrogate-Key"].split()
        assert {"release", f"film-{release.film_id}", "releases-now"} <= set(keys), url
    past = client.get(f"/releases/{release.date:%G-W%V}/", {"country": "GB"})["Surrogate-Key"].split()
    assert "release" in past and "releases-now" not in past


@pytest.mark.django_db
def test_a_film_page_shows_its_releases(client):
    film = FilmFactory(slug="her-smell", title="Her Smell")
    ReleaseFactory(film=film, date=date(2019, 4, 12), certification="R")
    ReleaseFactory(film=film, country="GB", date=date(2019, 6, 21), type=Release.Type.LIMITED)
    soup = soup_of(client, "/films/her-smell/")
    lines = [" ".join(li.get_text().split()) for li in soup.select("ul.releases li")]
    assert lines == ["In US theaters April 12, 2019 (rated R)", "In UK theaters (limited) June 21, 2019"]
