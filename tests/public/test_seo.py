"""What search engines and link previews read: titles, canonicals, Open Graph, JSON-LD, sitemaps."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from films.models import Role
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    AuthorFactory,
    CreditFactory,
    FilmFactory,
    PersonFactory,
)
from tests.public.helpers import big_image, json_ld, meta, soup_of

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://reel.example"
    return settings


@pytest.mark.django_db
def test_every_page_has_its_own_title_description_and_absolute_canonical(client, site):
    call_command("load_demo", verbosity=0)
    story = ArticleFactory(headline="Unique headline")
    urls = ["/", "/news/", "/tags/punk/", "/authors/maya-lindqvist/", "/films/her-smell/",
            "/people/elisabeth-moss/", "/festivals/tiff-2018/", story.get_absolute_url()]  # fmt: skip
    titles = set()
    for url in urls:
        soup = soup_of(client, url)
        titles.add(soup.title.string)
        assert soup.find("meta", attrs={"name": "description"})["content"], url
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical == f"https://reel.example{url}"
        assert meta(soup, "og:url") == canonical and meta(soup, "og:title") and meta(soup, "twitter:card")
        assert "BreadcrumbList" in json_ld(soup) or url == "/"
    assert len(titles) == len(urls)


@pytest.mark.django_db
def test_story_json_ld_is_a_news_article_with_authors_dates_image_and_publisher(client, site):
    author = AuthorFactory(name="Ana Ray", slug="ana-ray")
    article = ArticleFactory(authors=[author], lead_image=big_image())
    soup = soup_of(client, article.get_absolute_url())
    data = json_ld(soup)["NewsArticle"]
    assert data["headline"] == article.headline
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Ray", "url": "https://reel.example/authors/ana-ray/"}
    ]
    assert data["datePublished"].startswith(str(article.published_at.date()))
    assert data["dateModified"] and data["publisher"]["name"] == "Reel Dispatch"
    assert data["image"][0].startswith("https://reel.example/media/") and data["image"][0].endswith(".jpg")
    assert meta(soup, "og:type") == "article" and meta(soup, "og:image") == data["image"][0]
    crumbs = json_ld(soup)["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Home", "News", article.headline]


@pytest.mark.django_db
def test_film_json_ld_is_a_movie_with_director_actors_and_same_as(client, site):
    film = FilmFactory(title="Her Smell", imdb_id="tt6769280", wikidata_id="Q55605340")
    CreditFactory(film=film, person=PersonFactory(name="Alex Ross Perry"), role=Role.DIRECTOR)
    CreditFactory(film=film, person=PersonFactory(name="Elisabeth Moss"), role=Role.CAST, character="Becky")
    data = json_ld(soup_of(client, film.get_absolute_url()))["Movie"]
    assert [d["name"] for d in data["director"]] == ["Alex Ross Perry"]
    assert [a["name"] for a in data["actor"]] == ["Elisabeth Moss"]
    assert data["sameAs"] == [
        "https://www.imdb.com/title/tt6769280/",
        "https://www.wikidata.org/wiki/Q55605340",
    ]


@pytest.mark.django_db
def test_person_json_ld_has_same_as(client, site):
    person = PersonFactory(name="Elisabeth Moss", imdb_id="nm0005253", bio="An actor.")
    data = json_ld(soup_of(client, person.get_absolute_url()))["Person"]
    assert data["name"] == "Elisabeth Moss" and data["description"] == "An actor."
    assert data["sameAs"] == ["https://www.imdb.com/name/nm0005253/"]


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client):
    """A headline holding </script> stays inside the JSON, and the JSON still parses to it."""
    evil = "Oops</script><script>alert(1)</script><!--"
    article = ArticleFactory(headline=evil, dek=evil)
    soup = soup_of(client, article.get_absolute_url())
    assert json_ld(soup)["NewsArticle"]["headline"] == evil
    assert soup.find("script", string=lambda s: s and s.startswith("alert")) is None
    assert b"</script><script>alert" not in client.get(article.get_absolute_url()).content


@pytest.mark.django_db
def test_sitemap_index_points_at_sitemaps_that_list_public_pages_only(client, site):
    public = ArticleFactory()
    draft = ArticleFactory(status="draft")
    later = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    ArticleFilmFactory(article=public)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "https://reel.example/sitemap-stories.xml" in locations
    assert "https://reel.example/sitemap-news.xml" in locations
    stories = ET.fromstring(client.get("/sitemap-stories.xml").content)
    urls = [loc.text for loc in stories.iter(f"{SITEMAP}loc")]
    assert urls == [f"https://reel.example{public.get_absolute_url()}"]
    assert draft.get_absolute_url() not in str(urls) and later.slug not in str(urls)
    assert stories.find(f"{SITEMAP}url/{SITEMAP}lastmod").text.startswith(str(timezone.localdate()))
    films = ET.fromstring(client.get("/sitemap-films.xml").content)
    assert [loc.text for loc in films.iter(f"{SITEMAP}loc")] == [
        f"https://reel.example{public.films.get().get_absolute_url()}"
    ]


@pytest.mark.django_db
def test_news_sitemap_holds_the_last_two_days(client, site):
    fresh = ArticleFactory(headline="Fresh & new")
    ArticleFactory(headline="Old", published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(headline="Draft", status="draft")
    response = client.get("/sitemap-news.xml")
    root = ET.fromstring(response.content)
    titles = [title.text for title in root.iter(f"{NEWS}title")]
    assert titles == ["Fresh & new"]
    assert root.find(f"{SITEMAP}url/{SITEMAP}loc").text == f"https://reel.example{fresh.get_absolute_url()}"
    assert root.find(f".//{NEWS}publication/{NEWS}name").text == "Reel Dispatch"


@pytest.mark.django_db
def test_a_control_character_in_a_headline_leaves_the_news_sitemap_valid_xml(client, site):
    """A vertical tab pasted into a headline: dropped, as the feeds drop it."""
    ArticleFactory(headline="Cannes\x0b line-up\x1f announced")
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    assert [title.text for title in root.iter(f"{NEWS}title")] == ["Cannes line-up announced"]


@cache
def sitemap_schema() -> etree.XMLSchema:
    """The sitemaps.org schema, with Google News' extension that a news sitemap's entries carry."""
    both = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="{SITEMAP[1:-1]}" schemaLocation="sitemap.xsd"/>
      <xs:import namespace="{NEWS[1:-1]}" schemaLocation="sitemap-news.xsd"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(both, base_url=f"{SCHEMAS}/"))


def valid_sitemap(client, url: str) -> etree._Element:
    parts = urlsplit(url)
    response = client.get(parts.path, dict([parts.query.split("=")]) if parts.query else {})
    assert response.status_code == 200, url
    document = etree.fromstring(response.content)
    schema = sitemap_schema()
    assert schema.validate(document), f"{url}: {schema.error_log}"
    return document


@pytest.mark.django_db
def test_the_index_and_every_sitemap_it_lists_validate_against_the_sitemaps_schema(client, site):
    """Whatever the site holds: here no festival, and no story of the last two days."""
    ArticleFilmFactory(article=ArticleFactory(published_at=timezone.now() - timedelta(days=5)))
    index = valid_sitemap(client, "/sitemap.xml")
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "https://reel.example/sitemap-news.xml" in locations
    for location in locations:
        valid_sitemap(client, location)


@pytest.mark.django_db
def test_a_news_sitemap_with_no_story_of_the_last_two_days_lists_the_home_page(client, site):
    """Google News reads it all the same, so it stays a valid sitemap: no story, one plain entry."""
    ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    news = valid_sitemap(client, "/sitemap-news.xml")
    assert [loc.text for loc in news.iter(f"{SITEMAP}loc")] == ["https://reel.example/"]
    assert not list(news.iter(f"{NEWS}news"))


@pytest.mark.django_db
def test_the_release_calendar_and_the_review_list_are_in_the_sitemaps(client, site):
    pages = valid_sitemap(client, "/sitemap-home.xml")
    locations = {loc.text for loc in pages.iter(f"{SITEMAP}loc")}
    assert {"https://reel.example/releases/", "https://reel.example/film-reviews/"} <= locations


@pytest.mark.django_db
@pytest.mark.parametrize("account", ["@reeldispatch", ""])
def test_pages_name_the_sites_twitter_account_when_it_has_one(client, site, account):
    site.TWITTER_SITE = account
    story = ArticleFactory()
    for url in ["/", story.get_absolute_url(), "/film-reviews/", "/releases/"]:
        assert meta(soup_of(client, url), "twitter:site") == (account or None), url


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client, site):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://reel.example/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
