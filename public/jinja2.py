"""The readers' site's template globals: the section menu. (Cards, bylines and story links are
macros in jinja2/includes/.)"""

from jinja2.ext import Extension

from articles.models import Section
from core.pagecache.keys import shows


class PublicExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.globals.update(menu_sections=menu_sections)


def menu_sections() -> list[tuple[str, str]]:
    """(name, address) of every section, for the site menu; pages showing it record the key of
    all sections, so a renamed or new section purges them."""
    sections = list(Section.objects.only("name", "slug"))
    shows(Section, *sections)
    return [(section.name, section.get_absolute_url()) for section in sections]
