from films.models import FestivalEdition, Film, Person
from newsroom.sitemaps import SiteSitemap


class FilmSitemap(SiteSitemap):
    def items(self):
        return Film.objects.order_by("title", "pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(SiteSitemap):
    def items(self):
        return Person.objects.order_by("name", "pk")

    def lastmod(self, item):
        return item.updated_at


class FestivalEditionSitemap(SiteSitemap):
    def items(self):
        return FestivalEdition.objects.select_related("festival").order_by("-year", "pk")
