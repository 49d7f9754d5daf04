"""The reader's side of a story's links (issue 15, point 2): the film box, with or without a
poster, names the key credits, music included; a linked festival edition shows, linked."""

import pytest

from films.models import Role
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    CreditFactory,
    FestivalEditionFactory,
    FestivalFactory,
    FilmFactory,
    ImageFactory,
    PersonFactory,
)
from tests.public.helpers import soup_of


def credit(film, name, role, **kwargs):
    return CreditFactory(film=film, person=PersonFactory(name=name), role=role, **kwargs)


def her_smell_story(poster=None):
    film = FilmFactory(title="Her Smell", release_year=2018, poster=poster)
    credit(film, "Alex Ross Perry", Role.DIRECTOR)
    credit(film, "Elisabeth Moss", Role.CAST, character="Becky Something")
    credit(film, "Keegan DeWitt", Role.COMPOSER)
    credit(film, "Alicia Bognanno", Role.SONGWRITER, note="songs for Something She", billing_order=1)
    credit(film, "Anika Pyle", Role.SONGWRITER, note="songs for the Akergirls", billing_order=2)
    article = ArticleFactory()
    ArticleFilmFactory(article=article, film=film)
    return article


def box_lines(box) -> dict[str, str]:
    """Each line of a film box by its role label: "Music by" -> "Keegan DeWitt"."""
    lines = {}
    for line in box.select(".film-credits > div"):
        text = " ".join(line.dd.get_text(" ", strip=True).split())
        lines[line.dt.get_text(strip=True)] = text.replace(" ,", ",")
    return lines


@pytest.mark.django_db
def test_film_box_without_a_poster_gives_its_text_the_whole_width(client):
    """No poster: no poster column for the text to be squeezed beside."""
    soup = soup_of(client, her_smell_story().get_absolute_url())
    box = soup.select_one(".film-box")
    assert box.select_one("picture") is None
    assert "has-poster" not in box["class"]
    assert box.h3.a.get_text() == "Her Smell"


@pytest.mark.django_db
def test_film_box_with_a_poster_puts_it_in_its_own_column(client):
    soup = soup_of(client, her_smell_story(poster=ImageFactory()).get_absolute_url())
    box = soup.select_one(".film-box")
    assert "has-poster" in box["class"]
    assert box.select_one("picture.film-box-poster img")


@pytest.mark.django_db
def test_film_box_lists_key_credits_music_included(client):
    """Director, cast with their parts, composer, and songwriters with their note, each linked."""
    soup = soup_of(client, her_smell_story().get_absolute_url())
    box = soup.select_one(".film-box")
    assert box_lines(box) == {
        "Directed by": "Alex Ross Perry",
        "With": "Elisabeth Moss (Becky Something)",
        "Music by": "Keegan DeWitt",
        "Original songs by": (
            "Alicia Bognanno (songs for Something She), Anika Pyle (songs for the Akergirls)"
        ),
    }
    names = [a.get_text() for a in box.select(".film-credits a")]
    assert names == ["Alex Ross Perry", "Elisabeth Moss", "Keegan DeWitt", "Alicia Bognanno", "Anika Pyle"]
    assert all(a["href"].startswith("/people/") for a in box.select(".film-credits a"))


@pytest.mark.django_db
def test_linked_festival_edition_shows_on_the_story_linked(client):
    edition = FestivalEditionFactory(
        festival=FestivalFactory(name="Toronto International Film Festival", short_name="TIFF"),
        year=2018,
        slug="tiff-2018",
        location="Toronto",
    )
    article = ArticleFactory()
    article.festival_editions.add(edition)
    response = client.get(article.get_absolute_url())
    soup = soup_of(client, article.get_absolute_url())
    links = soup.select(".festivals a")
    assert [(a["href"], a.get_text(strip=True)) for a in links] == [
        ("/festivals/tiff-2018/", "Toronto International Film Festival 2018")
    ]
    assert "Toronto" in soup.select_one(".festivals").get_text()
    # A change to the edition or its festival reaches the cached page.
    keys = response["Surrogate-Key"].split()
    assert {f"festivaledition-{edition.pk}", f"festival-{edition.festival_id}"} <= set(keys)
