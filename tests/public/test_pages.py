"""Readers reach the story at its one address and follow it to its film and people."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_her_smell_story_reads_and_links_to_film_and_people(client):
    call_command("load_demo", verbosity=0)
    story = Article.objects.get(slug__startswith="her-smell-alex")
    soup = page(client, story.get_absolute_url())
    assert soup.h1.get_text(strip=True) == story.headline
    links = {a["href"] for a in soup.select("main a[href]")}
    assert "/films/her-smell/" in links
    assert {
        "/people/elisabeth-moss/",
        "/people/alex-ross-perry/",
        "/people/anika-pyle/",
        "/people/alicia-bognanno/",
    } <= links
    read_more = soup.select_one(".read-more a")
    assert read_more.get_text(strip=True) == "The 20 Best Movie Posters Of 2018"
    # READ MORE sits after the third paragraph, where the editor placed it.
    body = soup.select_one(".body")
    blocks = [child for child in body.children if getattr(child, "name", None)]
    assert "read-more" in blocks[3].get("class", [])
    assert soup.select_one(".source a").get_text() == "EW"


@pytest.mark.django_db
def test_film_page_lists_credits_and_stories(client):
    call_command("load_demo", verbosity=0)
    soup = page(client, "/films/her-smell/")
    credits = [li.get_text(" ", strip=True) for li in soup.select(".credits li")]
    assert any("Elisabeth Moss" in c and "Becky Something" in c for c in credits)
    assert any("Alicia Bognanno" in c and "Something She" in c for c in credits)
    assert any("Anika Pyle" in c and "Akergirls" in c for c in credits)
    groups = {group.h3.get_text(strip=True): group for group in soup.select(".credit-group")}
    assert "Alex Ross Perry" in groups["Director"].get_text()
    headlines = [a.get_text(strip=True) for a in soup.select(".card-headline a")]
    assert any("Her Smell" in h for h in headlines)
    assert not any("draft" in h.lower() for h in headlines)


@pytest.mark.django_db
def test_person_page_shows_filmography(client):
    call_command("load_demo", verbosity=0)
    soup = page(client, "/people/elisabeth-moss/")
    assert "Becky Something" in soup.select_one(".credits").get_text()
    assert soup.select(".card-headline a")


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "review"])
def test_unpublished_story_is_not_found(client, status):
    article = ArticleFactory(status=status, published_at=timezone.now() - timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_withdrawn_story_is_gone(client):
    """410 tells search engines to drop the page; the reader gets a plain explanation."""
    day_ago = timezone.now() - timedelta(days=1)
    article = ArticleFactory(status="withdrawn", published_at=day_ago, first_published_at=day_ago)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert b"withdrawn" in response.content


@pytest.mark.django_db
def test_old_address_of_a_story_redirects_permanently(client):
    article = ArticleFactory()
    article.old_paths.create(old_path="/news/2001/01/01/old-slug/")
    response = client.get("/news/2001/01/01/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
def test_scheduled_story_is_not_found_before_its_time(client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_preview_is_for_editors_only_and_never_cached(superuser_client):
    draft = ArticleFactory(status="draft", published_at=None)
    assert Client().get(f"/preview/{draft.pk}/").status_code == 404
    response = superuser_client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_story_under_a_wrong_section_redirects_to_its_one_address(client):
    article = ArticleFactory()
    wrong = article.get_absolute_url().replace("/news/", "/reviews/")
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/news/2019/02/30/x/", "/films/unknown/", "/people/unknown/", "/tags/unknown/", "/authors/unknown/",
     "/festivals/unknown/", "/unknown-section/", "/news/?page=abc", "/news/?page=999999"],
)  # fmt: skip
def test_bad_addresses_answer_404(client, url):
    ArticleFactory()
    assert client.get(url).status_code == 404
