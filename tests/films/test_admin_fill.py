"""The film admin's "Fill from TMDb / Wikidata": a diff first, then the import on confirm."""

import pytest
from bs4 import BeautifulSoup

from films.models import Film, Person, Role
from tests.factories import CreditFactory, FilmFactory, PersonFactory
from tests.films.film_sources import film_sources, json_answer, load, wikidata_entities


@pytest.fixture
def film(db):
    return FilmFactory(
        title="Fight Club", slug="fight-club", release_year=1999, tmdb_id="550", synopsis="Ours."
    )


def fill_url(film: Film) -> str:
    return f"/admin/films/film/{film.pk}/fill/"


@pytest.mark.django_db
def test_the_change_form_links_to_the_fill_page(superuser_client, film):
    page = superuser_client.get(f"/admin/films/film/{film.pk}/change/").content.decode()
    assert f'href="{fill_url(film)}"' in page


@pytest.mark.django_db
def test_the_fill_page_has_the_admins_breadcrumbs(superuser_client, film):
    """The trail back to the film, as a list the admin styles like every other page's."""
    soup = BeautifulSoup(superuser_client.get(fill_url(film)).content, "html.parser")
    trail = soup.select('nav[aria-label="Breadcrumbs"] ol.breadcrumbs > li')
    assert [step.get_text(strip=True) for step in trail] == [
        "Home",
        "Films, people and festivals",
        "Films",
        str(film),
        "Fill from TMDb / Wikidata",
    ]
    assert trail[-1].get("aria-current") == "page"


@pytest.mark.django_db
def test_the_diff_shows_what_would_be_replaced_and_writes_nothing(superuser_client, film, sources):
    response = superuser_client.get(fill_url(film), {"reference": "tmdb:550"})
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {tr.td.get_text(): tr.find_all("td")[1].get_text() for tr in soup.select("tbody tr")}
    assert rows["synopsis"] == "Ours. (will be replaced)"
    assert rows["runtime_minutes"] == "—"
    assert "Adds 3 releases and 8 credits" in soup.get_text()
    assert "not endorsed or certified by TMDB" in soup.get_text()
    film.refresh_from_db()
    assert film.synopsis == "Ours." and not film.credits.exists()


@pytest.mark.django_db
def test_the_preview_counts_only_the_credits_the_import_adds(superuser_client, film, sources):
    """A credit the film has under the person the import matches (by TMDb id, whatever the
    spelling of the name) is not counted again, and is not added again."""
    norton = PersonFactory(name="Édward NORTON", tmdb_id="819")
    CreditFactory(film=film, person=norton, role=Role.CAST, character="The Narrator")
    response = superuser_client.get(fill_url(film), {"reference": "tmdb:550"})
    preview = BeautifulSoup(response.content, "html.parser")
    assert "Adds 3 releases and 7 credits" in preview.get_text()
    superuser_client.post(fill_url(film), {"reference": "tmdb:550"})
    assert film.credits.count() == 8 and film.credits.filter(person=norton).count() == 1


@pytest.mark.django_db
def test_the_preview_names_people_who_may_be_one_person(superuser_client, film, sources):
    """A new person whose name someone here has already, under another id, is named for the
    desk to check."""
    PersonFactory(name="Brad Pitt", slug="brad-pitt", tmdb_id="9999")
    response = superuser_client.get(fill_url(film), {"reference": "tmdb:550"})
    notes = [li.get_text() for li in BeautifulSoup(response.content, "html.parser").select(".namesakes li")]
    assert notes == ["Brad Pitt (TMDb 287) and Brad Pitt (TMDb 9999, /people/brad-pitt/)"]
    response = superuser_client.post(fill_url(film), {"reference": "tmdb:550"}, follow=True)
    told = [m.message for m in response.context["messages"]]
    assert f"Check whether these are one person: {notes[0]}." in told
    assert Person.objects.filter(name="Brad Pitt").count() == 2


