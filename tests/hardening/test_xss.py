"""Hostile text typed into any editor field stays text: in pages, attributes, JSON-LD, feeds and the admin."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import Client

from films.models import Role
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    CorrectionFactory,
    CreditFactory,
    EmbedFactory,
    FestivalEditionFactory,
    FilmFactory,
    ImageFactory,
    PersonFactory,
    SectionFactory,
)

PAYLOAD = "</script><script>alert(1)</script>\"'><img src=x onerror=alert(1)>"


@pytest.fixture
def poisoned(db):
    """Every editor-entered field carries the payload."""
    image = ImageFactory(alt_text=f"alt {PAYLOAD}", caption=f"caption {PAYLOAD}", credit=f"credit {PAYLOAD}")
    film = FilmFactory(title=f"Film {PAYLOAD}", synopsis=f"Synopsis {PAYLOAD}", poster=image)
    person = PersonFactory(name=f"Person {PAYLOAD}", bio=f"Bio {PAYLOAD}", headshot=image)
    CreditFactory(
        film=film, person=person, role=Role.CAST, character=f"Becky {PAYLOAD}", note=f"note {PAYLOAD}"
    )
    section = SectionFactory(slug="news", name=f"News {PAYLOAD}")
    author = AuthorFactory(name=f"Author {PAYLOAD}", bio=f"Author bio {PAYLOAD}")
    story = ArticleFactory(
        headline=f"Headline {PAYLOAD}",
        dek=f"Dek {PAYLOAD}",
        body=f"<p>Body {PAYLOAD}</p><p><a href='javascript:alert(1)'>link</a></p>",
        section=section,
        authors=[author],
        lead_image=image,
        lead_image_caption=f"Lead caption {PAYLOAD}",
        source_name=f"Source {PAYLOAD}",
        source_url="https://example.com/?q=%22%3E%3Cscript%3E",
        seo_title=f"SEO {PAYLOAD}"[:70],
        seo_description=f"SEO description {PAYLOAD}"[:160],
    )
    ArticleFilmFactory(article=story, film=film)
    ArticlePersonFactory(article=story, person=person)
    story.festival_editions.add(FestivalEditionFactory())
    story.tags.add(f"tag {PAYLOAD}"[:100])
    EmbedFactory(article=story, title=f"Embed {PAYLOAD}")
    CorrectionFactory(article=story, note=f"Correction {PAYLOAD}")
    return {"story": story, "film": film, "person": person, "author": author, "section": section}


def assert_inert_html(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            # Had the payload closed the element, this would be a truncated, invalid JSON text.
            json.loads(script.string)
        else:
            assert script.get("src"), f"inline script in {where}: {script}"
            assert "alert" not in script.get("src")
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (
                f"event handler {attribute} on <{tag.name}> in {where}"
            )
            values = value if isinstance(value, list) else [value]
            assert not any(str(v).strip().lower().startswith("javascript:") for v in values), where
    assert "<script>alert(1)</script>" not in html, where


def page_urls(poisoned) -> list[str]:
    story = poisoned["story"]
    return [
        "/",
        story.get_absolute_url(),
        poisoned["film"].get_absolute_url(),
        poisoned["person"].get_absolute_url(),
        poisoned["author"].get_absolute_url(),
        poisoned["section"].get_absolute_url(),
        "/search/?q=headline",
        f"/search/?q={PAYLOAD}",
    ]


@pytest.mark.django_db
def test_payloads_are_inert_on_every_page(poisoned):
    client = Client()
    for url in page_urls(poisoned):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert_html(response.content.decode(), url)


@pytest.mark.django_db
def test_json_ld_keeps_the_payload_as_data_and_cannot_be_closed(poisoned):
    response = Client().get(poisoned["story"].get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert blocks
    assert "</script>" not in "".join(s.string for s in soup.find_all("script", type="application/ld+json"))
    text = json.dumps(blocks)
    assert "Headline </script><script>alert(1)</script>" in text.replace('\\"', '"')


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/", "feed/json/"])
def test_feeds_escape_the_payload(poisoned, suffix):
    response = Client().get("/" + suffix)
    assert response.status_code == 200
    if suffix == "feed/json/":
        item = response.json()["items"][0]
        assert item["title"].startswith("Headline </script>")  # plain text, for the reader app to escape
        assert "<script" not in item["content_html"]
        return
    assert "<script>alert(1)</script>" not in response.content.decode()
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title.startswith("Headline </script>")
    assert "<script" not in parsed.entries[0].content[0].value


@pytest.mark.django_db
def test_admin_pages_escape_the_payload(poisoned, superuser_client):
    story = poisoned["story"]
    for url in [
        "/admin/articles/article/",
        f"/admin/articles/article/{story.pk}/change/",
        f"/admin/films/film/{poisoned['film'].pk}/change/",
        f"/admin/films/person/{poisoned['person'].pk}/change/",
        "/admin/images/image/",
    ]:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.content.decode(), url
