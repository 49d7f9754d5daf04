"""Stories as lists show them (a card, a review's card, a short link, the home page's lead),
read from the fragment store (core/pagecache/fragments.py) in one batch for a window of ids;
the ones not stored are loaded in one query (and their bylines) and rendered by their macro.

List views therefore page through ids only, and a list the page cache misses costs one query
for its window, one read of the store, and the ORM only for cards no page has shown yet.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.template import engines
from django.utils import timezone
from markupsafe import Markup

from articles.models import Article
from core.pagecache.fragments import cached
from public.listings import public_cards, story_links
from public.reviews import review_cards


@dataclass(frozen=True)
class StoryFragment:
    """A way of showing a story: the macro that renders it and the query that loads it."""

    template: str
    macro: str
    stories: Callable[[], QuerySet]


STORY_FRAGMENTS = {
    "card": StoryFragment("includes/article_card.html", "article_card", lambda: public_cards()),
    "review": StoryFragment("includes/review_card.html", "review_card", lambda: review_cards(public_cards())),
    "link": StoryFragment(
        "includes/story_link.html", "story_link", lambda: story_links(Article.objects.published())
    ),
    "lead": StoryFragment("includes/article_card.html", "lead_story", lambda: public_cards()),
}


def story_fragments(ids: Iterable[int], kind: str = "card") -> list[Markup]:
    """The stories of `ids`, in that order, shown as `kind` (a key of STORY_FRAGMENTS); a story
    that is no longer public is left out."""
    ids = list(ids)
    found = story_fragments_by_id(ids, kind)
    return [found[pk] for pk in ids if pk in found]


def story_fragments_by_id(ids: Iterable[int], kind: str) -> dict[int, Markup]:
    fragment = STORY_FRAGMENTS[kind]
    macro = getattr(engines["jinja2"].env.get_template(fragment.template).module, fragment.macro)

    def load(missing: list[int]) -> dict[int, Article]:
        return {story.pk: story for story in fragment.stories().filter(pk__in=missing).order_by()}

    found = cached({pk: f"{kind}:{pk}" for pk in ids}, load, lambda story: str(macro(story)))
    return {pk: Markup(html) for pk, html in found.items()}


def ids_of(stories: QuerySet) -> QuerySet:
    """A list's stories as ids, in its order, for a paginator to slice."""
    return stories.values_list("pk", flat=True)


def newest_public_ids(now=None) -> QuerySet:
    return ids_of(Article.objects.published(now or timezone.now()).order_by("-published_at", "-id"))
