"""Everything a story page shows, loaded with prepared queries (core/prepared.py).

The story comes first: one model instance, with its section and lead image, and whether it has
READ MORE links, embeds or corrections. Then one query per relation it shows, read as plain
rows: the bylines, tags, films and people of one story made 25-35 model instances, and building
them cost more than reading them. Embeds and corrections, which few stories have, stay model
instances (their labels and players are model methods).
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article, ArticleFilm, ArticlePerson, Correction, Embed, ReadMoreLink
from core.addresses import address
from core.prepared import PreparedQuery
from images.renditions import PictureSource
from public.rows import BYLINES, TAGS, TEASER_FIELDS, Teaser, picture, picture_fields, teaser


def story_queryset(now=None):
    """Stories with their section and lead image, and whether each optional relation has rows."""
    return Article.objects.select_related("section", "lead_image").annotate(
        has_read_more_links=Exists(
            ReadMoreLink.objects.to_public_stories(now).filter(article=OuterRef("pk"))
        ),
        has_embeds=Exists(Embed.objects.filter(article=OuterRef("pk"))),
        has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
    )


PUBLIC_STORY = PreparedQuery(
    lambda slug, start, end, now: (
        story_queryset(now)
        .published(now)
        .filter(slug=slug, published_at__gte=start, published_at__lt=end)
        .order_by("pk")[:1]
    )
)


class Link(NamedTuple):
    """An author or a tag, as a story names it: a name linking to its page."""

    name: str
    url: str


class LinkedFilm(NamedTuple):
    pk: int
    kind: str  # LinkKind: the story is about the film, or mentions it
    title: str
    url: str
    release_year: int | None
    poster: PictureSource | None


class LinkedPerson(NamedTuple):
    kind: str
    name: str
    url: str
    headshot: PictureSource | None


class ReadMore(NamedTuple):
    after_paragraph: int | None  # None: in the "More on" box at the end
    label: str
    target: Teaser


FILMS = PreparedQuery(
    lambda article_id: ArticleFilm.objects.filter(article_id=article_id).values_list(
        "film_id", "kind", "film__title", "film__slug", "film__release_year", *picture_fields("film__poster")
    )
)
PEOPLE = PreparedQuery(
    lambda article_id: ArticlePerson.objects.filter(article_id=article_id).values_list(
        "kind", "person__name", "person__slug", *picture_fields("person__headshot")
    )
)
READ_MORE = PreparedQuery(
    lambda article_id, now: (
        ReadMoreLink.objects.to_public_stories(now)
        .filter(article_id=article_id)
        .values_list("after_paragraph", "label", *(f"target__{field}" for field in TEASER_FIELDS))
    )
)
EMBEDS = PreparedQuery(lambda article_id: Embed.objects.filter(article_id=article_id))
CORRECTIONS = PreparedQuery(lambda article_id: Correction.objects.filter(article_id=article_id))


@dataclass(frozen=True)
class StoryPage:
    """A story with everything its page shows of the things it links to."""

    article: Article
    authors: list[Link]
    tags: list[Link]
    films: list[LinkedFilm]
    people: list[LinkedPerson]
    read_more: list[ReadMore]
    embeds: list[Embed]
    corrections: list[Correction]


def story_page(article: Article, now=None) -> StoryPage:
    """The relations of a story loaded by `story_queryset()`: one query each, none for an
    optional relation the story lacks."""
    now = now or timezone.now()
    ids = [article.pk]
    films = [
        LinkedFilm(pk, kind, title, address("public:film", slug=slug), year, picture(*poster))
        for pk, kind, title, slug, year, *poster in FILMS(article_id=article.pk)
    ]
    people = [
        LinkedPerson(kind, name, address("public:person", slug=slug), picture(*headshot))
        for kind, name, slug, *headshot in PEOPLE(article_id=article.pk)
    ]
    read_more = []
    if article.has_read_more_links:
        read_more = [
            ReadMore(after, label, teaser(target))
            for after, label, *target in READ_MORE(article_id=article.pk, now=now)
        ]
    return StoryPage(
        article=article,
        authors=[
            Link(name, address("public:author", slug=slug)) for _, name, slug in BYLINES(article_ids=ids)
        ],
        tags=[Link(name, address("public:tag", slug=slug)) for _, name, slug in TAGS(article_ids=ids)],
        films=films,
        people=people,
        read_more=read_more,
        embeds=EMBEDS(article_id=article.pk) if article.has_embeds else [],
        corrections=CORRECTIONS(article_id=article.pk) if article.has_corrections else [],
    )


def public_story(slug: str, start, end) -> StoryPage | None:
    """The public story with this slug published in [start, end), with what its page shows."""
    now = timezone.now()
    found = PUBLIC_STORY(slug=slug, start=start, end=end, now=now)
    return story_page(found[0], now) if found else None
