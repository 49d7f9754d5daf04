"""Every address readers and feed readers use (DESIGN.md "Public URLs")."""

from django.urls import path, register_converter

from core.converters import FourDigitYearConverter, IsoWeekConverter, TwoDigitConverter, UnicodeSlugConverter
from core.feeds import feed_urls
from public import feeds, sitemaps
from public.views import films, home, releases, reviews, stories

register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")
register_converter(UnicodeSlugConverter, "uslug")
register_converter(IsoWeekConverter, "isoweek")

app_name = "public"

SITEMAPS = {
    "home": sitemaps.HomeSitemap,
    "news": sitemaps.NewsSitemap,
    "stories": sitemaps.ArticleSitemap,
    "sections": sitemaps.SectionSitemap,
    "films": sitemaps.FilmSitemap,
    "people": sitemaps.PersonSitemap,
    "festivals": sitemaps.FestivalEditionSitemap,
    "tags": sitemaps.TagSitemap,
    "authors": sitemaps.AuthorSitemap,
}

# Section paths come last: they would otherwise catch every page.
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("search/", home.SearchView.as_view(), name="search"),
    path("robots.txt", home.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap_index, {"sitemaps_by_name": SITEMAPS}, name="sitemap-index"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap-news"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": {name: cls for name, cls in SITEMAPS.items() if name != "news"}},
        name="sitemap-section",
    ),
    *feed_urls("", feeds.LatestArticlesFeed, "feed"),
    path("films/<uslug:slug>/", films.FilmDetailView.as_view(), name="film"),
    path("people/<uslug:slug>/", films.PersonDetailView.as_view(), name="person"),
    path("festivals/<slug:slug>/", films.FestivalEditionDetailView.as_view(), name="festival"),
    *feed_urls("films/<uslug:slug>/", feeds.FilmFeed, "film-feed"),
    *feed_urls("people/<uslug:slug>/", feeds.PersonFeed, "person-feed"),
    *feed_urls("festivals/<slug:slug>/", feeds.FestivalEditionFeed, "festival-feed"),
    path("tags/<uslug:slug>/", stories.TagArticleListView.as_view(), name="tag"),
    path("releases/", releases.ReleaseCalendarView.as_view(), name="releases"),
    path("releases/<isoweek:week>/", releases.ReleaseCalendarView.as_view(), name="releases-week"),
    path("releases/calendar.ics", releases.release_calendar_ics, name="releases-ics"),
    *feed_urls("releases/", feeds.ReleaseFeed, "releases-feed"),
    path("film-reviews/", reviews.ReviewListView.as_view(), name="reviews"),
    *feed_urls("film-reviews/", feeds.ReviewFeed, "reviews-feed"),
    path("authors/<slug:slug>/", stories.AuthorArticleListView.as_view(), name="author"),
    path("preview/<int:pk>/", stories.ArticlePreviewView.as_view(), name="preview"),
    path("preview/share/<str:token>/", stories.ArticleSharePreviewView.as_view(), name="share-preview"),
    *feed_urls("tags/<uslug:slug>/", feeds.TagFeed, "tag-feed"),
    *feed_urls("authors/<slug:slug>/", feeds.AuthorFeed, "author-feed"),
    path("<slug:slug>/", stories.SectionArticleListView.as_view(), name="section"),
    *feed_urls("<slug:slug>/", feeds.SectionFeed, "section-feed"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        stories.ArticleDetailView.as_view(),
        name="detail",
    ),
]
