"""Load the demo newsroom: the "Her Smell" story, everything it links, and its neighbours.

Idempotent: every object is found by its slug and brought up to date, so running it twice
leaves the same rows. `make run` calls it when the database has no stories.
"""

from datetime import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    Author,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
    Review,
    Section,
)
from articles.related import refresh_all
from articles.richtext import place_html
from demo import content as demo
from demo.images import demo_image
from films.models import Credit, Festival, FestivalEdition, Film, Person, Release, Screening


def local_time(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


class Command(BaseCommand):
    help = "Create or refresh the demo content (the Her Smell story and what it links to)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has stories."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            if options["verbosity"]:
                self.stdout.write("Stories exist already; demo content not loaded.")
            return
        with transaction.atomic():
            self.load()
            # Every demo story with its related list, whatever its saves found to score.
            refresh_all()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Demo content ready: {Article.objects.count()} stories."))

    def load(self):
        sections = {
            slug: Section.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )[0]
            for slug, name, description, position in demo.SECTIONS
        }
        authors = {
            slug: Author.objects.update_or_create(
                slug=slug, defaults={"name": name, "job_title": title, "bio": bio}
            )[0]
            for slug, name, title, bio in demo.AUTHORS
        }
        people = {}
        for slug, name, bio in demo.PEOPLE:
            headshot = demo_image(
                f"person-{slug}",
                title=name,
                alt_text=f"Portrait of {name}",
                size=(480, 600),
                credit="Demo image",
            )
            people[slug] = Person.objects.update_or_create(
                slug=slug, defaults={"name": name, "bio": bio, "headshot": headshot}
            )[0]
        films = {}
        for slug, title, year, runtime, distributor, synopsis in demo.FILMS:
            poster = demo_image(
                f"poster-{slug}",
                title=title,
                alt_text=f"Poster for {title}",
                size=(600, 900),
                credit=distributor,
            )
            films[slug] = Film.objects.update_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "release_year": year,
                    "runtime_minutes": runtime,
                    "distributor": distributor,
                    "synopsis": synopsis,
                    "poster": poster,
                },
            )[0]
        for film, person, role, character, note, order in demo.CREDITS:
            Credit.objects.update_or_create(
                film=films[film],
                person=people[person],
                role=role,
                character=character,
                defaults={"note": note, "billing_order": order},
            )
        for film, country, kind, date, certification, note in demo.RELEASES:
            Release.objects.update_or_create(
                film=films[film],
                country=country,
                type=kind,
                date=date,
                defaults={"certification": certification, "note": note},
            )
        festivals = {
            slug: Festival.objects.update_or_create(
                slug=slug, defaults={"name": name, "short_name": short, "website": site}
            )[0]
            for slug, name, short, site in demo.FESTIVALS
        }
        editions = {
            slug: FestivalEdition.objects.update_or_create(
                slug=slug,
                defaults={
                    "festival": festivals[festival],
                    "year": year,
                    "start_date": start,
                    "end_date": end,
                    "location": location,
                },
            )[0]
            for slug, festival, year, start, end, location in demo.EDITIONS
        }
        for film, edition, premiere in demo.SCREENINGS:
            Screening.objects.update_or_create(
                film=films[film], edition=editions[edition], defaults={"premiere": premiere}
            )
        context = {
            "sections": sections,
            "authors": authors,
            "films": films,
            "people": people,
            "editions": editions,
        }
        articles = {}
        for spec in demo.ARTICLES:
            articles[spec["slug"]] = self.load_article(spec, context, status=Article.Status.PUBLISHED)
        for spec in demo.DRAFTS:
            self.load_article(spec, context, status=Article.Status.DRAFT)
        for spec in demo.ARTICLES:
            self.load_story_extras(articles[spec["slug"]], spec, articles)

    def load_article(self, spec: dict, context: dict, *, status: str) -> Article:
        published_at = local_time(spec["published"]) if "published" in spec else None
        lead = None
        if "lead" in spec:
            key, title, alt, caption, credit = spec["lead"]
            lead = demo_image(
                key, title=title, alt_text=alt, size=(1600, 900), caption=caption, credit=credit
            )
        else:
            lead = demo_image(
                f"lead-{spec['slug']}", title=spec["headline"], alt_text=spec["headline"], size=(1600, 900),
                credit="Demo image",
            )  # fmt: skip
        source_name, source_url = spec.get("source", ("", ""))
        article, _ = Article.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "headline": spec["headline"],
                "dek": spec["dek"],
                "body": spec["body"].strip(),
                "section": context["sections"][spec["section"]],
                "status": status,
                "published_at": published_at,
                "featured": spec.get("featured", False),
                "lead_image": lead,
                "source_name": source_name,
                "source_url": source_url,
            },
        )
        for position, slug in enumerate(spec["authors"]):
            Byline.objects.update_or_create(
                article=article, author=context["authors"][slug], defaults={"position": position}
            )
        for position, (slug, kind) in enumerate(spec.get("films", [])):
            ArticleFilm.objects.update_or_create(
                article=article, film=context["films"][slug], defaults={"kind": kind, "position": position}
            )
        for position, (slug, kind) in enumerate(spec.get("people", [])):
            ArticlePerson.objects.update_or_create(
                article=article, person=context["people"][slug], defaults={"kind": kind, "position": position}
            )
        if "review" in spec:
            film, rating = spec["review"]
            Review.objects.update_or_create(
                article=article, defaults={"film": context["films"][film], "rating": rating}
            )
        article.festival_editions.set([context["editions"][slug] for slug in spec.get("editions", [])])
        article.tags.set(spec.get("tags", []))
        return article

    def load_story_extras(self, article: Article, spec: dict, articles: dict) -> None:
        body = article.body
        for position, slug in enumerate(spec.get("read_more", [])):
            target = articles[slug]
            ReadMoreLink.objects.update_or_create(
                article=article, target=target, defaults={"after_paragraph": None, "position": position}
            )
            # The demo's body names the target by slug; a READ MORE placeholder names its id.
            body = body.replace(place_html("read-more", slug), place_html("read-more", str(target.pk)))
        if body != article.body:
            article.body = body
            article.save(update_fields=["body", "body_text"])
        for position, (url, title) in enumerate(spec.get("embeds", [])):
            Embed.objects.update_or_create(
                article=article,
                url=url,
                defaults={"title": title, "after_paragraph": None, "position": position},
            )
        for kind, made_at, note in spec.get("corrections", []):
            Correction.objects.update_or_create(
                article=article, made_at=local_time(made_at), defaults={"kind": kind, "note": note}
            )
