from itertools import groupby

from django.db.models import Prefetch

from articles.models import FESTIVAL_LINKS, FILM_LINKS, PERSON_LINKS
from films.models import Credit, FestivalEdition, Film, Person, Release, Role, Screening
from films.sources.tmdb import ATTRIBUTION
from public import seo
from public.listings import LinkedStories
from public.reviews import film_review
from public.views.stories import EntityArticleListView


def credits_by_role(credits: list[Credit]) -> list[dict]:
    """Credits grouped under their role, in the order of Role, each group in billing order."""
    order = {role: number for number, role in enumerate(Role.values)}
    rows = sorted(credits, key=lambda credit: (order.get(credit.role, 99), credit.billing_order, credit.pk))
    return [
        {"role": Role(role).label, "credits": list(group)}
        for role, group in groupby(rows, key=lambda credit: credit.role)
    ]


def home_release(releases: list[Release]) -> Release | None:
    """The release the page's facts name: the first in US theaters, else the first of all."""
    theatrical = [r for r in releases if r.country.code == "US" and r.type == Release.Type.THEATRICAL]
    return (theatrical or releases or [None])[0]


def filmography(credits: list[Credit]) -> list[dict]:
    """A person's films newest first, each film once with every role they had in it."""
    years = []
    by_year = groupby(credits, key=lambda credit: credit.film.release_year)
    for year, year_credits in by_year:
        films = [
            {"film": film, "credits": list(film_credits)}
            for film, film_credits in groupby(year_credits, key=lambda credit: credit.film)
        ]
        years.append({"year": year, "films": films})
    return years


class FilmDetailView(EntityArticleListView):
    entity_queryset = Film.objects.select_related("poster").prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("billing_order", "id")),
        Prefetch(
            "screenings",
            queryset=Screening.objects.select_related("edition__festival").order_by("edition__year", "date"),
        ),
        "releases",
    )
    stories = LinkedStories(FILM_LINKS)
    context_entity_name = "film"
    template_name = "films/film_detail.html"
    header_template = "films/film_header.html"

    def entity_description(self) -> str:
        return self.entity.synopsis or f"News, interviews and reviews about {self.entity}."

    def breadcrumb_trail(self):
        return [("Home", "/"), (str(self.entity), self.get_entity_url())]

    def header_context(self) -> dict:
        credits = list(self.entity.credits.all())
        releases = list(self.entity.releases.all())
        return {
            "credit_groups": credits_by_role(credits),
            "directors": [credit.person for credit in credits if credit.role == Role.DIRECTOR],
            "releases": releases,
            "home_release": home_release(releases),
            "review": film_review(self.entity.pk),
            "tmdb_notice": ATTRIBUTION,
        }

    def get_seo(self, context):
        meta = super().get_seo(context)
        credits = list(self.entity.credits.all())
        meta.image = seo.share_image(self.entity.poster, "poster")
        meta.og_type = "video.movie"
        meta.json_ld.insert(
            0,
            seo.movie(
                self.entity,
                [credit.person for credit in credits if credit.role == Role.DIRECTOR],
                [credit for credit in credits if credit.role == Role.CAST],
                meta.image,
                context["review"],
            ),
        )
        return meta


class PersonDetailView(EntityArticleListView):
    entity_queryset = Person.objects.select_related("headshot").prefetch_related(
        Prefetch(
            "credits",
            queryset=Credit.objects.select_related("film").order_by(
                "-film__release_year", "film__title", "film_id", "billing_order", "id"
            ),
        )
    )
    stories = LinkedStories(PERSON_LINKS)
    context_entity_name = "person"
    template_name = "films/person_detail.html"
    header_template = "films/person_header.html"

    def entity_description(self) -> str:
        return self.entity.bio or f"Film news and stories about {self.entity.name}."

    def header_context(self) -> dict:
        return {"filmography": filmography(list(self.entity.credits.all()))}

    def get_seo(self, context):
        meta = super().get_seo(context)
        meta.image = seo.share_image(self.entity.headshot, "headshot")
        meta.og_type = "profile"
        meta.json_ld.insert(0, seo.person(self.entity, meta.image))
        return meta


class FestivalEditionDetailView(EntityArticleListView):
    entity_queryset = FestivalEdition.objects.select_related("festival").prefetch_related(
        Prefetch(
            "screenings",
            queryset=Screening.objects.select_related("film__poster").order_by("date", "film__title"),
        )
    )
    stories = LinkedStories(FESTIVAL_LINKS)
    context_entity_name = "edition"
    template_name = "films/festival_detail.html"

    def entity_title(self) -> str:
        return f"{self.entity.festival.name} {self.entity.year}"

    def entity_description(self) -> str:
        return f"Premieres, screenings and our coverage of {self.entity_title()}."
