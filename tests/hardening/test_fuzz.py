"""Every public URL pattern, fed random slugs, numbers and query strings, never answers 5xx."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, ArticleFilmFactory, ArticlePersonFactory, AuthorFactory

NOT_PUBLIC = ("admin/", "media/", "static/", "preview/")
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")

slugs = st.one_of(
    st.sampled_from(["her-smell", "news", "tiff-2018", "punk", "a" * 300, "-", "_"]),
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
)
numbers = st.integers(min_value=0, max_value=10**12)
junk = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    max_size=60,
)
query_values = st.one_of(
    junk, numbers.map(str), st.sampled_from(["", "0", "-1", "abc", "last", "999999", "1e9"])
)
queries = st.dictionaries(
    st.sampled_from(["page", "q", "utm_source", "format", "x"]), query_values, max_size=3
)


def public_routes() -> list[str]:
    """Route strings of every path() in the URLconf, admin and media aside."""
    routes = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and not route.startswith("^"):
                routes.append(prefix + route)

    walk(get_resolver().url_patterns)
    return [route for route in routes if not route.startswith(NOT_PUBLIC)]


def fill(route: str, data) -> str:
    def value(match):
        kind = match["kind"] or "str"
        if kind in {"int", "yyyy", "dd"}:
            return str(data.draw(numbers))
        return data.draw(slugs)

    return "/" + CONVERTER.sub(value, route)


ROUTES = public_routes()


def test_the_fuzzer_sees_the_public_site():
    for expected in ["", "search/", "films/<slug:slug>/", "people/<slug:slug>/", "feed/", "<slug:slug>/"]:
        assert expected in ROUTES, expected


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), route=st.sampled_from(ROUTES), query=queries)
def test_no_public_url_answers_5xx(content, data, route, query):
    path = fill(route, data)
    response = Client(raise_request_exception=False).get(path, query)
    assert response.status_code < 500, (path, query, response.status_code)


@pytest.fixture
def content(db):
    article = ArticleFactory(authors=[AuthorFactory()])
    ArticleFilmFactory(article=article, film__slug="her-smell")
    ArticlePersonFactory(article=article)
    article.tags.add("punk")
    return article
