"""Every page with feeds announces them to browsers and readers, and shows a link to them."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticleFactory
from tests.public.feeds.helpers import KINDS, feed_page

TYPES = {
    "application/rss+xml": "feed/",
    "application/atom+xml": "feed/atom/",
    "application/feed+json": "feed/json/",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_page_links_its_feeds(client, kind):
    """<link rel=alternate> for each format in the head, a visible link for each in the page."""
    page, attach = feed_page(kind)
    attach(ArticleFactory())
    response = client.get(page)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    alternates = {link["type"]: link["href"] for link in soup.head.select('link[rel="alternate"][type]')}
    assert {kind: alternates.get(kind) for kind in TYPES} == {
        kind: page + path for kind, path in TYPES.items()
    }
    visible = [a["href"] for a in soup.body.select(".feed-links a[href]")]
    assert visible == [page + path for path in TYPES.values()]
    for href in visible:
        assert client.get(href).status_code == 200
