"""Fill the database with a large, realistic corpus for load tests (`make bench`).

`load_demo` gives editors a handful of hand-written stories; list pages, search and feeds
only show their cost at scale. This command writes N generated stories (about 800 words
each, 3-6 tags, 1-3 films with credits, 2-4 people, READ MORE links, lead images, sections
and bylines; a story in the Reviews section reviews its first film, with a rating),
deterministic for a given --seed, with bulk inserts: 100,000 stories take
about 2.5 minutes of CPU on SQLite, the full-text index triggers included.

Bulk inserts bypass Article.save(), so the body is generated as HTML that the sanitiser
would keep unchanged (a test checks it) and body_text is filled the way save() fills it.
Slugs carry a number past the highest existing story id, so a second run adds stories
instead of clashing with the first.
"""

import random
import time
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    Author,
    Byline,
    LinkKind,
    ReadMoreLink,
    Review,
    Section,
    TaggedArticle,
)
from articles.ratings import site_scale
from articles.related import refresh_all
from core.pagecache.purge import purge_everything
from demo.images import demo_image
from films.models import Credit, Film, Person, Role

CHUNK = 2000
SECTIONS = [
    ("news", "News"),
    ("reviews", "Reviews"),
    ("interviews", "Interviews"),
    ("features", "Features"),
    ("festivals-coverage", "Festivals"),
    ("box-office", "Box Office"),
]
FIRST_NAMES = (
    "Alex Ana Ben Carla Dev Elena Farah Gus Hana Ian Jae Kofi Lena Mateo Nora Omar Priya Quinn "
    "Rosa Sam Tomas Uma Vera Wes Xiu Yara Zane Agnes Bruno Celine Dario Esme Felix Greta Hugo Ines"
).split()
LAST_NAMES = (
    "Okafor Lindqvist Moreau Tanaka Alvarez Brennan Kowalski Haddad Novak Ferreira Sato Quinlan "
    "Mbeki Rossi Dubois Keller Nakamura Oyelaran Petrov Santos Walsh Yilmaz Zhou Abbott Castellanos"
).split()
TITLE_WORDS = (
    "Silent Harbor Midnight Glass River Ember Winter Orchard Paper Moon Velvet Static Northern "
    "Lights Burning Field Hollow Crown Salt Garden Electric Summer Lost Signal Golden Hour Iron "
    "Bloom Quiet Storm Neon Desert Last Letter Broken Compass Wild Tide Distant Shore Red Thread"
).split()
CHARACTERS = "Becky Marlowe Jun Teodora Rafe Ines Cole Mira Dante Lucia Ossie Petra Vic Wren".split()
TAG_NAMES = [
    "Oscars", "Cannes", "TIFF", "Sundance", "Venice", "Berlinale", "Horror", "Documentary",
    "Animation", "Indie", "Streaming", "Box office", "Trailers", "Casting", "Sequels", "Remakes",
    "Music", "Comedy", "Drama", "Thriller", "Science fiction", "Westerns", "Musicals", "Awards",
    "Criterion", "A24", "Netflix", "Directors", "Screenwriting", "Cinematography", "Editing",
    "Score", "Restorations", "Festivals", "First films", "Biopics", "Adaptations", "Posters",
]  # fmt: skip
TAG_QUALIFIERS = "French Korean Indian Mexican British Nordic Italian Japanese Iranian Brazilian".split()
SUBJECTS = [
    "the director", "the cast", "the studio", "the festival jury", "the screenwriter",
    "the distributor", "the producer", "the composer", "the critic", "the audience",
    "the lead actor", "the editor",
]  # fmt: skip
VERBS = (
    "announced revealed confirmed described praised questioned celebrated shaped rewrote "
    "previewed defended discussed premiered finished restored"
).split()
OBJECTS = [
    "the new film", "a second trailer", "the festival lineup", "an unusual score", "the final cut",
    "a long tracking shot", "the opening weekend", "the original script", "a surprise cameo",
    "the release date", "the restored print", "a bold ending", "the ensemble cast", "the poster",
    "a difficult shoot", "the premiere", "the sound design", "the first reviews",
]  # fmt: skip
CLAUSES = [
    "after months of rumours", "during a packed screening", "in a statement on Tuesday",
    "to the surprise of many", "ahead of the awards season", "on the last day of the festival",
    "in a long interview", "before the film opens in theaters", "with a nod to classic cinema",
    "while the cameras kept rolling", "as the film heads to streaming", "in front of the press",
]  # fmt: skip
FILLER = (
    "film cinema story scene camera frame light shadow performance character screen studio "
    "festival audience premiere trailer director actor actress script dialogue sequence "
    "moment season release theater picture sound music score color rhythm tension humor"
).split()
# A word that appears in about one story in a thousand: the rare search in `make bench`.
RARE_WORD = "zoetrope"


