"""The SQLite backend (newsroom/db/sqlite3): Django's, with the placeholder rewrite remembered."""

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend"),
]


def test_settings_select_the_backend():
    assert type(connections["default"]).__module__ == "newsroom.db.sqlite3.base"


def test_placeholders_and_literal_percents_read_as_with_djangos_cursor():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s, '100%%', %s", [1, "a%s"])
        assert cursor.fetchone() == (1, "100%", "a%s")
        cursor.execute("SELECT %(first)s || %(second)s", {"first": "x", "second": "y"})
        assert cursor.fetchone() == ("xy",)


def test_each_text_is_rewritten_once():
    from newsroom.db.sqlite3.base import qmark_style

    qmark_style.cache_clear()
    with connection.cursor() as cursor:
        for value in range(3):
            cursor.execute("SELECT %s + 1", [value])
            assert cursor.fetchone() == (value + 1,)
    assert qmark_style.cache_info().misses == 1
    assert qmark_style.cache_info().hits == 2
