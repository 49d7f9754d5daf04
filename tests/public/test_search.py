"""Search: ranked full text over public stories (FTS5 or PostgreSQL), films and people by name."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, FilmFactory, PersonFactory
from tests.public.helpers import soup_of


def headlines(soup) -> list[str]:
    return [a.get_text() for a in soup.select(".card-headline a")]


@pytest.mark.django_db
def test_search_finds_public_stories_best_match_first(client):
    ArticleFactory(headline="A punk drama", body="<p>Becky sings.</p>")
    ArticleFactory(headline="Punk, punk and more punk", body="<p>Punk rock punk.</p>")
    ArticleFactory(headline="Punk draft", status="draft")
    ArticleFactory(headline="Punk later", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(headline="Something else")
    soup = soup_of(client, "/search/?q=punk")
    assert headlines(soup) == ["Punk, punk and more punk", "A punk drama"]
    assert soup.h1.get_text() == "Search results for “punk”"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


@pytest.mark.django_db
def test_search_lists_films_and_people_by_name(client):
    film, person = FilmFactory(title="Her Smell"), PersonFactory(name="Smelly Jones")
    soup = soup_of(client, "/search/?q=smell")
    links = [a["href"] for a in soup.select(".entity-list a")]
    assert links == [film.get_absolute_url(), person.get_absolute_url()]


@pytest.mark.django_db
def test_search_results_are_paginated_and_keep_the_query(client):
    for n in range(11):
        ArticleFactory(headline=f"Festival story {n}")
    soup = soup_of(client, "/search/?q=festival")
    assert len(soup.select(".card")) == 10
    assert soup.select_one(".pagination a[rel=next]")["href"] == "?q=festival&page=2"
    assert len(soup_of(client, "/search/?q=festival&page=2").select(".card")) == 1
    assert client.get("/search/?q=festival&page=3").status_code == 404
    assert client.get("/search/?q=festival&page=abc").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", '"', "AND OR NOT", "NEAR(", "*", "'; DROP TABLE x; --", "é" * 500, "%00", "<script>"],
)
def test_empty_and_junk_queries_get_a_calm_answer(client, query):
    """No error page: a plain explanation or an empty result."""
    ArticleFactory(headline="Anything")
    soup = soup_of(client, f"/search/?q={query}")
    assert len(soup.find_all("h1")) == 1
    assert soup.find("script", string=lambda s: s and "alert" in s) is None


@pytest.mark.django_db
def test_search_query_count_is_flat(count_queries):
    """Story count, the page's story ids, their cards, bylines, films, people, the menu: 7."""
    ArticleFactory(headline="Punk story")
    count_queries("/search/?q=punk")
    small = count_queries("/search/?q=punk")
    for n in range(49):
        ArticleFactory(headline=f"Punk story {n}")
        FilmFactory(title=f"Punk film {n}")
    count_queries("/search/?q=punk")
    assert count_queries("/search/?q=punk") == small == 7
