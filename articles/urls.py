from django.urls import path, register_converter

from articles import feeds, views
from newsroom.converters import FourDigitYearConverter, TwoDigitConverter
from newsroom.feeds import feed_urls

register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")

app_name = "articles"

# Section paths come last in the root URLconf: they would otherwise catch every page.
urlpatterns = [
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("preview/share/<str:token>/", views.ArticleSharePreviewView.as_view(), name="share-preview"),
    *feed_urls("tags/<slug:slug>/", feeds.TagFeed, "tag-feed"),
    *feed_urls("authors/<slug:slug>/", feeds.AuthorFeed, "author-feed"),
    path("<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    *feed_urls("<slug:slug>/", feeds.SectionFeed, "section-feed"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
