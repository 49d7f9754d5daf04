"""The readers' site's template globals: the section menu. (Cards, bylines and story links are
macros in jinja2/includes/.)"""

from jinja2.ext import Extension

from articles.models import Section
from core.cache import GENERATION_KEY, current_generation, page_cache


class PublicExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(menu_sections=menu_sections)


NAV_KEY = "site-nav:sections"


def menu_sections() -> list[tuple[str, str]]:
    """(name, address) of every section, cached until any content changes.

    The entry is tied to the page cache's content generation (core/cache.py), which every
    save of a section (or anything else) renews on every server, so the menu is never stale.
    """
    store = page_cache()
    found = store.get_many([GENERATION_KEY, NAV_KEY])
    generation = current_generation(found)
    entry = found.get(NAV_KEY)
    if entry and entry[0] == generation:
        return entry[1]
    sections = [(section.name, section.get_absolute_url()) for section in Section.objects.all()]
    store.set(NAV_KEY, (generation, sections), 24 * 3600)
    return sections
