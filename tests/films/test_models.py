"""Films, people and credits."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from films.models import Credit, Film, Person, Role
from tests.factories import CreditFactory, FilmFactory, PersonFactory


@pytest.mark.django_db
def test_film_slugs_are_globally_unique():
    FilmFactory(slug="her-smell")
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmFactory(slug="her-smell")


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [FilmFactory, PersonFactory])
@pytest.mark.parametrize(
    ("field", "value", "other"),
    [("tmdb_id", "550", "551"), ("imdb_id", "tt0137523", "tt0137524"), ("wikidata_id", "Q190050", "Q190051")],
)
def test_an_external_id_names_one_film_or_person(factory, field, value, other):
    """Two rows of a kind never share an id (the database refuses, the forms say so); rows
    with no id of that kind are many."""
    first = factory(**{field: value})
    factory(), factory()
    second = factory.build(**{field: value})
    with pytest.raises(ValidationError, match="already has this"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    factory(**{field: other})
    assert type(first).objects.filter(**{field: value}).get() == first


@pytest.mark.django_db
def test_credits_follow_billing_order_within_a_role():
    film = FilmFactory()
    third = CreditFactory(film=film, role=Role.CAST, character="C", billing_order=3)
    first = CreditFactory(film=film, role=Role.CAST, character="A", billing_order=1)
    second = CreditFactory(film=film, role=Role.CAST, character="B", billing_order=2)
    assert list(film.credits.filter(role=Role.CAST)) == [first, second, third]


@pytest.mark.django_db
def test_character_belongs_to_cast_credits_only():
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(role=Role.DIRECTOR, character="Becky Something")


@pytest.mark.django_db
def test_one_person_can_hold_several_roles_on_a_film():
    """Alex Ross Perry wrote and directed Her Smell: two credits, one person."""
    film, person = FilmFactory(), PersonFactory()
    CreditFactory(film=film, person=person, role=Role.DIRECTOR)
    CreditFactory(film=film, person=person, role=Role.WRITER)
    assert Credit.objects.filter(film=film, person=person).count() == 2
    assert list(person.films.distinct()) == [film]


@pytest.mark.django_db
def test_external_ids_become_same_as_links():
    film = FilmFactory(imdb_id="tt0000001", wikidata_id="Q1")
    assert film.same_as == ["https://www.imdb.com/title/tt0000001/", "https://www.wikidata.org/wiki/Q1"]


@pytest.mark.django_db
def test_match_key_follows_the_title_and_name_on_every_save():
    """Link suggestions look titles and names up by their folded key (articles/suggestions.py)."""
    film = FilmFactory(title="Amélie")
    person = PersonFactory(name="Penélope Cruz")
    assert (film.match_key, person.match_key) == ("amelie", "penelope cruz")
    film.title = "Le Fabuleux Destin d’Amélie Poulain"
    film.save()
    film.refresh_from_db()
    assert film.match_key == "le fabuleux destin d'amelie poulain"
    # The demo loader and the importers update rows in place.
    Person.objects.update_or_create(pk=person.pk, defaults={"name": "PENÉLOPE CRUZ SÁNCHEZ"})
    person.refresh_from_db()
    assert person.match_key == "penelope cruz sanchez"


@pytest.mark.django_db
def test_bulk_created_rows_get_their_match_key():
    """The demo seeding makes films and people with bulk_create."""
    Film.objects.bulk_create([Film(title="Björk: Biophilia Live", slug="biophilia-live")])
    Person.objects.bulk_create([Person(name="BJÖRK", slug="bjork")])
    assert Film.objects.get(slug="biophilia-live").match_key == "bjork: biophilia live"
    assert Person.objects.get(slug="bjork").match_key == "bjork"
