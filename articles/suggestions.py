"""Films and people a story's text names but does not link yet.

Every run of one to MAX_WORDS words that starts with a capital letter or a digit is a
candidate; candidates are looked up as exact (case-sensitive) titles and names with an
indexed `IN` query, so the cost follows the length of the story, not the size of the
film and people tables. Matches start and end on word boundaries, and a longer match
hides the shorter ones inside it ("Her Smell" wins over a film called "Her").
"""

import re
from dataclasses import dataclass

from django.db import models

from articles.models import Article
from core.matching import plain_typography, typographic_variants
from films.models import Film, Person

MAX_WORDS = 8
# SQLite allows 999 parameters per query in old builds; stay under it.
CHUNK = 900
TOKEN = re.compile(r"\w+")
# Titles such as "Airplane!" or "mother!" end in punctuation, not a word character.
TRAILING = "!?."


@dataclass(frozen=True)
class Suggestion:
    entity: models.Model
    kind: str  # "film" or "person"
    phrase: str
    start: int


def candidate_phrases(text: str) -> dict[str, int]:
    """Phrase -> first offset, for every capitalised run of up to MAX_WORDS words."""
    tokens = [(match.start(), match.end()) for match in TOKEN.finditer(text)]
    phrases: dict[str, int] = {}
    for i, (start, _) in enumerate(tokens):
        first = text[start]
        if not (first.isupper() or first.isdigit()):
            continue
        for j in range(i, min(i + MAX_WORDS, len(tokens))):
            end = tokens[j][1]
            phrase = text[start:end]
            if "\n" in phrase:
                break
            phrases.setdefault(phrase, start)
            if end < len(text) and text[end] in TRAILING:
                phrases.setdefault(phrase + text[end], start)
    return phrases


def _lookup(model: type[models.Model], field: str, phrases: list[str]) -> list[models.Model]:
    found = []
    for offset in range(0, len(phrases), CHUNK):
        found.extend(model.objects.filter(**{f"{field}__in": phrases[offset : offset + CHUNK]}))
    return found


def find_mentions(text: str) -> list[Suggestion]:
    """Films and people named in `text`, longest match first where names overlap."""
    # Typography (core.matching): “O’Connor” in the text finds "O'Connor" in the table, and back.
    phrases = candidate_phrases(plain_typography(text))
    if not phrases:
        return []
    names = typographic_variants(list(phrases))
    found = [(film, "film", plain_typography(film.title)) for film in _lookup(Film, "title", names)]
    found += [(person, "person", plain_typography(person.name)) for person in _lookup(Person, "name", names)]
    # Exact match in Python too: some databases compare case-insensitively.
    matches = [
        Suggestion(entity, kind, name, phrases[name]) for entity, kind, name in found if name in phrases
    ]
    matches.sort(key=lambda m: (m.start, -len(m.phrase), m.kind))
    kept: list[Suggestion] = []
    covered_until = -1
    for match in matches:
        # A film and a person may share a name: both are offered for the same words.
        same_words = kept and (kept[-1].start, kept[-1].phrase) == (match.start, match.phrase)
        if match.start >= covered_until or same_words:
            kept.append(match)
            covered_until = max(covered_until, match.start + len(match.phrase))
    return kept


def suggest_links(article: Article) -> list[Suggestion]:
    """What the body names but the story does not link."""
    linked_films = set(article.film_links.values_list("film_id", flat=True))
    linked_people = set(article.person_links.values_list("person_id", flat=True))
    return [
        m
        for m in find_mentions(article.body_text)
        if m.entity.pk not in (linked_films if m.kind == "film" else linked_people)
    ]
