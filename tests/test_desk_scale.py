"""The desk at news scale (issue 28): every admin page `make bench` times for editors (bench/desk.py)
answers, and costs the same number of queries, whatever the number of stories, films and people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.desk import desk_pages, desk_rows, desk_subjects, desk_table, give_history
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    BylineFactory,
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReadMoreLinkFactory,
)


def grow(stories: int) -> None:
    """More stories, each with a film (credited), a person, a byline, tags and a READ MORE."""
    for _ in range(stories):
        story = ArticleFactory(headline="A festival story")
        film = FilmFactory()
        CreditFactory(film=film)
        ArticleFilmFactory(article=story, film=film)
        ArticlePersonFactory(article=story)
        BylineFactory(article=story)
        ReadMoreLinkFactory(article=story)
        story.tags.add("Festivals", f"Tag {story.pk}")


def busy_subjects():
    """A story with links of every kind, a film with a cast, a person with a filmography."""
    story = ArticleFactory(headline="The festival's busiest story")
    for _ in range(3):
        ArticleFilmFactory(article=story)
        ReadMoreLinkFactory(article=story)
    for _ in range(4):
        ArticlePersonFactory(article=story)
    for _ in range(2):
        BylineFactory(article=story)
    story.tags.add("Festivals", "Cannes", "Venice")
    film, person = FilmFactory(title="The Festival"), PersonFactory(name="Ana Okafor")
    for _ in range(5):
        CreditFactory(film=film)
        CreditFactory(person=person)
    return story, film, person


def queries_by_page(client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for page, url in pages.items():
        assert client.get(url).status_code == 200, page  # first: caches such as content types fill
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, page
        counts[page] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_desk_page_costs_the_same_at_two_sizes(editor, editor_client):
    """Story list (first page, search, filter, deep page), a busy story's form, the add form, the
    history, the film and person lists and forms, and every autocomplete of the desk's forms."""
    story, film, person = busy_subjects()
    give_history(story, editor)
    grow(2)
    small = queries_by_page(editor_client, desk_pages(story, film, person))
    grow(10)
    assert queries_by_page(editor_client, desk_pages(story, film, person)) == small


@pytest.mark.django_db
def test_the_desk_report_has_a_row_per_page_with_its_figures(editor, editor_client, monkeypatch):
    """The bench picks the busiest story, film and person, and reports each page's URL, median and
    95th percentile render times and queries, as $BENCH_OUT's "desk" list and a table."""
    monkeypatch.setattr("bench.inprocess.RUNS", 2)
    grow(2)
    story, film, person = busy_subjects()
    assert desk_subjects() == (story, film, person)
    rows = desk_rows(editor_client, desk_pages(story, film, person))
    assert [row["page"] for row in rows] == list(desk_pages(story, film, person))
    for row in rows:
        assert set(row) == {"page", "url", "median_ms", "p95_ms", "queries"}
        assert 0 < row["median_ms"] <= row["p95_ms"] and row["queries"] > 0
    lines = desk_table([{"stories": 1000, **row} for row in rows]).splitlines()
    assert len(lines) == len(rows) + 2 and lines[2].split()[:2] == ["1000", "story_list"]
