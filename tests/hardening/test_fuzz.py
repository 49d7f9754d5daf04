"""Every public URL pattern, fed random slugs, numbers and query strings, never answers 5xx."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, ArticleFilmFactory, ArticlePersonFactory, AuthorFactory
from tests.hardening.addresses import fill, public_routes, queries

ROUTES = public_routes()


def test_the_fuzzer_sees_the_public_site():
    for expected in ["", "search/", "films/<uslug:slug>/", "people/<uslug:slug>/", "feed/", "<slug:slug>/"]:
        assert expected in ROUTES, expected


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), route=st.sampled_from(ROUTES), query=queries)
def test_no_public_url_answers_5xx(content, data, route, query):
    path = fill(route, data)
    response = Client(raise_request_exception=False).get(f"{path}?{query}")
    assert response.status_code < 500, (path, query, response.status_code)


@pytest.fixture
def content(db):
    article = ArticleFactory(authors=[AuthorFactory()])
    ArticleFilmFactory(article=article, film__slug="her-smell")
    ArticlePersonFactory(article=article)
    article.tags.add("punk")
    return article
