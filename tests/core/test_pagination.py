"""Paging lists without counting them."""

import gc
import logging
import tracemalloc
from urllib.parse import quote

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger

from core.pagination import MAX_PAGE, UncountedPaginator


@pytest.mark.parametrize(
    ("rows", "number", "shown", "older"),
    [(45, 1, 20, True), (45, 3, 5, False), (40, 2, 20, False), (0, 1, 0, False), (21, 2, 1, False)],
)
def test_pages_know_whether_an_older_page_exists(rows, number, shown, older):
    page = UncountedPaginator(list(range(rows)), 20).page(number)
    assert len(page.object_list) == shown
    assert page.has_next() is older
    assert page.has_previous() is (number > 1)


@pytest.mark.parametrize("number", ["abc", "1e9", None])
def test_a_page_number_that_is_not_a_number_is_refused(number):
    with pytest.raises(PageNotAnInteger):
        UncountedPaginator([1, 2], 20).page(number)


@pytest.mark.parametrize("number", [0, -1, 3, 999999])
def test_a_page_outside_the_list_is_empty(number):
    with pytest.raises(EmptyPage):
        UncountedPaginator(list(range(25)), 20).page(number)


def test_the_paginator_refuses_to_count():
    with pytest.raises(NotImplementedError):
        UncountedPaginator([1], 20).count  # noqa: B018


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/news/"])
def test_asking_an_uncounted_list_for_its_last_page_is_not_found(client, path):
    from tests.factories import ArticleFactory, SectionFactory

    ArticleFactory(section=SectionFactory(name="News", slug="news"))
    assert client.get(path, {"page": "last"}).status_code == 404
    assert client.get(path, {"page": "1"}).status_code == 200


LIST_PAGES = [
    "/",
    "/news/",
    "/tags/punk/",
    "/authors/writer-x/",
    "/films/her-smell/",
    "/people/elisabeth-moss/",
    "/festivals/tiff-2018/",
    "/search/?q=punk&",
]
BAD_PAGES = [
    "100000000000000000000000000",
    "10001",
    "0",
    "00",
    "01",
    "-1",
    "+1",
    " 1",
    "1 ",
    "1.0",
    "1e3",
    "0x10",
    "١",
    "abc",
    "last",
    "",
]


@pytest.fixture
def lists():
    """Every kind of list page, with a story on each."""
    from tests.factories import (
        ArticleFactory,
        ArticleFilmFactory,
        ArticlePersonFactory,
        AuthorFactory,
        BylineFactory,
        FestivalEditionFactory,
        FilmFactory,
        PersonFactory,
    )

    article = ArticleFactory(headline="Punk story")
    article.festival_editions.add(FestivalEditionFactory(slug="tiff-2018"))
    article.tags.add("punk")
    BylineFactory(article=article, author=AuthorFactory(slug="writer-x"))
    ArticleFilmFactory(article=article, film=FilmFactory(slug="her-smell"))
    ArticlePersonFactory(article=article, person=PersonFactory(slug="elisabeth-moss"))
    return LIST_PAGES


@pytest.mark.django_db
def test_a_huge_page_number_is_not_found(client, lists):
    """It used to overflow the database's integer: a 500."""
    assert client.get("/?page=100000000000000000000000000").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("number", BAD_PAGES)
def test_a_page_number_that_cannot_exist_is_not_found_before_any_query(
    client, lists, django_assert_num_queries, number
):
    for path in lists:
        client.get(path)  # warms the section menu, which the 404 page shows too
        separator = "" if path.endswith("&") else "?"
        with django_assert_num_queries(0):
            assert client.get(f"{path}{separator}page={quote(number)}").status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["1", "2", str(MAX_PAGE)])
def test_a_plain_page_number_up_to_the_cap_is_asked_of_the_database(client, lists, number):
    for path in lists:
        separator = "" if path.endswith("&") else "?"
        expected = 200 if number == "1" else 404  # one story each: later pages are empty
        assert client.get(f"{path}{separator}page={number}").status_code == expected, path


@pytest.mark.django_db
def test_pages_that_cannot_exist_do_not_grow_memory(client, lists, caplog):
    """500 distinct bad page numbers leave nothing behind (no memo keyed by what a client sends)."""
    caplog.set_level(logging.ERROR, logger="django.request")  # pytest keeps every log record
    values = [str(MAX_PAGE + n) for n in range(1, 250)] + [f"x{n}" for n in range(251)]
    client.get("/?page=nope")  # warm: templates compiled, menu cached
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for value in values:
            assert client.get("/", {"page": value}).status_code == 404
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 2 * 1024 * 1024
