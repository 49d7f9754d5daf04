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
