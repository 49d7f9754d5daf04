from django.apps import AppConfig


class FilmsConfig(AppConfig):
    name = "films"
    verbose_name = "Films, people and festivals"

    def ready(self):
        from core.pagecache.keys import key
        from core.pagecache.signals import watch
        from films.models import Credit, Festival, FestivalEdition, Film, Person, Release, Screening

        for model in (Film, Person, Festival, FestivalEdition):
            watch(model)
        # A credit shows on its film's and its person's pages (and story film boxes).
        watch(Credit, lambda credit, **kwargs: {key(Film, credit.film_id), key(Person, credit.person_id)})
        watch(Screening, lambda row, **kwargs: {key(Film, row.film_id), key(FestivalEdition, row.edition_id)})
        # A release shows on its film's page and on the release calendar (its pages, feeds and
        # .ics all carry the key of every release).
        watch(Release, lambda release, **kwargs: {key(Film, release.film_id), key(Release)})
