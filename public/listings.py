"""The story lists of the readers' pages (home, section, tag, author, film, person, festival).

A list page shows one window of public stories, newest first, as cards (section, lead image,
bylines). Each window is one prepared query (core/prepared.py) and the bylines of every
card on the page one more, whatever the page and however many stories the site holds.
"""

from collections import defaultdict

from django.utils import timezone

from articles.models import Article, Byline
from core.prepared import PreparedQuery, attach
from public.rows import CARD_FIELDS


def public_cards(now):
    """Public stories with what a card shows, newest first (DESIGN.md rule 1 via published())."""
    return (
        Article.objects.published(now)
        .select_related("section", "lead_image")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-id")
    )


LATEST = PreparedQuery(lambda now, start, stop: public_cards(now)[start:stop], shape=("start", "stop"))


# An object with at most this many links lists its stories from its links, sorted by time; a
# busier one walks the newest public stories and keeps those it links, which fills a page
# quickly. SQLite without statistics always walked: 41 ms for a person in one story of 100,000.
FEW_LINKS = 1000


def _cards_among(story_ids, now):
    """Public cards among `story_ids`, newest first, driven by the ids (public checked per row)."""
    return (
        Article.objects.filter(pk__in=story_ids)
        .published_by_pk(now)
        .select_related("section", "lead_image")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-id")
    )


class LinkedStories:
    """The public stories linked to one object (a section, tag, film...), one window at a time.

    `lookup` goes from a story to the object's id ("section_id", "film_links__film_id");
    `link` = (model, object field, story field) names the link table, when there is one,
    so that objects with few stories are listed from it.
    """

    def __init__(self, lookup: str, link: tuple | None = None):
        self.link = link
        self.busy = PreparedQuery(
            lambda entity_id, now, start, stop: public_cards(now).filter(**{lookup: entity_id})[start:stop],
            shape=("start", "stop"),
        )
        if link:
            model, entity_field, story_field = link
            self.few = PreparedQuery(
                lambda entity_id, now, start, stop: _cards_among(
                    model.objects.filter(**{entity_field: entity_id}).values(story_field), now
                )[start:stop],
                shape=("start", "stop"),
            )
            # The link past FEW_LINKS, if there is one: the index walks that far, nothing is counted.
            self.link_past_few = PreparedQuery(
                lambda entity_id: (
                    model.objects.filter(**{entity_field: entity_id})
                    .order_by()
                    .values_list("pk")[FEW_LINKS : FEW_LINKS + 1]
                )
            )

    def window(self, entity_id: int, start: int, stop: int) -> list[Article]:
        query = self.busy
        if self.link and not self.link_past_few(entity_id=entity_id):
            query = self.few
        return query(entity_id=entity_id, now=timezone.now(), start=start, stop=stop)


CARD_BYLINES = PreparedQuery(
    lambda article_ids: Byline.objects.filter(article_id__in=article_ids).select_related("author")
)


def attach_bylines(*story_lists: list[Article]) -> None:
    """Load the bylines of every card on a page in one query, attached where prefetch_related
    would put them, so `article.byline_authors` costs no query."""
    stories = [story for stories in story_lists for story in stories]
    ids = list(dict.fromkeys(story.pk for story in stories))
    bylines = defaultdict(list)
    if ids:
        for byline in CARD_BYLINES(article_ids=ids):
            bylines[byline.article_id].append(byline)
    for story in stories:
        attach(story, "bylines", Byline, bylines[story.pk])


class StoryWindows:
    """Stands in for a story QuerySet where a paginator slices it: `window(start, stop)` gives
    each slice. Bylines are loaded by the caller, once for everything the page shows."""

    model = Article
    ordered = True

    def __init__(self, window):
        self.window = window

    def __getitem__(self, window: slice) -> list[Article]:
        return self.window(window.start, window.stop)


def latest_window(start: int, stop: int) -> list[Article]:
    return LATEST(now=timezone.now(), start=start, stop=stop)
