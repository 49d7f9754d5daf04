"""Films' single US release date became a US theatrical release, every row kept."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("films", "0001_initial")]
AFTER = [("films", "0002_film_releases")]


@pytest.mark.django_db(transaction=True)
def test_a_release_date_becomes_a_us_theatrical_release():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("films", "Film")
    dated = old.objects.create(title="Her Smell", slug="her-smell", release_date=datetime.date(2019, 4, 12))
    undated = old.objects.create(title="Untitled", slug="untitled")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert new.get_model("films", "Film").objects.count() == 2
    releases = new.get_model("films", "Release").objects.all()
    assert [(r.film_id, r.country, r.type, r.date) for r in releases] == [
        (dated.pk, "US", 3, datetime.date(2019, 4, 12))
    ]
    assert undated.pk not in [r.film_id for r in releases]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    film = executor.loader.project_state(BEFORE).apps.get_model("films", "Film").objects.get(pk=dated.pk)
    assert film.release_date == datetime.date(2019, 4, 12)
    # Leave the schema as the other tests expect it.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_films_and_people_get_their_match_key():
    """Every row is kept and keyed, across more than one batch."""
    before, after = [("films", "0002_film_releases")], [("films", "0003_film_person_match_key")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("films", "Film").objects.bulk_create(
        old.get_model("films", "Film")(title=f"Amélie {i}", slug=f"amelie-{i}") for i in range(1500)
    )
    old.get_model("films", "Person").objects.create(name="Penélope Cruz", slug="penelope-cruz")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    films = new.get_model("films", "Film").objects.order_by("pk")
    assert films.count() == 1500
    assert [film.match_key for film in films] == [f"amelie {i}" for i in range(1500)]
    people = new.get_model("films", "Person").objects.all()
    assert [person.match_key for person in people] == ["penelope cruz"]

    # Leave the schema as the other tests expect it.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_films_and_people_sharing_an_id_are_reported_and_the_oldest_keeps_it(capsys):
    """Before one film (or person) per id is enforced, a shared id stays with the oldest row
    and leaves the others, and each such change is printed with both rows named."""
    before, after = [("films", "0004_external_id_forms")], [("films", "0005_one_row_per_external_id")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    film, person = old.get_model("films", "Film"), old.get_model("films", "Person")
    kept = film.objects.create(title="Fight Club", slug="fight-club", tmdb_id="550", imdb_id="tt0137523")
    copy = film.objects.create(title="Fight Club (hand-made)", slug="fight-club-2", tmdb_id="550")
    apart = film.objects.create(title="Se7en", slug="se7en", tmdb_id="807")
    one = person.objects.create(name="Michael Smith", slug="michael-smith", wikidata_id="Q1000")
    two = person.objects.create(
        name="Michael Smith", slug="michael-smith-2", wikidata_id="Q1000", tmdb_id="91"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    films = {f.pk: (f.tmdb_id, f.imdb_id) for f in new.get_model("films", "Film").objects.all()}
    assert films == {kept.pk: ("550", "tt0137523"), copy.pk: ("", ""), apart.pk: ("807", "")}
    people = {p.pk: (p.wikidata_id, p.tmdb_id) for p in new.get_model("films", "Person").objects.all()}
    assert people == {one.pk: ("Q1000", ""), two.pk: ("", "91")}
    printed = capsys.readouterr().out
    assert (
        f"Film {copy.pk} “Fight Club (hand-made)” loses TMDb id 550, which film {kept.pk} “Fight Club” keeps"
        in printed
    )
    assert (
        f"Person {two.pk} “Michael Smith” loses Wikidata id Q1000, "
        f"which person {one.pk} “Michael Smith” keeps" in printed
    )

    # Leave the schema as the other tests expect it.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