@pytest.mark.django_db
def test_an_id_another_film_has_is_named_and_nothing_is_filled_in(superuser_client, sources):
    """Filling a hand-made Fight Club with tmdb:550 while another film has 550: the page says
    which film has it, offers no confirm, and a confirm sent anyway changes nothing."""
    FilmFactory(title="Fight Club", slug="fight-club-1999", release_year=1999, tmdb_id="550")
    mine = FilmFactory(title="Fight Club", slug="fight-club", release_year=None)
    response = superuser_client.get(fill_url(mine), {"reference": "tmdb:550"})
    page = BeautifulSoup(response.content, "html.parser")
    clash = "TMDb id 550 is already that of Fight Club (1999), /films/fight-club-1999/"
    assert [li.get_text() for li in page.select(".clashes li")] == [clash]
    assert not page.select('form[method="post"] input[name="reference"]')  # no confirm
    response = superuser_client.post(fill_url(mine), {"reference": "tmdb:550"})
    assert [m.message for m in response.context["messages"]] == [f"Nothing was changed: {clash}."]
    mine.refresh_from_db()
    assert mine.tmdb_id == "" and not mine.credits.exists()
    assert Film.objects.filter(tmdb_id="550").count() == 1


@pytest.mark.django_db
def test_confirming_fills_the_film_in(superuser_client, film, sources):
    response = superuser_client.post(fill_url(film), {"reference": "tmdb:550"})
    assert response.status_code == 302 and response["Location"].endswith(f"/films/film/{film.pk}/change/")
    film.refresh_from_db()
    assert (
        film.synopsis.startswith("An insomniac") and film.credits.count() == 8 and film.releases.count() == 3
    )


@pytest.mark.django_db
def test_an_unknown_id_is_a_message_not_an_error(superuser_client, film, sources):
    response = superuser_client.post(fill_url(film), {"reference": "tmdb:999"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was changed: TMDb has no movie 999." in response.content.decode()
    assert not film.credits.exists()


@pytest.mark.django_db
def test_only_editors_who_may_change_films_can_fill_them(client, django_user_model, film):
    staff = django_user_model.objects.create_user("intern", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.post(fill_url(film), {"reference": "tmdb:550"}).status_code == 403


def tmdb_550(change):
    """TMDb's answer for Fight Club with `change` (a function of the parsed document) made to it."""
    movie = load("tmdb/movie-550.json")
    change(movie)
    return lambda request: (
        json_answer(200, movie) if request.path.startswith("/3/movie/550?") else film_sources(request)
    )


def city_streets_runtime(amount: str):
    entities = wikidata_entities()
    entities["Q2262932"]["claims"]["P2047"][0]["mainsnak"]["datavalue"]["value"]["amount"] = amount
    return lambda request: json_answer(200, {"entities": entities, "success": 1})


HOSTILE = {
    "a release date that is no day": ("tmdb:550", tmdb_550(
        lambda m: m["release_dates"]["results"][0]["release_dates"][0].update(release_date="2019-13-45")
    )),
    "a cast member with no order": ("tmdb:550", tmdb_550(
        lambda m: m["credits"]["cast"][0].update(order=None)
    )),
    "an empty list for the film": ("tmdb:550", lambda request: json_answer(200, [])),
    "a status line that is not HTTP": ("tmdb:550", lambda request: b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
    "a 70 KB header": ("tmdb:550", lambda request: (200, {"X-Filler": "a" * 70_000}, b"{}")),
    "a runtime that is no number": ("wikidata:Q2262932", city_streets_runtime("+abc")),
    "digits of another script": ("tmdb:٥٥٠", film_sources),
    "a superscript digit": ("tmdb:²", film_sources),
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_or_broken_answer_is_a_message_and_writes_nothing(superuser_client, film, sources, case):
    """The editor is told, in the page, what went wrong; the film and the people stay as they were."""
    reference, answer = HOSTILE[case]
    sources.answer = answer
    for response in (
        superuser_client.get(fill_url(film), {"reference": reference}),
        superuser_client.post(fill_url(film), {"reference": reference}),
    ):
        assert response.status_code == 200
        [message] = [m.message for m in response.context["messages"]]
        assert message.startswith("Nothing was changed: ")
    film.refresh_from_db()
    assert film.synopsis == "Ours." and not film.credits.exists() and not film.releases.exists()
    assert not Person.objects.exists()
