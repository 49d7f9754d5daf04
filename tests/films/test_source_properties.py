"""Hostile answers from TMDb and Wikidata: whatever JSON they send, the fill page answers with
the film filled in or with a message, never an error, and an answer it refuses writes nothing."""

import copy
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from films.models import Credit, Film, Person, Release
from tests.factories import FilmFactory
from tests.films.film_sources import load, wikidata_entities

TMDB = load("tmdb/movie-550.json")
WIKIDATA = {"entities": wikidata_entities(), "success": 1}

# Values a hostile or broken server might put anywhere: wrong types, numbers out of every
# range, dates that are no day, other scripts' digits, control characters, long text.
awkward = st.sampled_from(
    ["", " ", "2019-13-45", "+abc", "٥٥٠", "²", "\x00", "R \t", "x" * 300, "javascript:alert(1)",
     -1, 0, 2**15, 2**31, 2**63, 10**30, 1e308, -0.5, float("inf"), float("nan"), True, None, [], {}]
)  # fmt: skip
scalars = st.one_of(awkward, st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=6,
)


def paths(node, at=()) -> list[tuple]:
    """The address of every value in a JSON document, the document itself (`()`) first."""
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*at, index))
    return found


def with_changes(document, changes: list[tuple[tuple, object]]):
    """A copy with the value at each path replaced (or, for a dict's key, sometimes removed)."""
    changed = copy.deepcopy(document)
    for path, value in changes:
        parent = changed
        try:
            for step in path[:-1]:
                parent = parent[step]
            if value is REMOVE and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = None if value is REMOVE else value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took this path away
    return changed


REMOVE = object()


def hostile(document) -> st.SearchStrategy:
    """The document with a few of its values replaced by awkward ones or removed."""
    change = st.tuples(st.sampled_from(paths(document)[1:]), st.one_of(json_values, st.just(REMOVE)))
    return st.lists(change, min_size=1, max_size=4).map(lambda changes: with_changes(document, changes))


def encoded(document) -> bytes:
    # Python's json writes NaN and Infinity, which a hostile server may send as well.
    return json.dumps(document).encode()


answers = st.one_of(
    st.tuples(st.just("tmdb:550"), hostile(TMDB).map(encoded)),
    st.tuples(st.just("wikidata:Q2262932"), hostile(WIKIDATA).map(encoded)),
    st.tuples(st.sampled_from(["tmdb:550", "wikidata:Q2262932"]), json_values.map(encoded)),
)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answer=answers)
def test_any_answer_fills_the_film_in_or_says_why_not(superuser_client, sources, answer):
    reference, body = answer
    sources.answer = lambda request: (200, {"Content-Type": "application/json"}, body)
    with transaction.atomic():
        film = FilmFactory(title="Fight Club", synopsis="Ours.")
        before = (Person.objects.count(), Credit.objects.count(), Release.objects.count())
        url = f"/admin/films/film/{film.pk}/fill/"
        assert superuser_client.get(url, {"reference": reference}).status_code == 200
        response = superuser_client.post(url, {"reference": reference})
        event(f"{reference.partition(':')[0]}: {'refused' if response.status_code == 200 else 'filled in'}")
        if response.status_code == 200:  # refused, with a message
            film.refresh_from_db()
            assert film.synopsis == "Ours."
            assert (Person.objects.count(), Credit.objects.count(), Release.objects.count()) == before
        else:
            assert response.status_code == 302
            assert Film.objects.get(pk=film.pk).title
        transaction.set_rollback(True)
