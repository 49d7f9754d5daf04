"""What a story page shows around the story: related stories and the boxes of its films."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from articles.models import Article
from articles.related import rank, related_key
from core.pagecache.keys import key, lists, record
from films.models import Credit, Role
from public.listings import story_links


def related_stories(article: Article, *, exclude: set[int], limit: int) -> list[Article]:
    """The public stories of `article`'s stored related list (articles/related.py), in its
    order, as story links, less those in `exclude` (already linked from the page): one query.

    A story whose list was never stored (saved before lists were) is scored now, not stored:
    a reader's request writes nothing.

    The page records its stored list and every story in it, shown or not yet live, so that
    one going live or leaving purges it; a list scored now, the lists it was scored from.
    """
    record(related_key(article.pk))
    if article.related_ids is None:
        films = [link.film for link in article.film_links.all()]
        people = [link.person for link in article.person_links.all()]
        for thing in [*films, *people, *article.tag_list]:
            lists(thing)
    else:
        record(*(key(Article, pk) for pk in article.related_ids))
    ranked = article.related_ids if article.related_ids is not None else rank(article.pk)
    wanted = [pk for pk in ranked if pk not in exclude and pk != article.pk]
    if limit <= 0 or not wanted:
        return []
    # The published rule per id: the stored list holds scheduled stories until their time.
    found = {
        story.pk: story
        for story in story_links(Article.objects.filter(pk__in=wanted).published_by_pk().order_by())
    }
    return [found[pk] for pk in wanted if pk in found][:limit]


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
