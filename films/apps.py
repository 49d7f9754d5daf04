from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films, people and festivals"

    def ready(self):
        from core.pagecache.keys import key
        from core.pagecache.signals import watch
        from films.models import Credit, Festival, FestivalEdition, Film, Person, Screening

        for model in (Film, Person, Festival, FestivalEdition):
            watch(model)
        # A credit shows on its film's and its person's pages (and story film boxes).
        watch(Credit, lambda credit, **kwargs: {key(Film, credit.film_id), key(Person, credit.person_id)})
        watch(Screening, lambda row, **kwargs: {key(Film, row.film_id), key(FestivalEdition, row.edition_id)})