def next_id(model) -> int:
    """Past every existing row, so slugs made from it never clash with an earlier run."""
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


class Corpus:
    """Deterministic text, names and choices, all drawn from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.sentences = [self._sentence() for _ in range(4000)]

    def _sentence(self) -> str:
        rng = self.rng
        words = rng.choices(FILLER, k=rng.randint(4, 9))
        sentence = (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(CLAUSES)}, and the {' '.join(words)} {rng.choice(['held', 'stayed', 'grew'])}."
        )
        return sentence[0].upper() + sentence[1:]

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def title(self) -> str:
        words = self.rng.sample(TITLE_WORDS, self.rng.randint(1, 3))
        return " ".join(["The", *words] if self.rng.random() < 0.4 else words)

    def body(self, film: str, person: str, rare: bool) -> tuple[str, str]:
        """(HTML, plain text) of about 800 words, as Article.save() would store them."""
        rng, html, text = self.rng, [], []
        for number in range(rng.randint(7, 8)):
            sentences = rng.choices(self.sentences, k=rng.randint(5, 6))
            if number == 1:
                sentences.insert(0, f"{person} talked about {film} at length.")
            if rare and number == 2:
                sentences.append(f"One shot was built around an old {RARE_WORD}.")
            paragraph = " ".join(sentences)
            if number == 4:
                heading = f"Inside {film}"
                html.append(f"<h2>{heading}</h2>")
                text.append(heading)
            if number == 3:
                link = '<a href="https://example.com/interview">the full interview</a>'
                html.append(f"<p>{paragraph} Read <em>{film}</em> notes in {link}.</p>")
                text.append(f"{paragraph} Read {film} notes in the full interview.\n")
            else:
                html.append(f"<p>{paragraph}</p>")
                text.append(f"{paragraph}\n")
        return "".join(html), "".join(text).strip()


class Command(BaseCommand):
    help = "Add N generated stories with films, people, tags and links, for load tests (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=1000, help="How many stories to add.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be made; write nothing.")

    def handle(self, *args, stories, seed, dry_run, **options):
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        self.verbosity = options["verbosity"]
        plan = self.plan(stories)
        if dry_run:
            self.say(
                f"Would add {stories} stories, {plan['films']} films, {plan['people']} people, "
                f"{plan['tags']} tags, {plan['authors']} authors in {len(SECTIONS)} sections."
            )
            return
        started = time.monotonic()
        with transaction.atomic():
            self.seed(Corpus(seed), stories, plan)
            # Bulk inserts send no signals: score every story's related list in one pass.
            refresh_all()
        # Bulk inserts send no signals: tell the page cache the content changed.
        purge_everything()
        if connection.vendor == "postgresql":
            # Autovacuum would get there later; a benchmark right after the load needs the
            # planner's statistics now.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.say(
            self.style.SUCCESS(f"Added {stories} stories in {time.monotonic() - started:.1f} s."),
            level=1,
        )

    def say(self, message: str, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)

    @staticmethod
    def plan(stories: int) -> dict:
        return {
            "films": max(20, stories // 10),
            "people": max(60, stories // 2),
            "tags": min(len(TAG_NAMES) * (1 + len(TAG_QUALIFIERS)), max(30, stories // 100)),
            "authors": max(5, min(60, stories // 500)),
            "images": 8,
        }

    def seed(self, corpus: Corpus, stories: int, plan: dict) -> None:
        rng = corpus.rng
        base = next_id(Article)
        author_base, person_base, film_base = next_id(Author), next_id(Person), next_id(Film)
        sections = self.sections()
        images = [
            demo_image(
                f"seed-lead-{n}", title=f"Seed picture {n}", alt_text=f"A film still, picture {n}",
                size=(800, 450), credit="Seed image",
            )
            for n in range(plan["images"])
        ]  # fmt: skip
        authors = Author.objects.bulk_create(
            Author(name=corpus.name(), slug=f"seed-writer-{author_base + n}", job_title="Staff writer")
            for n in range(plan["authors"])
        )
        people = Person.objects.bulk_create(
            Person(
                name=(name := corpus.name()),
                slug=f"{slugify(name)}-{person_base + n}",
                headshot=rng.choice(images),
            )
            for n in range(plan["people"])
        )
        films = Film.objects.bulk_create(
            Film(
                title=(title := corpus.title()),
                slug=f"{slugify(title)}-{film_base + n}",
                release_year=rng.randint(1970, 2026),
                synopsis=" ".join(rng.choices(corpus.sentences, k=3)),
                poster=rng.choice(images),
            )
            for n in range(plan["films"])
        )
        cast = self.credits(rng, films, people)
        tags = self.tags(plan["tags"])
        self.say(f"Made {len(films)} films, {len(people)} people, {len(tags)} tags.", level=2)
        # Popular films, people and tags get most stories, as on a real site.
        film_weights = [1 / (rank + 1) for rank in range(len(films))]
        tag_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(tags))]
        now = timezone.now()
        spacing = timedelta(minutes=40)
        made_ids: list[int] = []
        for start in range(0, stories, CHUNK):
            batch = []
            for number in range(start, min(start + CHUNK, stories)):
                story_films = list(
                    dict.fromkeys(rng.choices(films, weights=film_weights, k=rng.randint(1, 3)))
                )
                credited = [person for film in story_films for person in cast[film.pk]]
                story_people = list(
                    dict.fromkeys(rng.sample(credited, min(len(credited), rng.randint(1, 3))))
                )
                wanted = rng.randint(2, 4)
                while len(story_people) < wanted:
                    story_people = list(dict.fromkeys([*story_people, rng.choice(people)]))
                lead = story_films[0]
                action = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
                headline = f"{lead.title}: {action[0].upper()}{action[1:]}"
                body, body_text = corpus.body(lead.title, story_people[0].name, rare=number % 997 == 5)
                status, published_at = self.state(rng, number, stories, now, spacing)
                article = Article(
                    headline=headline,
                    slug=f"{slugify(headline)[:150]}-{base + number}",
                    dek=rng.choice(corpus.sentences),
                    body=body,
                    body_text=body_text,
                    section=rng.choice(sections),
                    lead_image=rng.choice(images),
                    status=status,
                    published_at=published_at,
                    first_published_at=published_at if status == Article.Status.PUBLISHED else None,
                    featured=rng.random() < 0.02,
                    uuid=uuid.UUID(int=rng.getrandbits(64) << 64 | base + number, version=4),
                )
                story_tags = list(dict.fromkeys(rng.choices(tags, weights=tag_weights, k=rng.randint(3, 6))))
                while len(story_tags) < 3:
                    story_tags = list(dict.fromkeys([*story_tags, rng.choice(tags)]))
                story_authors = rng.sample(authors, 2 if rng.random() < 0.2 else 1)
                article.seed_links = (story_films, story_people, story_tags, story_authors)
                batch.append(article)
            Article.objects.bulk_create(batch)
            self.links(rng, batch, made_ids)
            made_ids.extend(article.pk for article in batch)
            self.say(f"  {len(made_ids)} stories", level=2)

    @staticmethod
    def state(rng, number: int, stories: int, now, spacing):
        """Ids grow with time as on a real site; the last three are scheduled, a few are drafts."""
        age = stories - number - 4
        published_at = now - spacing * age - timedelta(seconds=rng.randint(60, 600))
        if age < 0:
            return Article.Status.PUBLISHED, now + spacing * -age  # scheduled: in the future
        roll = rng.random()
        if roll < 0.02:
            return Article.Status.DRAFT, None
        if roll < 0.025:
            return Article.Status.WITHDRAWN, published_at
        return Article.Status.PUBLISHED, published_at

    @staticmethod
    def sections() -> list[Section]:
        existing = {
            section.slug: section for section in Section.objects.filter(slug__in=[s for s, _ in SECTIONS])
        }
        missing = [
            Section(slug=slug, name=name, position=position)
            for position, (slug, name) in enumerate(SECTIONS)
            if slug not in existing
        ]
        return [*existing.values(), *Section.objects.bulk_create(missing)]

    @staticmethod
    def credits(rng, films: list[Film], people: list[Person]) -> dict[int, list[Person]]:
        credits, cast = [], {}
        for film in films:
            crew = rng.sample(people, rng.randint(4, 7))
            cast[film.pk] = crew
            credits.append(Credit(film=film, person=crew[0], role=Role.DIRECTOR))
            credits.append(Credit(film=film, person=crew[1], role=Role.WRITER))
            for order, person in enumerate(crew[2:], start=1):
                credits.append(
                    Credit(
                        film=film, person=person, role=Role.CAST, character=rng.choice(CHARACTERS),
                        billing_order=order,
                    )
                )  # fmt: skip
        Credit.objects.bulk_create(credits)
        return cast

    @staticmethod
    def tags(count: int) -> list[Tag]:
        names = TAG_NAMES + [
            f"{qualifier} {name.lower()}" for qualifier in TAG_QUALIFIERS for name in TAG_NAMES
        ]
        names = names[:count]
        existing = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=names)}
        missing = [Tag(name=name, slug=slugify(name)) for name in names if name.lower() not in existing]
        made = {tag.name.lower(): tag for tag in Tag.objects.bulk_create(missing)}
        return [existing.get(name.lower()) or made[name.lower()] for name in names]

    @staticmethod
    def links(rng, batch: list[Article], earlier: list[int]) -> None:
        films, people, tags, bylines, read_more, reviews = [], [], [], [], [], []
        grades = site_scale().grades
        # READ MORE points at neighbouring stories: the last 5,000 before this batch, or in it.
        pool = [*earlier[-5000:], *(article.pk for article in batch)]
        for article in batch:
            story_films, story_people, story_tags, story_authors = article.seed_links
            for position, film in enumerate(story_films):
                kind = LinkKind.ABOUT if position == 0 else LinkKind.MENTIONS
                films.append(ArticleFilm(article=article, film=film, kind=kind, position=position))
            for position, person in enumerate(story_people):
                people.append(ArticlePerson(article=article, person=person, position=position))
            tags.extend(TaggedArticle(content_object=article, tag=tag) for tag in story_tags)
            for position, author in enumerate(story_authors):
                bylines.append(Byline(article=article, author=author, position=position))
            if article.section.slug == "reviews":
                reviews.append(Review(article=article, film=story_films[0], rating=rng.choice(grades)))
            # Inline after paragraph 3 or in the end box; never the story itself.
            wanted = min(len(pool) - 1, rng.randint(1, 3))
            targets = [pk for pk in rng.sample(pool, min(len(pool), wanted + 1)) if pk != article.pk][:wanted]
            for position, target in enumerate(targets):
                after = 3 if position == 0 else None
                read_more.append(
                    ReadMoreLink(article=article, target_id=target, after_paragraph=after, position=position)
                )
        ArticleFilm.objects.bulk_create(films)
        ArticlePerson.objects.bulk_create(people)
        TaggedArticle.objects.bulk_create(tags)
        Byline.objects.bulk_create(bylines)
        ReadMoreLink.objects.bulk_create(read_more)
        Review.objects.bulk_create(reviews)
