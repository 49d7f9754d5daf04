from django.urls import path

from films import feeds, views
from newsroom.feeds import feed_urls

app_name = "films"

urlpatterns = [
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("festivals/<slug:slug>/", views.FestivalEditionDetailView.as_view(), name="festival"),
    *feed_urls("films/<slug:slug>/", feeds.FilmFeed, "film-feed"),
    *feed_urls("people/<slug:slug>/", feeds.PersonFeed, "person-feed"),
    *feed_urls("festivals/<slug:slug>/", feeds.FestivalEditionFeed, "festival-feed"),
]
