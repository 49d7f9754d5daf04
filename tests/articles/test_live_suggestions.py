"""Live link suggestions (issue 15, point 4): asked while typing, on the add form too; names
match whatever the apostrophes, accents and case; what the form already links is left out."""

import pytest
from django.urls import reverse

from tests.factories import FilmFactory, PersonFactory

URL = "admin:articles_article_suggest_links"


@pytest.mark.django_db
def test_typed_text_gets_its_films_and_people(writer_client):
    film = FilmFactory(title="Her Smell")
    person = PersonFactory(name="Josh O'Connor")
    text = "Her Smell co-stars Josh O\u2019Connor, with a typographic apostrophe."
    response = writer_client.post(reverse(URL), {"text": text})
    assert response.status_code == 200
    found = {(s["kind"], s["id"], s["name"]) for s in response.json()["suggestions"]}
    assert found == {("film", film.pk, str(film)), ("person", person.pk, "Josh O'Connor")}


@pytest.mark.django_db
def test_stored_typographic_names_match_plain_typing(writer_client):
    person = PersonFactory(name="Josh O\u2019Connor")
    response = writer_client.post(reverse(URL), {"text": "We met Josh O'Connor."})
    assert [s["id"] for s in response.json()["suggestions"]] == [person.pk]


@pytest.mark.django_db
def test_what_the_form_links_already_is_left_out(writer_client):
    film, person = FilmFactory(title="Her Smell"), PersonFactory(name="Elisabeth Moss")
    response = writer_client.post(
        reverse(URL), {"text": "Her Smell stars Elisabeth Moss.", "film": [str(film.pk)]}
    )
    assert [s["id"] for s in response.json()["suggestions"]] == [person.pk]


@pytest.mark.django_db
def test_suggestions_need_a_staff_account_and_post(client, writer_client):
    assert client.post(reverse(URL), {"text": "Her Smell"}).status_code == 302  # to the sign-in page
    assert writer_client.get(reverse(URL)).status_code == 405


@pytest.mark.django_db
def test_story_form_writes_with_spellcheck_and_room(writer_client):
    """Spellcheck on in the text fields and the editor (django-prose-editor turns it off by
    default), a tall editor and a wide headline (their CSS ships with the form)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(writer_client.get(reverse("admin:articles_article_add")).content, "html.parser")
    assert soup.find("textarea", attrs={"name": "headline"})["spellcheck"] == "true"
    assert soup.find("textarea", attrs={"name": "dek"})["spellcheck"] == "true"
    config = soup.find("textarea", attrs={"name": "body"})["data-django-prose-editor-configurable"]
    assert "NoSpellCheck" not in config
    assert "FreshParagraph" in config and "newsroom/prose-extensions.js" in config
    assert soup.find(id="entity-suggestions") is not None


@pytest.mark.django_db
def test_typed_names_match_whatever_the_accents_and_case(writer_client):
    person = PersonFactory(name="Penélope Cruz")
    response = writer_client.post(reverse(URL), {"text": "Tonight: PENELOPE CRUZ, in person."})
    assert [(s["id"], s["name"]) for s in response.json()["suggestions"]] == [(person.pk, "Penélope Cruz")]
