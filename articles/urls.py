from django.urls import path, register_converter

from articles import views
from newsroom.converters import FourDigitYearConverter, TwoDigitConverter

register_converter(FourDigitYearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")

app_name = "articles"

# Section paths come last in the root URLconf: they would otherwise catch every page.
urlpatterns = [
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
]
