"""Films and people a story's text names but does not link yet.

Names match whatever the typography, accents and case: the text and the titles and names are
compared by `core.matching.match_key`, which Film and Person also store, indexed, as
`match_key`. So "jose garcia", "JOSÉ GARCÍA" and "José García" all find José García, and
"Josh O’Connor" finds Josh O'Connor. A match never spans a line and covers whole words only
("Moss" is not in "Mossy"). A name of one word must be written with a capital or a digit
first, so that "her" and "it" do not call up the films Her and It; a name of two words or
more matches in any case. A longer match hides the shorter ones inside it ("Her Smell" wins
over "Her").

The text is read once, word by word, against a trie of titles and names whose edges are
folded words: each word advances the few partial matches in progress, so the scan costs the
length of the text whatever the number of films and people. Folding can change a word's
length ("ß" becomes "ss", the ligature "ﬁ" becomes "fi"), so only whole words are folded and
every offset is that of a word in the original text; a match is then confirmed by folding
its original span. Which titles and names go into the trie depends on the text's size: for a
story-sized text, those whose key equals the key of one of its runs of words (one indexed
`IN` query per table); past LOOKUP_LIMIT characters, every title and name (one query per
table), which costs the size of the tables instead of an enormous `IN` list.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models

from articles.models import Article
from core.matching import match_key, plain_typography
from films.models import Film, Person

# A word, with the combining accents of text written decomposed ("e" + U+0301 for "é").
TOKEN = re.compile(r"\w[\w\u0300-\u036f]*")
MAX_WORDS = 8
# SQLite (3.37 or later, as Django requires) allows 32,766 parameters per query by default,
# PostgreSQL 65,535: one query holds a story's phrases.
CHUNK = 30_000
# About 3,000 words: a long story still looks its phrases up; a pasted book reads the tables.
LOOKUP_LIMIT = 20_000
# Titles such as "Airplane!" end in punctuation, not a word character.
TRAILING = "!?."
# The key under which a trie node lists the names that end there; no word is empty.
ENDS = ""


@dataclass(frozen=True)
class Suggestion:
    entity: models.Model
    kind: str  # "film" or "person"
    phrase: str
    start: int


def capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def candidate_phrases(text: str) -> set[str]:
    """The keys of every run of up to MAX_WORDS words within a line that could be a title or
    name: runs of two words or more, and single capitalised words."""
    text = plain_typography(text)
    tokens = [(match.start(), match.end()) for match in TOKEN.finditer(text)]
    phrases: set[str] = set()
    for i, (start, _) in enumerate(tokens):
        for n, (_, end) in enumerate(tokens[i : i + MAX_WORDS], start=1):
            phrase = text[start:end]
            if "\n" in phrase:
                break
            if n == 1 and not capitalised(phrase):
                continue
            phrases.add(match_key(phrase))
            if end < len(text) and text[end] in TRAILING:
                phrases.add(match_key(phrase + text[end]))
    return phrases


def build_index(names: Iterable[tuple[str, int, str]], node_type: type[dict] = dict) -> dict:
    """A trie of (kind, pk, name) rows by folded word; `node_type` lets a test count lookups.
    Each name ends in a node as (kind, pk, key, words, tail): its match key, its number of
    words and the punctuation after its last word ("!" of "Airplane!")."""
    root = node_type()
    for kind, pk, name in names:
        name = plain_typography(name)
        words = list(TOKEN.finditer(name))
        if not words:
            continue
        node = root
        for word in words:
            folded = match_key(word.group())
            child = node.get(folded)
            if child is None:
                child = node[folded] = node_type()
            node = child
        node.setdefault(ENDS, []).append((kind, pk, match_key(name), len(words), name[words[-1].end() :]))
    return root


def scan(text: str, root: dict) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, kind, pk) for every name of the trie the text holds, in one pass; start
    and end are offsets in `text` as given."""
    text = plain_typography(text)  # same length, same offsets
    walks: list[tuple[int, dict]] = []  # partial matches: where each started, how far it got
    for token in TOKEN.finditer(text):
        word = match_key(token.group())
        advanced = [(start, node[word]) for start, node in walks if word in node]
        if word in root:
            advanced.append((token.start(), root[word]))
        walks = []
        for start, node in advanced:
            if "\n" in text[start : token.start()]:
                continue
            walks.append((start, node))
            for kind, pk, key, words, tail in node.get(ENDS, ()):
                end = token.end() + len(tail)
                if words == 1 and not capitalised(text[start]):
                    continue
                if match_key(text[start:end]) == key:
                    yield start, end, kind, pk


MODELS = {"film": (Film, "title"), "person": (Person, "name")}


def names_to_find(text: str) -> Iterator[tuple[str, int, str]]:
    """(kind, pk, name) of the films and people the text may name."""
    phrases = sorted(candidate_phrases(text)) if len(text) <= LOOKUP_LIMIT else None
    for kind, (model, field) in MODELS.items():
        rows = model.objects.values_list("pk", field)
        if phrases is None:
            chunks = [rows.iterator(chunk_size=5000)]
        else:
            chunks = (
                rows.filter(match_key__in=phrases[i : i + CHUNK]) for i in range(0, len(phrases), CHUNK)
            )
        for chunk in chunks:
            for pk, name in chunk:
                yield kind, pk, name


def find_mentions(text: str) -> list[Suggestion]:
    """Films and people named in `text`, each once (where it is first named), longest match
    first where names overlap."""
    matches = sorted(scan(text, build_index(names_to_find(text))), key=lambda m: (m[0], m[0] - m[1], m[2]))
    kept = []
    covered_until = -1
    for start, end, kind, pk in matches:
        # A film and a person may share a name: both are offered for the same words.
        same_words = kept and kept[-1][:2] == (start, end)
        if start >= covered_until or same_words:
            kept.append((start, end, kind, pk))
            covered_until = max(covered_until, end)
    entities = {
        kind: model.objects.in_bulk({pk for _, _, matched, pk in kept if matched == kind})
        for kind, (model, _) in MODELS.items()
    }
    first = {}
    for start, _, kind, pk in kept:
        if pk in entities[kind]:  # else deleted since the index was read
            first.setdefault((kind, pk), start)
    return [
        Suggestion(entities[kind][pk], kind, getattr(entities[kind][pk], MODELS[kind][1]), start)
        for (kind, pk), start in first.items()
    ]


def suggest_links(article: Article) -> list[Suggestion]:
    """What the body names but the story does not link."""
    linked_films = set(article.film_links.values_list("film_id", flat=True))
    linked_people = set(article.person_links.values_list("person_id", flat=True))
    return [
        m
        for m in find_mentions(article.body_text)
        if m.entity.pk not in (linked_films if m.kind == "film" else linked_people)
    ]
