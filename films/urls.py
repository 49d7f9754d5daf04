from django.urls import path

from films import views

app_name = "films"

urlpatterns = [
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("festivals/<slug:slug>/", views.FestivalEditionDetailView.as_view(), name="festival"),
]
