"""Films and people a story's text names but does not link yet.

The text is read once, token by token, against a trie of titles and names whose edges are
words: each token advances the few partial matches in progress, so the scan costs the
length of the text whatever the number of films and people. Which titles and names go into
the trie depends on the text's size: for a story-sized text, only those equal to one of its
capitalised runs of words (an indexed `IN` query, cheap while the runs are few); past
LOOKUP_LIMIT characters, every title and name (one query per table), which costs the size
of the tables instead of thousands of queries.

A match starts with a capital letter or a digit, equals the title or name exactly (case and
punctuation included; typographic quotes, apostrophes and dashes count as plain ones) and never spans a
line. A longer match hides the shorter ones inside it ("Her Smell" wins over "Her").
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models

from articles.models import Article
from core.matching import plain_typography, typographic_variants
from films.models import Film, Person

TOKEN = re.compile(r"\w+")
MAX_WORDS = 8
# SQLite allows 999 parameters per query in old builds; stay under it.
CHUNK = 900
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


def normalise(text: str) -> str:
    """The text with typographic quotes, apostrophes and dashes made plain (core.matching);
    offsets do not move."""
    return plain_typography(text)


def candidate_phrases(text: str) -> set[str]:
    """Every capitalised run of up to MAX_WORDS words within a line, as titles may be stored."""
    text = normalise(text)
    tokens = [(match.start(), match.end()) for match in TOKEN.finditer(text)]
    phrases: set[str] = set()
    for i, (start, _) in enumerate(tokens):
        if not (text[start].isupper() or text[start].isdigit()):
            continue
        for _, end in tokens[i : i + MAX_WORDS]:
            phrase = text[start:end]
            if "\n" in phrase:
                break
            phrases.add(phrase)
            if end < len(text) and text[end] in TRAILING:
                phrases.add(phrase + text[end])
    return set(typographic_variants(sorted(phrases)))


def build_index(names: Iterable[tuple[str, int, str]], node_type: type[dict] = dict) -> dict:
    """A word trie of (kind, pk, name) rows; `node_type` lets a test count lookups."""
    root = node_type()
    for kind, pk, name in names:
        name = normalise(name)
        words = TOKEN.findall(name)
        if not words:
            continue
        node = root
        for word in words:
            child = node.get(word)
            if child is None:
                child = node[word] = node_type()
            node = child
        node.setdefault(ENDS, []).append((kind, pk, name))
    return root


def scan(text: str, root: dict) -> Iterator[tuple[int, str, int, str]]:
    """(start, kind, pk, name) for every name of the trie the text holds, in one pass."""
    text = normalise(text)
    walks: list[tuple[int, dict]] = []  # partial matches: where each started, how far it got
    for token in TOKEN.finditer(text):
        word = token.group()
        advanced = [(start, node[word]) for start, node in walks if word in node]
        if (word[0].isupper() or word[0].isdigit()) and word in root:
            advanced.append((token.start(), root[word]))
        walks = []
        for start, node in advanced:
            if "\n" in text[start : token.start()]:
                continue
            walks.append((start, node))
            for kind, pk, name in node.get(ENDS, ()):
                if text.startswith(name, start):
                    yield start, kind, pk, name


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
                rows.filter(**{f"{field}__in": phrases[i : i + CHUNK]}) for i in range(0, len(phrases), CHUNK)
            )
        for chunk in chunks:
            for pk, name in chunk:
                yield kind, pk, name


def find_mentions(text: str) -> list[Suggestion]:
    """Films and people named in `text`, each once (where it is first named), longest match
    first where names overlap."""
    matches = sorted(scan(text, build_index(names_to_find(text))), key=lambda m: (m[0], -len(m[3]), m[1]))
    kept = []
    covered_until = -1
    for start, kind, pk, name in matches:
        # A film and a person may share a name: both are offered for the same words.
        same_words = kept and (kept[-1][0], kept[-1][3]) == (start, name)
        if start >= covered_until or same_words:
            kept.append((start, kind, pk, name))
            covered_until = max(covered_until, start + len(name))
    entities = {
        kind: model.objects.in_bulk({pk for _, matched, pk, _ in kept if matched == kind})
        for kind, (model, _) in MODELS.items()
    }
    first = {}
    for start, kind, pk, _ in kept:
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
