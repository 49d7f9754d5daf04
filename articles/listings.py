"""The story lists of the readers' pages (home, section, tag, author, film, person, festival).

A list page shows one window of public stories, newest first, as cards (section, lead image,
bylines). Each window is one prepared query (newsroom/prepared.py) and the bylines of every
card on the page one more, whatever the page and however many stories the site holds.
"""

from collections import defaultdict
from functools import cache

from django.utils import timezone

from articles.models import Article, Byline
from articles.related import LISTING_DEFERRED
from articles.story_page import attach
from newsroom.prepared import PreparedQuery


def public_cards(now):
    """Public stories with what a card shows, newest first (DESIGN.md rule 1 via published())."""
    return (
        Article.objects.published(now)
        .select_related("section", "lead_image")
        .defer(*LISTING_DEFERRED)
        .order_by("-published_at", "-id")
    )


LATEST = PreparedQuery(lambda now, start, stop: public_cards(now)[start:stop], shape=("start", "stop"))
BYLINES = PreparedQuery(
    lambda article_ids: Byline.objects.filter(article_id__in=article_ids).select_related("author")
)


@cache
def linked_to(lookup: str) -> PreparedQuery:
    """The window of public stories linked to one object through `lookup` (e.g. "section_id")."""
    return PreparedQuery(
        lambda entity_id, now, start, stop: public_cards(now).filter(**{lookup: entity_id})[start:stop],
        shape=("start", "stop"),
    )


def attach_bylines(*story_lists: list[Article]) -> None:
    """Load the bylines of every card on a page in one query."""
    stories = [story for stories in story_lists for story in stories]
    ids = list(dict.fromkeys(story.pk for story in stories))
    by_story = defaultdict(list)
    for byline in BYLINES(article_ids=ids) if ids else []:
        by_story[byline.article_id].append(byline)
    for story in stories:
        attach(story, "bylines", Byline, by_story[story.pk])


class StoryWindows:
    """Stands in for a story QuerySet where a paginator slices it: each slice is one prepared
    query. Bylines are loaded by the caller, once for everything the page shows."""

    model = Article
    ordered = True

    def __init__(self, query: PreparedQuery, **arguments):
        self.query = query
        self.arguments = arguments

    def __getitem__(self, window: slice) -> list[Article]:
        return self.query(**self.arguments, now=timezone.now(), start=window.start, stop=window.stop)
