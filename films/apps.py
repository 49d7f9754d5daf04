from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films, people and festivals"

    def ready(self):
        from core.cache import watch_models
        from films.models import Credit, Festival, FestivalEdition, Film, Person, Screening

        watch_models(Film, Person, Credit, Festival, FestivalEdition, Screening)
