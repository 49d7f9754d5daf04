"""Films, people and credits."""

import pytest
from django.db import IntegrityError, transaction

from films.models import Credit, Role
from tests.factories import CreditFactory, FilmFactory, PersonFactory


@pytest.mark.django_db
def test_film_slugs_are_globally_unique():
    FilmFactory(slug="her-smell")
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmFactory(slug="her-smell")


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
