"""Bad addresses and bad page numbers get the site's own 404 page; a crash gets its 500 page."""

import pytest
from django.template.loader import render_to_string

from tests.factories import ArticleFactory, FestivalEditionFactory, FilmFactory, PersonFactory
from tests.public.helpers import soup_of


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/films/nope/", "/people/nope/", "/festivals/nope/", "/tags/nope/", "/authors/nope/", "/nope/",
     "/news/2019/13/01/x/", "/news/2019/02/30/x/", "/news/2019/01/01/nope/", "/news/9999/12/31/x/",
     "/news/0000/01/01/x/",
     "/?page=abc", "/?page=999999", "/?page=0", "/?page=-1", "/news/?page=abc", "/news/?page=999999",
     "/films/her-smell/?page=abc", "/films/her-smell/?page=999999", "/people/p/?page=2",
     "/festivals/tiff/?page=x", "/tags/punk/?page=99", "/search/?q=x&page=abc",
     # A NUL matches no route; PostgreSQL refuses it in the old-address lookup that follows.
     "/films/%00/", "/sitemap-%00.xml", "/%00/"],
)  # fmt: skip
def test_unknown_slugs_and_bad_pages_answer_404_in_the_site_style(client, url):
    article = ArticleFactory()
    article.tags.add("punk")
    FilmFactory(slug="her-smell")
    PersonFactory(slug="p")
    FestivalEditionFactory(slug="tiff")
    soup = soup_of(client, url, status=404)
    assert soup.h1.get_text() == "We could not find that page"
    # A search box and the way home, but no section menu: a 404 costs no query.
    assert soup.find("form", role="search") and not soup.select_one(".site-nav")


def test_500_page_renders_without_a_request_or_database():
    """Django renders it with an empty context: it must not need the database or our context."""
    html = render_to_string("500.html")
    assert "Something went wrong" in html and "site.css" in html
