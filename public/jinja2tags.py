"""The readers' site's template globals: the section menu and the site's description for pages
with no description of their own. (Cards, bylines and story links are
macros in jinja2/includes/.)"""

import json

from jinja2.ext import Extension

from articles.models import Section
from core.pagecache.fragments import cached
from core.pagecache.keys import shows
from public.listings import shown_sections
from public.seo import DEFAULT_DESCRIPTION


class PublicExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(menu_sections=menu_sections, default_description=DEFAULT_DESCRIPTION)


def menu_sections() -> list[tuple[str, str]]:
    """(name, address) of every section with a public story, for the site menu, kept as a
    fragment; pages showing it record the key of each section and of all sections, which a
    renamed section, or one gaining its first or losing its last public story
    (articles/purges.py), purges."""

    def render(sections: list[Section]) -> str:
        shows(Section, *sections)
        return json.dumps([(section.name, section.get_absolute_url()) for section in sections])

    menu = cached(
        {"menu": "menu"}, lambda missing: {"menu": list(shown_sections().only("name", "slug"))}, render
    )
    return json.loads(menu["menu"])
