"""Home, section, tag, author, festival, film and person pages: content, paging and cost."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from films.models import Role
from tests.factories import (
    ArticleFactory,
    ArticleFilmFactory,
    ArticlePersonFactory,
    AuthorFactory,
    BylineFactory,
    CreditFactory,
    FestivalEditionFactory,
    FilmFactory,
    ImageFactory,
    PersonFactory,
    ReleaseFactory,
    ScreeningFactory,
    SectionFactory,
)
from tests.public.helpers import soup_of


@pytest.mark.django_db
def test_every_page_type_is_reachable_by_clicking_from_the_demo_home(client):
    """Home → section, story → film, person, tag, author, festival: all one or two clicks away."""
    call_command("load_demo", verbosity=0)
    home = soup_of(client, "/")
    links = {a["href"] for a in home.select("a[href]")}
    assert "/news/" in links and "/search/" in links
    story_url = next(href for href in links if "her-smell-alex" in href)
    story_links = {a["href"] for a in soup_of(client, story_url).select("a[href]")}
    assert {
        "/films/her-smell/",
        "/people/elisabeth-moss/",
        "/tags/punk/",
        "/authors/maya-lindqvist/",
    } <= story_links
    film_links = {a["href"] for a in soup_of(client, "/films/her-smell/").select("a[href]")}
    assert "/festivals/tiff-2018/" in film_links
    for url in (*story_links & {"/films/her-smell/", "/tags/punk/"}, "/festivals/tiff-2018/", "/news/"):
        soup_of(client, url)


@pytest.mark.django_db
def test_home_shows_top_stories_sections_and_a_paged_archive(client):
    news, reviews = SectionFactory(slug="news", name="News"), SectionFactory(slug="reviews", name="Reviews")
    ArticleFactory(headline="The big one", featured=True, section=news)
    ArticleFactory(headline="A review", section=reviews)
    ArticleFactory(headline="Hidden draft", status="draft", section=news)
    soup = soup_of(client, "/")
    assert soup.select_one(".lead-headline").get_text(strip=True) == "The big one"
    boxes = {box.h2.get_text(strip=True): box.get_text() for box in soup.select(".section-box")}
    assert "A review" in boxes["Reviews"]
    assert "Hidden draft" not in soup.get_text()
    assert [a.get_text() for a in soup.select(".site-nav a")] == ["News", "Reviews"]
    assert len(soup.find_all("h1")) == 1


@pytest.mark.django_db
def test_home_section_boxes_show_each_sections_newest_public_stories(client):
    """Sections in menu order, each with its three newest public stories, newest first; the top
    story, drafts, withdrawn and scheduled stories and empty sections are left out."""
    from datetime import timedelta

    from django.utils import timezone

    news = SectionFactory(slug="news", name="News", position=2)
    reviews = SectionFactory(slug="reviews", name="Reviews", position=1)
    SectionFactory(slug="empty", name="Empty", position=0)
    now = timezone.now()
    ArticleFactory(headline="Top", featured=True, section=news, published_at=now - timedelta(minutes=1))
    for hours in range(1, 6):
        ArticleFactory(headline=f"News {hours}h", section=news, published_at=now - timedelta(hours=hours))
    ArticleFactory(headline="Review 1h", section=reviews, published_at=now - timedelta(hours=1))
    ArticleFactory(headline="Draft", section=reviews, status="draft", published_at=now)
    ArticleFactory(headline="Withdrawn", section=reviews, status="withdrawn", published_at=now)
    ArticleFactory(headline="Scheduled", section=reviews, published_at=now + timedelta(hours=1))
    boxes = {
        box.h2.get_text(strip=True): [link.get_text(strip=True) for link in box.select(".story-link a")]
        for box in soup_of(client, "/").select(".section-box")
    }
    assert list(boxes) == ["Reviews", "News"]
    assert boxes == {"Reviews": ["Review 1h"], "News": ["News 1h", "News 2h", "News 3h"]}


@pytest.mark.django_db
def test_archive_pages_have_their_own_title_and_canonical(client):
    for _ in range(21):
        ArticleFactory()
    first, second = soup_of(client, "/"), soup_of(client, "/?page=2")
    assert first.title.string != second.title.string
    assert second.find("link", rel="canonical")["href"].endswith("/?page=2")
    assert second.select_one(".lead-story") is None
    assert len(second.select(".card")) == 1
    assert client.get("/?page=3").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/news/", "/tags/punk/", "/authors/writer-x/", "/festivals/tiff-2018/"])
def test_list_pages_link_their_feeds_and_list_public_stories(client, url):
    author = AuthorFactory(slug="writer-x")
    edition = FestivalEditionFactory(slug="tiff-2018")
    public = ArticleFactory(headline="Public story")
    draft = ArticleFactory(headline="Draft story", status="draft")
    for article in (public, draft):
        article.tags.add("punk")
        BylineFactory(article=article, author=author)
        article.festival_editions.add(edition)
    soup = soup_of(client, url)
    headlines = [a.get_text() for a in soup.select(".card-headline a")]
    assert headlines == ["Public story"]
    assert soup.find("link", rel="alternate", type="application/rss+xml")["href"] == f"{url}feed/"
    assert soup.select_one(".feed-links a")["href"] == f"{url}feed/"
    assert len(soup.find_all("h1")) == 1


@pytest.mark.django_db
def test_film_page_groups_credits_by_role_with_cast_in_billing_order(client):
    film = FilmFactory(title="Her Smell", poster=ImageFactory())
    CreditFactory(
        film=film, person=PersonFactory(name="Second"), role=Role.CAST, character="B", billing_order=2
    )
    CreditFactory(
        film=film, person=PersonFactory(name="First"), role=Role.CAST, character="A", billing_order=1
    )
    CreditFactory(film=film, person=PersonFactory(name="Director"), role=Role.DIRECTOR)
    ScreeningFactory(film=film, edition=FestivalEditionFactory(slug="tiff-2018"))
    soup = soup_of(client, film.get_absolute_url())
    groups = {group.h3.get_text(): [li.get_text(" ", strip=True) for li in group.select("li")]
              for group in soup.select(".credit-group")}  # fmt: skip
    assert list(groups) == ["Director", "Cast"]
    assert groups["Cast"] == ["First as A", "Second as B"]
    assert soup.select_one(".screenings a")["href"] == "/festivals/tiff-2018/"
    assert soup.select_one(".entity-header img")["alt"]


@pytest.mark.django_db
def test_person_page_lists_filmography_by_year_with_roles(client):
    person = PersonFactory(name="Alex Ross Perry")
    old, new = FilmFactory(title="Listen Up Philip", release_year=2014), FilmFactory(title="Her Smell")
    CreditFactory(film=new, person=person, role=Role.DIRECTOR)
    CreditFactory(film=new, person=person, role=Role.WRITER)
    CreditFactory(film=old, person=person, role=Role.CAST, character="Himself")
    soup = soup_of(client, person.get_absolute_url())
    years = [dt.get_text() for dt in soup.select(".filmography dt")]
    entries = [li.get_text(" ", strip=True) for li in soup.select(".filmography li")]
    assert years == ["2018", "2014"]
    assert entries == ["Her Smell : Director; Writer", "Listen Up Philip : Cast (Himself)"]


def grow(count_queries, url: str, add_one) -> tuple[int, int]:
    """Queries for `url` with one related row, then with fifty (the first request warms caches)."""
    add_one(0)
    small = warm_count(count_queries, url)
    for n in range(1, 50):
        add_one(n)
    return small, warm_count(count_queries, url)


def warm_count(count_queries, url: str) -> int:
    """Queries of a repeat visit (every page also reads the section menu: one query)."""
    count_queries(url)
    return count_queries(url)


def story_with(**links):
    article = ArticleFactory(authors=[AuthorFactory()], lead_image=ImageFactory())
    for name, value in links.items():
        getattr(article, name).add(value)
    return article


@pytest.mark.django_db
def test_home_query_count_is_flat(count_queries):
    """Featured stories' ids (none here), the latest's instead, the lead's card and bylines, the
    sections with their boxes' ids, the boxes' links, the archive page's ids, its cards and their
    bylines, the menu: 10 with the fragment store off (pages are never counted:
    core/pagination.py). One story more than the top one, so the boxes are not empty."""
    story_with()
    small, large = grow(count_queries, "/", lambda n: story_with())
    assert small == large == 10


@pytest.mark.django_db
def test_section_tag_author_and_festival_query_counts_are_flat(count_queries):
    """Entity, story page's ids, its cards, bylines, menu: 5 for a section; tag, author and
    festival pages count their links first (to choose how to read their stories: public/listings.py), and the
    festival adds its screenings."""
    section = SectionFactory(slug="news")
    author = AuthorFactory(slug="writer-x")
    edition = FestivalEditionFactory()

    def add(n):
        article = story_with(festival_editions=edition)
        article.tags.add("punk")
        BylineFactory(article=article, author=author, position=1)
        ScreeningFactory(edition=edition, film=FilmFactory(poster=ImageFactory()))

    add(0)
    urls = [section.get_absolute_url(), "/tags/punk/", author.get_absolute_url(), edition.get_absolute_url()]
    small = [warm_count(count_queries, url) for url in urls]
    for n in range(1, 50):
        add(n)
    assert [warm_count(count_queries, url) for url in urls] == small == [5, 6, 6, 7]


@pytest.mark.django_db
def test_film_page_query_count_is_flat(count_queries):
    """With the fragment store off: the film's row; its link count, the stories' ids, their
    cards and bylines; for its header, the film again + poster, credits, screenings, releases,
    its reviews' count and newest review; menu: 12 (a review found adds its bylines: still
    flat)."""
    film = FilmFactory(poster=ImageFactory())

    def add(n):
        CreditFactory(
            film=film, role=Role.CAST, character=f"C{n}", person=PersonFactory(headshot=ImageFactory())
        )
        ScreeningFactory(film=film)
        ReleaseFactory(film=film, date=date(2019, 1, 1) + timedelta(days=n))
        ArticleFilmFactory(film=film, article=story_with())

    assert grow(count_queries, film.get_absolute_url(), add) == (12, 12)


@pytest.mark.django_db
def test_person_page_query_count_is_flat(count_queries):
    """With the fragment store off: the person's row, its link count, the stories' ids, their
    cards, bylines; for the header, the person again + headshot, credits with films; menu: 8."""
    person = PersonFactory(headshot=ImageFactory())

    def add(n):
        CreditFactory(person=person, film=FilmFactory(release_year=2000 + n))
        ArticlePersonFactory(person=person, article=story_with())

    assert grow(count_queries, person.get_absolute_url(), add) == (8, 8)


@pytest.mark.django_db
def test_section_menu_shows_a_new_section_at_once(client, count_queries):
    """The menu is read with the page (one query); a new section shows with its first public story."""
    ArticleFactory(section=SectionFactory(slug="news", name="News"))
    assert count_queries("/search/") == 1
    ArticleFactory(section=SectionFactory(slug="reviews", name="Reviews"))
    soup = soup_of(client, "/search/")
    assert [a.get_text() for a in soup.select(".site-nav a")] == ["News", "Reviews"]
