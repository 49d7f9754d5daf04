"""What a story page shows around the story: related stories and the boxes of its films."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from articles.models import Article, ArticleFilm, ArticlePerson, TaggedArticle
from films.models import Credit, Role
from public.listings import story_links

RELATED_LIMIT = 6
# The newest sharers of each kind (film, person, tag) that are scored. Each costs about 40,000
# SQLite instructions on the story page; 30 instead of 50 kept 4.9 of the 6 stories shown, and
# 94.5% of their shared links, over 200 stories of the 100,000-story bench corpus.
RELATED_CANDIDATES = 30


def _shared(model, owner: str, field: str, ids: list[int]):
    """How many of `ids` a candidate story links to through `model`, as a correlated count."""
    rows = (
        model.objects.filter(**{owner: OuterRef("pk"), f"{field}__in": ids})
        .order_by()
        .values(owner)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def related_stories(article: Article, *, exclude: set[int], limit: int = RELATED_LIMIT) -> list[Article]:
    """Public stories sharing films, people or tags with `article` (loaded with
    `with_story_parts()`), most shared first, then newest, as story links.

    One query, none for a story that links nothing; stories in `exclude` (already linked from
    the page) are dropped after it, so it fetches that many more.
    """
    links = [
        (ArticleFilm, "article", "film", [link.film_id for link in article.film_links.all()]),
        (ArticlePerson, "article", "person", [link.person_id for link in article.person_links.all()]),
        (TaggedArticle, "content_object", "tag", [link.tag_id for link in article.tag_links]),
    ]
    links = [link for link in links if link[3]]
    if limit <= 0 or not links:
        return []
    groups = []
    score = Value(0)
    for model, owner, field, ids in links:
        # The newest sharers only (ids grow with time): a tag on 10,000 stories must not make
        # the story page score 10,000 candidates.
        sharers = model.objects.filter(**{f"{field}__in": ids}).order_by(f"-{owner}_id").values(owner)
        groups.append(Article.objects.filter(pk__in=sharers[:RELATED_CANDIDATES]).order_by().values("pk"))
        score = score + _shared(model, owner, field, ids)
    # A UNION keeps the outer lookup on the primary key; OR-ed IN lists would scan stories.
    candidates = groups[0].union(*groups[1:])
    found = story_links(
        Article.objects.filter(pk__in=candidates)
        .published_by_pk()
        .exclude(pk=article.pk)
        .annotate(shared=score)
        .order_by("-shared", "-published_at", "-id")
    )[: limit + len(exclude)]
    return [story for story in found if story.pk not in exclude][:limit]


# A film box names the first few of each key role; a film has 20-50 cast credits.
BOX_CAST = 4
# The credits a film box shows, in this order, with how the line reads.
BOX_ROLES = {
    Role.DIRECTOR: "Directed by",
    Role.WRITER: "Written by",
    Role.CAST: "With",
    Role.COMPOSER: "Music by",
    Role.SONGWRITER: "Original songs by",
}


def film_boxes(article: Article) -> list[dict]:
    """Each linked film with its key credits (`lines`: a label and its credits, by BOX_ROLES),
    from one query for all films that reads only the credits a box shows (the first BOX_CAST
    of each role)."""
    films = [link.film for link in article.film_links.all()]
    credits: dict[tuple[int, str], list[Credit]] = {}
    if films:
        shown = (
            Credit.objects.filter(film__in=films, role__in=list(BOX_ROLES))
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=[F("film_id"), F("role")],
                    order_by=[F("billing_order"), F("id")],
                )
            )
            .filter(place__lte=BOX_CAST)
            .select_related("person")
            .only("film_id", "role", "character", "note", "person__name", "person__slug")
            .order_by("billing_order", "id")
        )
        for credit in shown:
            credits.setdefault((credit.film_id, credit.role), []).append(credit)
    return [
        {
            "film": film,
            "lines": [
                {"label": label, "credits": credits[film.pk, role]}
                for role, label in BOX_ROLES.items()
                if (film.pk, role) in credits
            ],
        }
        for film in films
    ]
