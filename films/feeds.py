"""Feeds of the public stories about one film, person or festival edition (see articles/feeds.py)."""

from articles.feeds import ArticleFeed
from films.models import FestivalEdition, Film, Person


class FilmFeed(ArticleFeed):
    entity_queryset = Film.objects.all()
    article_filter = "film_links__film"


class PersonFeed(ArticleFeed):
    entity_queryset = Person.objects.all()
    article_filter = "person_links__person"


class FestivalEditionFeed(ArticleFeed):
    entity_queryset = FestivalEdition.objects.select_related("festival")
    article_filter = "festival_editions"
    description_format = "Film news and stories from {}."
