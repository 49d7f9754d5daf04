from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from articles.feeds import LatestArticlesFeed
from articles.sitemaps import ArticleSitemap, AuthorSitemap, SectionSitemap, TagSitemap
from films.sitemaps import FestivalEditionSitemap, FilmSitemap, PersonSitemap
from newsroom import sitemaps, views
from newsroom.feeds import feed_urls

SITEMAPS = {
    "home": sitemaps.HomeSitemap,
    "news": sitemaps.NewsSitemap,
    "stories": ArticleSitemap,
    "sections": SectionSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "festivals": FestivalEditionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap_index, {"sitemaps_by_name": SITEMAPS}, name="sitemap-index"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": {name: cls for name, cls in SITEMAPS.items() if name != "news"}},
        name="sitemap-section",
    ),
    # Before the articles URLs, whose section pattern would take "feed/" for a section.
    *feed_urls("", LatestArticlesFeed, "feed"),
    path("", include("films.urls")),
]
if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )
urlpatterns.append(path("", include("articles.urls")))

handler500 = "newsroom.errors.server_error"
