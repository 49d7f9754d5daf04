from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, Section
from newsroom.sitemaps import SiteSitemap


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        # Built per request: a queryset made at import time would freeze now().
        return Article.objects.published().select_related("section").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class AuthorSitemap(SiteSitemap):
    def items(self):
        return Author.objects.filter(bylines__article__in=Article.objects.published()).distinct()


class TagSitemap(SiteSitemap):
    def items(self):
        return (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=Article.objects.published())
            .distinct()
            .order_by("name")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})
