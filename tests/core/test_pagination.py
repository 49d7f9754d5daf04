"""Paging lists without counting them."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger

from core.pagination import UncountedPaginator


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
