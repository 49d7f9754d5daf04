"""Entity suggestions: films and people the body names but the story does not link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.suggestions import (
    CHUNK,
    LOOKUP_LIMIT,
    build_index,
    candidate_phrases,
    find_mentions,
    scan,
    suggest_links,
)
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
        "love_story": FilmFactory(title="Love Story"),
    }


FOUND_IN_BODY = {"her_smell", "star", "airplane", "moss", "perry", "love_story"}


@pytest.mark.django_db
def test_finds_titles_and_names_on_word_boundaries(named):
    """Whole words in any case ("love story" is Love Story), the longest match wins over
    names inside it (Ross in Alex Ross Perry, Her in Her Smell)."""
    found = {m.entity for m in find_mentions(ArticleFactory(body=BODY).body_text)}
    assert found == {named[key] for key in FOUND_IN_BODY}


@pytest.mark.django_db
def test_one_word_names_need_a_capital_and_whole_words(db):
    """'her' in lower case is not the film Her; 'Mossy' and 'Mossad' are not Moss."""
    her = FilmFactory(title="Her")
    moss = PersonFactory(name="Moss")
    assert find_mentions("we talked about her, Mossy banks and the Mossad") == []
    text = "Our Mossad contact was MOSS; Her is a film."
    assert [(m.entity, m.start) for m in find_mentions(text)] == [
        (moss, text.index("MOSS")),
        (her, text.index("Her")),
    ]


@pytest.mark.django_db
def test_linked_entities_are_not_suggested(named):
    """Only what is missing is offered."""
    article = ArticleFactory(body=BODY)
    ArticleFilmFactory(article=article, film=named["her_smell"])
    assert named["her_smell"] not in {m.entity for m in suggest_links(article)}


def test_candidates_are_folded_and_stay_within_a_line():
    """A name never spans two paragraphs; what is looked up is folded like `match_key`."""
    phrases = candidate_phrases("Her Smell\nStars Penélope Cruz")
    assert "smell stars" not in phrases
    assert {"her smell", "stars penelope cruz", "penelope cruz"} <= phrases


class CountingNode(dict):
    """A trie node that counts every lookup made in it, on a shared tally."""

    lookups = 0

    def __contains__(self, key):
        CountingNode.lookups += 1
        return super().__contains__(key)

    def __getitem__(self, key):
        CountingNode.lookups += 1
        return super().__getitem__(key)

    def get(self, key, default=None):
        CountingNode.lookups += 1
        return super().get(key, default)


def lookups(text: str, names: list[tuple[str, int, str]]) -> int:
    index = build_index(names, node_type=CountingNode)
    CountingNode.lookups = 0
    found = list(scan(text, index))
    assert found, "the text names something"
    return CountingNode.lookups


def test_the_scan_costs_the_text_not_the_number_of_films_and_people():
    """One pass: lookups grow with the text, by at most a few per word, and not at all with
    10,000 more names in the index."""
    story = "Director Alex Ross Perry met Elisabeth Moss about Her Smell and A Star Is Born. " * 50
    few = [("film", 1, "Her Smell"), ("person", 2, "Alex Ross Perry"), ("person", 3, "Elisabeth Moss")]
    many = few + [("person", 10 + i, f"Given{i} Family{i}") for i in range(10_000)]
    words = len(story.split())
    assert lookups(story, few) == lookups(story, many) <= 4 * words
    assert lookups(story * 4, many) == 4 * lookups(story, many)


@pytest.mark.django_db
@pytest.mark.parametrize("padding", [0, LOOKUP_LIMIT], ids=["story-sized", "past-the-limit"])
def test_a_long_text_finds_what_a_short_one_does_in_a_fixed_number_of_queries(
    named, padding, django_assert_max_num_queries
):
    """Past LOOKUP_LIMIT the tables are read once (two queries) instead of phrase by phrase;
    then one query per kind for the matched rows."""
    filler = "".join(f"Filler{i} words. " for i in range(padding // 10))
    text = f"{ArticleFactory(body=BODY).body_text}\n{filler}"
    queries = 4 if padding else 4 + 2 * (len(candidate_phrases(text)) // CHUNK)
    with django_assert_max_num_queries(queries):
        found = {m.entity for m in find_mentions(text)}
    assert found == {named[key] for key in FOUND_IN_BODY}


@pytest.mark.django_db
@pytest.mark.parametrize("padding", [0, LOOKUP_LIMIT], ids=["story-sized", "past-the-limit"])
def test_typographic_and_plain_apostrophes_match_each_other(db, padding):
    typographic = FilmFactory(title="Ain\u2019t Them Bodies Saints")
    plain = PersonFactory(name="Sinéad O'Connor")
    text = "Ain't Them Bodies Saints, with songs by Sinéad O\u2019Connor.\n" + "x " * padding
    found = find_mentions(text)
    assert [(m.entity, m.phrase, m.start) for m in found] == [
        (typographic, typographic.title, 0),
        (plain, plain.name, text.index("Sinéad")),
    ]


@pytest.mark.django_db
def test_a_name_written_twice_is_offered_once_where_it_first_appears(named):
    text = "Elisabeth Moss sings. Later, Elisabeth Moss and “Her Smell” again: Her Smell."
    found = [(m.entity, m.start) for m in find_mentions(text)]
    assert found == [(named["moss"], 0), (named["her_smell"], text.index("Her Smell"))]


@pytest.mark.django_db
@pytest.mark.parametrize("padding", [0, LOOKUP_LIMIT], ids=["story-sized", "past-the-limit"])
@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("José García", "jose garcia"),  # table accented, text plain and lower case
        ("Penélope Cruz", "PENELOPE CRUZ"),
        ("Björk", "Bjork"),
        ("Bjork", "Björk"),  # table plain, text accented
        ("Jose Garcia", "JOSÉ GARCÍA"),
        ("Airplane!", "AIRPLANE!"),
        ("Josh O’Connor", "josh o'connor"),
    ],
)
def test_names_match_whatever_the_accents_and_case(db, stored, written, padding):
    person = PersonFactory(name=stored)
    text = f"At the premiere, {written} spoke.\n" + "x " * padding
    assert [(m.entity, m.phrase, m.start) for m in find_mentions(text)] == [(person, stored, 17)]


@pytest.mark.django_db
@pytest.mark.parametrize("padding", [0, LOOKUP_LIMIT], ids=["story-sized", "past-the-limit"])
def test_offsets_hold_where_folding_changes_the_length(db, padding):
    """Folding turns "ß" into "ss" and the ligature "ﬁ" into "fi": the offsets reported are
    still where the names are written in the text as typed."""
    street = FilmFactory(title="Die Strasse")
    fight_club = FilmFactory(title="Fight Club")
    bjork = PersonFactory(name="Björk")
    grosse = PersonFactory(name="Gustav Große")
    text = (
        "Große Freiheit, then DIE STRAßE, the \ufb01ght club and Bjork, with GUSTAV GROSSE.\n"
        + "x " * padding
    )
    found = [(m.entity, m.start) for m in find_mentions(text)]
    assert found == [
        (street, text.index("DIE")),
        (fight_club, text.index("\ufb01ght")),
        (bjork, text.index("Bjork")),
        (grosse, text.index("GUSTAV")),
    ]


@pytest.mark.django_db
def test_accents_written_decomposed_match(db):
    """Text pasted with accents as separate characters ("e" then U+0301) keeps its words whole."""
    garcia = PersonFactory(name="José García")
    text = "Notes: Jose\u0301 Garci\u0301a, again."
    assert [(m.entity, m.start) for m in find_mentions(text)] == [(garcia, 7)]


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_names_in_the_text(db):
    """One lookup per table, one fetch per kind of what matched: four queries for one film and
    one person as for forty of each."""
    films = [FilmFactory(title=f"Film Number {i}") for i in range(40)]
    people = [PersonFactory(name=f"Person Number {i}") for i in range(40)]
    few = "We saw FILM NUMBER 0 with person number 0."
    many = " ".join(f"We saw {f.title} with {p.name.lower()}." for f, p in zip(films, people, strict=True))
    counts = []
    for text, expected in ((few, 2), (many, 80)):
        with CaptureQueriesContext(connection) as queries:
            assert len(find_mentions(text)) == expected
        counts.append(len(queries))
    assert counts == [4, 4]
