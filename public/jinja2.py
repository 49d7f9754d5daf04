"""The readers' site's template globals: story cards, bylines, story links, the section menu."""

from jinja2.ext import Extension

from articles.models import Section
from public.components import article_card, byline, story_link


class PublicExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(
            article_card=article_card, byline=byline, story_link=story_link, menu_sections=menu_sections
        )


def menu_sections() -> list[tuple[str, str]]:
    """(name, address) of every section, for the site menu; pages showing it carry the key of
    all sections, so a renamed or new section purges them."""
    return [(section.name, section.get_absolute_url()) for section in Section.objects.only("name", "slug")]
