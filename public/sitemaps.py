"""The sitemap index, a Google News sitemap, and the base every sitemap of the site shares.

Addresses come from settings.SITE_URL, not from the request's Host header, so a sitemap
fetched through a proxy or on a staging host still names the public site.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Section
from core.addresses import absolute_url, site_host
from core.pagecache.keys import add_surrogate_keys, key
from films.models import FestivalEdition, Film, Person
from public.listings import shown_sections

# Google News reads stories of the last two days only, at most 1,000 per sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class SiteSitemap(sitemaps.Sitemap):
    limit = 5000
    # The models whose lists this sitemap is (surrogate keys: a new or deleted one purges it).
    lists: tuple = ()
    # A sitemap lists at least one address; one with none is left out of the index.
    listed_when_empty = False

    def surrogate_keys(self) -> set[str]:
        return {key(model) for model in self.lists} or {"sitemap-home"}

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return site_host()


class HomeSitemap(SiteSitemap):
    """The site's pages that are no story, film, person or other entry: the home page, the
    release calendar and the review list."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["public:home", "public:releases", "public:reviews"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(SiteSitemap):
    """Stories published in the last two days, with the news: tags Google News asks for."""

    limit = NEWS_LIMIT
    lists = (Article,)
    # Google News reads it whatever the index says; with no story of the last two days it
    # lists the home page (templates/sitemaps/news.xml), so it stays a valid sitemap.
    listed_when_empty = True

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published().filter(published_at__gte=since).select_related("section")[:NEWS_LIMIT]
        )

    def lastmod(self, item):
        return item.updated_at


def sitemap_index(request, sitemaps_by_name: dict):
    """The index: one entry per sitemap page, with the newest change where it is cheap to know."""
    entries = []
    for name, sitemap_class in sitemaps_by_name.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count and not sitemap.listed_when_empty:
            continue
        location = absolute_url(reverse("public:sitemap-section", kwargs={"section": name}))
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append(
                {
                    "location": location if page == 1 else f"{location}?p={page}",
                    "lastmod": sitemap.get_latest_lastmod() if page == 1 else None,
                }
            )
    response = TemplateResponse(
        request, "sitemaps/index.xml", {"entries": entries}, content_type="application/xml; charset=utf-8"
    )
    keys = set().union(*(cls().surrogate_keys() for cls in sitemaps_by_name.values()))
    return add_surrogate_keys(response, keys)


def sitemap(request, section: str, sitemaps: dict):
    """Contrib's sitemap view, saying what the sitemap lists."""
    if section not in sitemaps:
        raise Http404("No such sitemap")
    response = sitemap_views.sitemap(request, sitemaps, section=section)
    if not response.context_data["urlset"]:  # the index leaves it out: a sitemap lists something
        raise Http404("This sitemap lists nothing")
    return add_surrogate_keys(response, sitemaps[section]().surrogate_keys())


def news_sitemap(request):
    """Headlines of the last two days: a headline edited is a page purged (each story's key)."""
    stories = list(NewsSitemap().items())
    response = TemplateResponse(
        request,
        "sitemaps/news.xml",
        {"articles": stories, "SITE_NAME": settings.SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )
    return add_surrogate_keys(response, {key(Article), *(key(story) for story in stories)})


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    lists = (Article,)

    def items(self):
        # Built per request: a queryset made at import time would freeze now().
        return Article.objects.published().select_related("section").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"
    lists = (Section,)

    def items(self):
        return shown_sections()


class AuthorSitemap(SiteSitemap):
    lists = (Author, Article)  # the authors of public stories

    def items(self):
        return Author.objects.filter(bylines__article__in=Article.objects.published()).distinct()


class TagSitemap(SiteSitemap):
    lists = (Tag, Article)  # the tags of public stories

    def items(self):
        return (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=Article.objects.published())
            .distinct()
            .order_by("name")
        )

    def location(self, item):
        return reverse("public:tag", kwargs={"slug": item.slug})


class FilmSitemap(SiteSitemap):
    lists = (Film,)

    def items(self):
        return Film.objects.order_by("title", "pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(SiteSitemap):
    lists = (Person,)

    def items(self):
        return Person.objects.order_by("name", "pk")

    def lastmod(self, item):
        return item.updated_at


class FestivalEditionSitemap(SiteSitemap):
    lists = (FestivalEdition,)

    def items(self):
        return FestivalEdition.objects.select_related("festival").order_by("-year", "pk")
