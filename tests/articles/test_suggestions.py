"""Entity suggestions: films and people the body names but the story does not link."""

import time

import pytest
from django.urls import reverse

from articles.models import ArticleFilm
from articles.suggestions import candidate_phrases, find_mentions, suggest_links
from films.models import Film, Person
from tests.factories import ArticleFactory, ArticleFilmFactory, FilmFactory, PersonFactory

BODY = (
    "<p>Her Smell stars Elisabeth Moss as Becky Something. Director Alex Ross Perry wrote it.</p>"
    "<p>Unlike A Star Is Born, it is no love story; her smell is a band thing. Airplane! is not in it.</p>"
)


@pytest.fixture
def named(db):
    return {
        "her_smell": FilmFactory(title="Her Smell"),
        "her": FilmFactory(title="Her"),
        "star": FilmFactory(title="A Star Is Born"),
        "airplane": FilmFactory(title="Airplane!"),
        "moss": PersonFactory(name="Elisabeth Moss"),
        "perry": PersonFactory(name="Alex Ross Perry"),
        "ross": PersonFactory(name="Ross"),
        "lower": FilmFactory(title="love story"),
    }


@pytest.mark.django_db
def test_finds_titles_and_names_on_word_boundaries(named):
    """Whole words, case as written, the longest match wins over names inside it."""
    found = {m.entity for m in find_mentions(ArticleFactory(body=BODY).body_text)}
    assert found == {named["her_smell"], named["star"], named["airplane"], named["moss"], named["perry"]}


@pytest.mark.django_db
def test_match_is_case_aware_and_not_inside_words(db):
    """'her smell' in lower case is not the film; 'Mossy' is not Moss."""
    FilmFactory(title="Her Smell")
    PersonFactory(name="Moss")
    assert find_mentions("we talked about her smell and Mossy banks") == []


@pytest.mark.django_db
def test_linked_entities_are_not_suggested(named):
    """Only what is missing is offered."""
    article = ArticleFactory(body=BODY)
    ArticleFilmFactory(article=article, film=named["her_smell"])
    assert named["her_smell"] not in {m.entity for m in suggest_links(article)}


@pytest.mark.django_db
def test_link_endpoint_links_as_mentioned(editor_client, named):
    """The link endpoint links a film as mentioned in one request (the form itself now adds
    suggested links as rows: tests/articles/test_live_suggestions.py)."""
    article = ArticleFactory(body=BODY)
    response = editor_client.post(
        reverse("admin:articles_article_link_entity", args=[article.pk]), {"film": named["star"].pk}
    )
    assert response.json() == {"linked": str(named["star"]), "previous_version": 1, "version": 2}
    assert ArticleFilm.objects.get(article=article, film=named["star"]).kind == "mentions"


@pytest.mark.django_db
def test_writer_cannot_link_on_a_published_story(writer_client, named):
    """Linking is editing: the edit rule applies."""
    article = ArticleFactory(body=BODY)
    url = reverse("admin:articles_article_link_entity", args=[article.pk])
    assert writer_client.post(url, {"film": named["star"].pk}).status_code == 403


def test_candidates_stay_within_a_line():
    """A name never spans two paragraphs."""
    assert "Smell\nStars" not in candidate_phrases("Her Smell\nStars")


@pytest.mark.django_db
def test_fast_with_10000_films_and_50000_people(db):
    """An 800-word story against 10,000 films and 50,000 people: well under 100 ms."""
    Film.objects.bulk_create(Film(title=f"Film Title {i}", slug=f"film-title-{i}") for i in range(10_000))
    Person.objects.bulk_create(Person(name=f"Given{i} Family{i}", slug=f"given-{i}") for i in range(50_000))
    words = (
        "The Director Given17 Family17 met Given42 Family42 about Film Title 9999 and the rest of it".split()
    )
    text = " ".join(words[i % len(words)] for i in range(800))
    find_mentions(text)  # warm the connection
    start = time.perf_counter()
    found = find_mentions(text)
    elapsed = time.perf_counter() - start
    assert {str(m.entity) for m in found} == {"Given17 Family17", "Given42 Family42", "Film Title 9999"}
    assert elapsed < 0.1, elapsed
