"""What a story page shows around the story: related stories and the boxes of its films."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article, ArticleFilm, ArticlePerson, LinkKind, TaggedArticle
from films.models import Credit, Role

RELATED_LIMIT = 6
RELATED_CANDIDATES = 100
# Lists show headlines, not bodies: at ~800 words a story, reading bodies costs more than the rest.
LISTING_DEFERRED = ("body", "body_text")


def _shared(model, owner: str, field: str, ids: list[int]):
    """How many of `ids` a candidate story shares through `model`, as a correlated count."""
    rows = (
        model.objects.filter(**{owner: OuterRef("pk"), f"{field}__in": ids})
        .order_by()
        .values(owner)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def related_stories(article: Article, *, exclude: set[int], limit: int = RELATED_LIMIT) -> list[Article]:
    """Public stories sharing films, people or tags with `article`, most shared first, then newest.

    One query; it reads the ids from the story's prefetched links, so it costs the same
    with one link or fifty.
    """
    links = [
        (ArticleFilm, "article", "film", [link.film_id for link in article.film_links.all()]),
        (ArticlePerson, "article", "person", [link.person_id for link in article.person_links.all()]),
        (TaggedArticle, "content_object", "tag", [tag.pk for tag in article.tags.all()]),
    ]
    links = [link for link in links if link[3]]
    if not links or limit <= 0:
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
    candidates = groups[0].union(*groups[1:]) if len(groups) > 1 else groups[0]
    return list(
        Article.objects.published()
        .filter(pk__in=candidates)
        .exclude(pk__in={article.pk, *exclude})
        .defer(*LISTING_DEFERRED)
        .select_related("section", "lead_image")
        .annotate(shared=score)
        .order_by("-shared", "-published_at", "-id")[:limit]
    )


def film_boxes(article: Article) -> list[dict]:
    """Each linked film with its directors and top-billed cast, from one query for all films."""
    films = [link.film for link in article.film_links.all()]
    credits: dict[int, list[Credit]] = {}
    if films:
        rows = (
            Credit.objects.filter(film__in=films, role__in=[Role.DIRECTOR, Role.CAST])
            .select_related("person")
            .order_by("billing_order", "id")
        )
        for credit in rows:
            credits.setdefault(credit.film_id, []).append(credit)
    boxes = []
    for film in films:
        rows = credits.get(film.pk, [])
        boxes.append(
            {
                "film": film,
                "directors": [credit.person for credit in rows if credit.role == Role.DIRECTOR],
                "cast": [credit for credit in rows if credit.role == Role.CAST][:4],
            }
        )
    return boxes


def more_on_label(article: Article) -> str:
    """What the related box is about: the story's main film or person, else the story."""
    films = [link.film.title for link in article.film_links.all() if link.kind == LinkKind.ABOUT]
    people = [link.person.name for link in article.person_links.all() if link.kind == LinkKind.ABOUT]
    return next(iter(films + people), "this story")
