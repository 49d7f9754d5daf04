"""The reader's side of a story's links in a real browser, at a desktop and a phone width:
a film box without a poster uses the column's width; nothing scrolls sideways."""

import pytest

from films.models import Role
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    CreditFactory,
    FestivalEditionFactory,
    FestivalFactory,
    FilmFactory,
    PersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story():
    film = FilmFactory(title="Her Smell", release_year=2018)  # just made by an editor: no poster
    for name, role, extra in [
        ("Alex Ross Perry", Role.DIRECTOR, {}),
        ("Elisabeth Moss", Role.CAST, {"character": "Becky Something"}),
        ("Alicia Bognanno", Role.SONGWRITER, {"note": "songs for Something She"}),
        ("Anika Pyle", Role.SONGWRITER, {"note": "songs for the Akergirls"}),
    ]:
        CreditFactory(film=film, person=PersonFactory(name=name), role=role, **extra)
    article = ArticleFactory(headline="Her Smell gets a punk-rock soundtrack album")
    ArticleFilmFactory(article=article, film=film)
    tiff = FestivalFactory(name="Toronto International Film Festival", short_name="TIFF", slug="tiff")
    article.festival_editions.add(FestivalEditionFactory(festival=tiff, year=2018, slug="tiff-2018"))
    return article


@pytest.mark.parametrize("width", [1280, 390])
def test_film_box_without_poster_and_festival_at_desktop_and_phone_width(
    browser, live_server, settings, story, width, tmp_path
):
    settings.PAGE_CACHE_SECONDS = 0
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + story.get_absolute_url())
    box = page.locator(".film-box").bounding_box()
    text = page.locator(".film-box .film-credits").bounding_box()
    # The text had a 96 px column beside an absent poster; now it has the box's width.
    assert text["width"] >= box["width"] * 0.9, (text, box)
    assert "Original songs by" in page.locator(".film-box").inner_text()
    assert page.locator('.festivals a[href="/festivals/tiff-2018/"]').is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator(".film-box").screenshot(path=str(tmp_path / f"film-box-{width}.png"))
    context.close()
