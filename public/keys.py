"""The surrogate keys of what readers' pages show (core/pagecache/keys.py): each view tags its
response with them, and a change purges exactly the pages naming what it touched."""

from collections.abc import Iterable

from django.db.models import Model
from django.http import HttpResponse

from articles.models import Article, Section
from core.pagecache.keys import key, tag
from images.models import Image


def keys_of(objects: Iterable[Model | None]) -> set[str]:
    return {key(obj) for obj in objects if obj is not None}


def teaser_keys(stories: Iterable[Article]) -> set[str]:
    """Stories as a short link shows them: the story, its section and its picture."""
    keys = set()
    for story in stories:
        keys.add(key(Article, story.pk))
        keys.add(key(Section, story.section_id))
        if story.lead_image_id:
            keys.add(key(Image, story.lead_image_id))
    return keys


def card_keys(stories: Iterable[Article]) -> set[str]:
    """Stories as a card or a feed item shows them: a teaser and the authors' names (bylines
    loaded by for_listing())."""
    stories = list(stories)
    authors = (author for story in stories for author in story.byline_authors)
    return teaser_keys(stories) | keys_of(authors)


class SurrogateKeysMixin:
    """For readers' views: tag the response with `surrogate_keys(context)`. Every HTML page
    shows the section menu, so it also carries the key of all sections."""

    html = True

    def surrogate_keys(self, context: dict) -> set[str]:
        raise NotImplementedError

    def render_to_response(self, context, **kwargs) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        keys = self.surrogate_keys(context)
        if self.html:
            keys.add(key(Section))
        return tag(response, keys)
