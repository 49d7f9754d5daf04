from django.db.models import Prefetch

from articles.views import EntityArticleListView
from films.models import Credit, FestivalEdition, Film, Person, Screening


class FilmDetailView(EntityArticleListView):
    entity_queryset = Film.objects.select_related("poster").prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("billing_order", "id")),
        Prefetch("screenings", queryset=Screening.objects.select_related("edition__festival")),
    )
    context_entity_name = "film"
    template_name = "films/film_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(film_links__film=self.entity)


class PersonDetailView(EntityArticleListView):
    entity_queryset = Person.objects.select_related("headshot").prefetch_related(
        Prefetch(
            "credits",
            queryset=Credit.objects.select_related("film").order_by(
                "-film__release_year", "film__title", "id"
            ),
        )
    )
    context_entity_name = "person"
    template_name = "films/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(person_links__person=self.entity)


class FestivalEditionDetailView(EntityArticleListView):
    entity_queryset = FestivalEdition.objects.select_related("festival").prefetch_related(
        Prefetch("screenings", queryset=Screening.objects.select_related("film"))
    )
    context_entity_name = "edition"
    template_name = "films/festival_detail.html"

    def get_queryset(self):
        return super().get_queryset().filter(festival_editions=self.entity)
