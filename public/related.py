"""What a story page shows around the story: related stories and the boxes of its films."""

from typing import NamedTuple

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from articles.models import Article, ArticleFilm, ArticlePerson, LinkKind, TaggedArticle
from core.addresses import address
from core.prepared import PreparedQuery
from films.models import Credit, Role
from public.rows import TEASER_FIELDS, Teaser, teaser
from public.story_page import StoryPage

RELATED_LIMIT = 6
# The newest sharers of each kind (film, person, tag) that are scored. Each costs about 40,000
# SQLite instructions on the story page; 30 instead of 50 kept 4.9 of the 6 stories shown, and
# 94.5% of their shared links, over 200 stories of the 100,000-story bench corpus.
RELATED_CANDIDATES = 30


def _linked(model, owner: str, field: str, article_id):
    """The films, people or tags the story links to, as a subquery on its id."""
    return model.objects.filter(**{owner: article_id}).values(field)


def _shared(model, owner: str, field: str, article_id):
    """How many of the story's links a candidate story shares through `model`, as a correlated count."""
    rows = (
        model.objects.filter(
            **{owner: OuterRef("pk"), f"{field}__in": _linked(model, owner, field, article_id)}
        )
        .order_by()
        .values(owner)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


LINK_TABLES = [
    (ArticleFilm, "article", "film"),
    (ArticlePerson, "article", "person"),
    (TaggedArticle, "content_object", "tag"),
]


def _related_queryset(article_id, now, limit):
    groups = []
    score = Value(0)
    for model, owner, field in LINK_TABLES:
        # The newest sharers only (ids grow with time): a tag on 10,000 stories must not make
        # the story page score 10,000 candidates.
        linked = _linked(model, owner, field, article_id)
        sharers = model.objects.filter(**{f"{field}__in": linked}).order_by(f"-{owner}_id").values(owner)
        groups.append(Article.objects.filter(pk__in=sharers[:RELATED_CANDIDATES]).order_by().values("pk"))
        score = score + _shared(model, owner, field, article_id)
    # A UNION keeps the outer lookup on the primary key; OR-ed IN lists would scan stories.
    candidates = groups[0].union(*groups[1:])
    return (
        Article.objects.filter(pk__in=candidates)
        .published_by_pk(now)
        .exclude(pk=article_id)
        .annotate(shared=score)
        .order_by("-shared", "-published_at", "-id")
        .values_list(*TEASER_FIELDS)[:limit]
    )


RELATED = PreparedQuery(_related_queryset, shape=("limit",))


def related_stories(article: Article, *, exclude: set[int], limit: int = RELATED_LIMIT) -> list[Teaser]:
    """Public stories sharing films, people or tags with `article`, most shared first, then newest.

    One query, prepared once per process; stories in `exclude` (already linked from the page)
    are dropped after it, so it fetches that many more.
    """
    if limit <= 0:
        return []
    rows = RELATED(article_id=article.pk, now=timezone.now(), limit=limit + len(exclude))
    return [teaser(row) for row in rows if row[0] not in exclude][:limit]


# A film box names the first few of its cast; a film has 20-50 cast credits.
BOX_CAST = 4


class BoxPerson(NamedTuple):
    """A director or cast member as a film box shows them: a linked name, and the part played."""

    name: str
    url: str
    character: str = ""


CREDITS = PreparedQuery(
    lambda article_id: (
        Credit.objects.filter(film__article_links__article_id=article_id, role__in=[Role.DIRECTOR, Role.CAST])
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("film_id"), F("role")], order_by=[F("billing_order"), F("id")]
            )
        )
        .filter(place__lte=BOX_CAST)
        .order_by("billing_order", "id")
        .values_list("film_id", "role", "person__name", "person__slug", "character")
    )
)


def film_boxes(page: StoryPage) -> list[dict]:
    """Each linked film with its directors and top-billed cast, from one query for all films
    that reads only the rows a box shows (the first BOX_CAST of each role), as plain rows."""
    people: dict[tuple[int, str], list[BoxPerson]] = {}
    if page.films:
        for film_id, role, name, slug, character in CREDITS(article_id=page.article.pk):
            people.setdefault((film_id, role), []).append(
                BoxPerson(name, address("public:person", slug=slug), character)
            )
    return [
        {
            "film": film,
            "directors": people.get((film.pk, Role.DIRECTOR), []),
            "cast": people.get((film.pk, Role.CAST), []),
        }
        for film in page.films
    ]


def more_on_label(page: StoryPage) -> str:
    """What the related box is about: the story's main film or person, else the story."""
    films = [film.title for film in page.films if film.kind == LinkKind.ABOUT]
    people = [person.name for person in page.people if person.kind == LinkKind.ABOUT]
    return next(iter(films + people), "this story")
