"""Reviews: a story reviewing one film, its rating on the site's scale, shown on the story, the
film and the review list, in JSON-LD that meets Google's review-snippet rules; drafts never."""

from datetime import timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Review
from public import listings
from tests.factories import ArticleFactory, AuthorFactory, FilmFactory, ImageFactory, ReviewFactory
from tests.public.helpers import json_ld, soup_of
from tests.public.reviews.snippet_rules import review_snippet_problems


def review_story(film=None, rating="3.5", **article):
    story = ArticleFactory(authors=[AuthorFactory(name="Rosa Delgado")], lead_image=ImageFactory(), **article)
    return ReviewFactory(
        article=story, film=film or FilmFactory(title="Her Smell", slug="her-smell"), rating=rating
    )


@pytest.mark.django_db
def test_the_checker_catches_what_google_refuses():
    """The rules themselves: a rating off its scale, a nameless author, no item."""
    good = {
        "@type": "Review",
        "itemReviewed": {"@type": "Movie", "name": "Roma"},
        "author": [{"@type": "Person", "name": "Rosa Delgado"}],
        "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 0},
        "publisher": {"@type": "Organization", "name": "Reel Dispatch"},
        "datePublished": "2018-10-04",
    }
    assert review_snippet_problems(good) == []
    assert review_snippet_problems({**good, "reviewRating": {"@type": "Rating", "ratingValue": 7}})
    assert review_snippet_problems({**good, "author": [{"@type": "Person", "name": ""}]})
    assert review_snippet_problems({**good, "author": [{"@type": "Thing", "name": "Rosa"}]})
    assert review_snippet_problems({**good, "itemReviewed": {"@type": "Movie"}})
    assert review_snippet_problems({**good, "itemReviewed": None})


@pytest.mark.django_db
def test_a_review_story_shows_its_stars_and_is_a_review_in_json_ld(client):
    review = review_story(rating="3.5")
    soup = soup_of(client, review.article.get_absolute_url())
    verdict = soup.select_one(".review-verdict")
    assert verdict.a["href"] == "/films/her-smell/"
    assert verdict.select_one(".rating").get_text() == "★★★½☆"
    assert verdict.select_one(".rating")["aria-label"] == "Rated 3.5 out of 5 stars"
    data = json_ld(soup)["Review"]
    assert review_snippet_problems(data) == []
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3.5,
        "bestRating": 5.0,
        "worstRating": 0.0,
        "alternateName": "3.5",
    }
    assert data["itemReviewed"]["name"] == "Her Smell"
    assert data["author"] == [{"@type": "Person", "name": "Rosa Delgado", "url": data["author"][0]["url"]}]


@pytest.mark.django_db
def test_letter_grades_are_shown_as_written(client, settings):
    settings.REVIEW_RATING_SCALE = "letters"
    review = review_story(rating="B+")
    soup = soup_of(client, review.article.get_absolute_url())
    assert soup.select_one(".review-verdict .rating").get_text() == "B+"
    data = json_ld(soup)["Review"]
    assert review_snippet_problems(data) == []
    assert (data["reviewRating"]["ratingValue"], data["reviewRating"]["bestRating"]) == (10, 13)
    assert data["reviewRating"]["worstRating"] == 1


@pytest.mark.django_db
def test_a_grade_off_the_scale_is_refused_by_the_form_and_never_marked_up(client, settings):
    review = review_story(rating="3.5")
    settings.REVIEW_RATING_SCALE = "letters"
    with pytest.raises(Exception, match="not a valid choice"):
        Review(article=ArticleFactory(), film=review.film, rating="9").full_clean()
    soup = soup_of(client, review.article.get_absolute_url())
    assert "Review" not in json_ld(soup) and "NewsArticle" in json_ld(soup)


@pytest.mark.django_db
def test_the_film_page_shows_its_review_and_names_it_in_json_ld(client):
    review = review_story(rating="4")
    soup = soup_of(client, "/films/her-smell/")
    verdict = soup.select_one(".review-verdict")
    assert verdict.a["href"] == review.article.get_absolute_url()
    assert verdict.select_one(".rating").get_text() == "★★★★☆"
    named = json_ld(soup)["Movie"]["review"]
    assert named["url"].endswith(review.article.get_absolute_url())
    assert review_snippet_problems({**named, "itemReviewed": {"@type": "Movie", "name": "Her Smell"}}) == []


@pytest.mark.django_db
@pytest.mark.parametrize("few_links", [1000, 1])  # 1: a film with many reviews, read by time
def test_the_film_page_shows_its_newest_public_review_however_many_it_has(client, monkeypatch, few_links):
    monkeypatch.setattr(listings, "FEW_LINKS", few_links)
    film = FilmFactory(title="Her Smell", slug="her-smell")
    now = timezone.now()
    review_story(film=film, rating="2", headline="Older verdict", published_at=now - timedelta(days=3))
    review_story(film=film, rating="4", headline="Newest verdict", published_at=now - timedelta(days=1))
    review_story(film=film, rating="1", headline="Not yet", published_at=now + timedelta(hours=1))
    review_story(
        film=film, rating="1", headline="Draft verdict", status=Article.Status.DRAFT, published_at=None
    )
    review_story(rating="5", headline="Another film", film=FilmFactory())
    ArticleFactory(headline="Plain news")
    verdict = soup_of(client, "/films/her-smell/").select_one(".review-verdict")
    assert verdict.a.get_text() == "Newest verdict"
    assert verdict.select_one(".rating").get_text() == "★★★★☆"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW, "published_at": None},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
        {"status": Article.Status.WITHDRAWN},
    ],
)
def test_a_review_that_is_not_public_shows_nowhere(client, state):
    """Its rating and headline stay off the film page, its JSON-LD, the review list and feeds."""
    review_story(rating="1", headline="Secret verdict", **state)
    film_page = client.get("/films/her-smell/").content.decode()
    assert "Secret verdict" not in film_page and "review-verdict" not in film_page
    assert '"review"' not in film_page
    assert "Secret verdict" not in client.get("/film-reviews/").content.decode()
    for path in ["/film-reviews/feed/", "/film-reviews/feed/atom/", "/film-reviews/feed/json/"]:
        assert "Secret verdict" not in client.get(path).content.decode()


@pytest.mark.django_db
def test_the_review_list_and_its_feeds_hold_reviews_only(client):
    review = review_story(headline="A verdict")
    ArticleFactory(headline="Plain news")
    soup = soup_of(client, "/film-reviews/")
    assert [h.get_text() for h in soup.select(".card-headline")] == ["A verdict"]
    assert soup.select_one(".card .review-verdict .rating").get_text() == "★★★½☆"
    for path in ["/film-reviews/feed/", "/film-reviews/feed/atom/"]:
        feed = feedparser.parse(client.get(path).content)
        assert not feed.bozo and [entry.title for entry in feed.entries] == ["A verdict"]
    assert review.article.get_absolute_url() in client.get("/film-reviews/feed/json/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("few_links", [1000, 2])  # 2: past the first page, the list is read by time
def test_the_review_list_costs_the_same_queries_for_one_or_many(count_queries, monkeypatch, few_links):
    """Whether reviews are few, the page's review ids, their cards with films and ratings, the
    cards' bylines, the menu: 5, whichever way the reviews are read."""
    monkeypatch.setattr(listings, "FEW_LINKS", few_links)
    review_story()
    count_queries("/film-reviews/")
    small = count_queries("/film-reviews/")
    for _ in range(15):
        review_story(film=FilmFactory(), rating="2")
    assert count_queries("/film-reviews/") == small == 5


@pytest.mark.django_db
def test_demo_a_star_is_born_review_carries_a_rating_and_valid_review_json_ld(client):
    call_command("load_demo", verbosity=0)
    story = Article.objects.get(slug="a-star-is-born-review")
    assert story.review.film.slug == "a-star-is-born-2018" and story.review.rating
    data = json_ld(soup_of(client, story.get_absolute_url()))["Review"]
    assert review_snippet_problems(data) == []
    assert data["itemReviewed"]["name"] == "A Star Is Born"
    # The draft review of Her Smell carries a rating, and shows nowhere.
    assert Review.objects.filter(film__slug="her-smell", article__status=Article.Status.DRAFT).exists()
    assert "review-verdict" not in client.get("/films/her-smell/").content.decode()


@pytest.mark.django_db
def test_a_much_reviewed_film_page_asks_the_same_queries_as_a_film_with_one_review(client):
    """Its reviews are read through a subquery, never as a list of ids bound one by one: the
    seeded film with 1,890 reviews made its page send 1,890 parameters."""

    def page_sql(film) -> list[int]:
        client.get(film.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(film.get_absolute_url()).status_code == 200
        return [len(query["sql"]) for query in queries]

    once, often = FilmFactory(slug="once"), FilmFactory(slug="often")
    review_story(film=once)
    for _ in range(40):
        review_story(film=often)
    one, many = page_sql(once), page_sql(often)
    assert len(one) == len(many)
    assert all(abs(a - b) < 40 for a, b in zip(one, many, strict=True)), (one, many)
