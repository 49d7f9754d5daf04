"""Everything a story page shows, loaded with prepared queries (newsroom/prepared.py).

The story comes first (one row, with its section and lead image, and whether it has READ MORE
links, embeds or corrections); then one query per relation it shows, keyed on story ids
(RELATIONS; lists load their cards' bylines the same way). The rows are attached
where `prefetch_related` would put them, so `article.tags.all()` and friends cost no query in
the view, the templates, the SEO helpers or the related-stories box.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
)
from newsroom.prepared import PreparedQuery


def public_read_more(now=None):
    """READ MORE links whose target readers may see, with what a link shows of its target
    (not its body: a link shows a headline)."""
    return (
        ReadMoreLink.objects.to_public_stories(now)
        .select_related("target__section", "target__lead_image")
        .defer("target__body", "target__body_text")
    )


def story_queryset(now=None):
    """Stories with their section and lead image, and whether each optional relation has rows."""
    return Article.objects.select_related("section", "lead_image").annotate(
        has_read_more_links=Exists(public_read_more(now).filter(article=OuterRef("pk"))),
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

# Relation name on Article -> (row model, query on `article_ids` (and `now`) in reading order,
# the row's story id field). One query per relation, for one story or a whole feed.
RELATIONS = {
    "bylines": (
        Byline,
        PreparedQuery(
            lambda article_ids: Byline.objects.filter(article_id__in=article_ids).select_related("author")
        ),
        "article_id",
    ),
    "tags": (
        Tag,
        PreparedQuery(
            lambda article_ids: (
                Tag.objects.filter(articles_taggedarticle_items__content_object_id__in=article_ids)
                .annotate(story_id=F("articles_taggedarticle_items__content_object_id"))
                .order_by("articles_taggedarticle_items__id")
            )
        ),
        "story_id",
    ),
    "film_links": (
        ArticleFilm,
        PreparedQuery(
            lambda article_ids: (
                ArticleFilm.objects.filter(article_id__in=article_ids)
                .select_related("film__poster")
                .defer("film__synopsis")
            )
        ),
        "article_id",
    ),
    "person_links": (
        ArticlePerson,
        PreparedQuery(
            lambda article_ids: (
                ArticlePerson.objects.filter(article_id__in=article_ids)
                .select_related("person__headshot")
                .defer("person__bio")
            )
        ),
        "article_id",
    ),
    "read_more_links": (
        ReadMoreLink,
        PreparedQuery(lambda article_ids, now: public_read_more(now).filter(article_id__in=article_ids)),
        "article_id",
    ),
    "embeds": (
        Embed,
        PreparedQuery(lambda article_ids: Embed.objects.filter(article_id__in=article_ids)),
        "article_id",
    ),
    "corrections": (
        Correction,
        PreparedQuery(lambda article_ids: Correction.objects.filter(article_id__in=article_ids)),
        "article_id",
    ),
}
# Relations most stories lack: the story's own row says whether it has any (story_queryset).
OPTIONAL = ("read_more_links", "embeds", "corrections")


def attach(instance, name: str, model, rows: list) -> None:
    """Make `instance.<name>.all()` return `rows` without a query, as prefetch_related does."""
    queryset = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def load_relations(article: Article, now=None) -> None:
    """Attach every relation the story page shows; an optional one it lacks costs no query."""
    shown = {
        name: relation
        for name, relation in RELATIONS.items()
        if name not in OPTIONAL or getattr(article, f"has_{name}", True)
    }
    for name in OPTIONAL:
        if name not in shown:
            attach(article, name, RELATIONS[name][0], [])
    load_relations_of_many([article], shown, now)


def load_relations_of_many(stories: list[Article], relations: dict, now=None) -> None:
    """Attach `relations` (name -> entry of RELATIONS) of every story, one query per relation."""
    ids = list(dict.fromkeys(story.pk for story in stories))
    now = now or timezone.now()
    for name, (model, query, story_field) in relations.items():
        grouped = defaultdict(list)
        if ids:
            rows = query(article_ids=ids, now=now) if "now" in query.names else query(article_ids=ids)
            for row in rows:
                grouped[getattr(row, story_field)].append(row)
        for story in stories:
            attach(story, name, model, grouped[story.pk])


def public_story(slug: str, start, end) -> Article | None:
    """The public story with this slug published in [start, end), with its relations loaded."""
    now = timezone.now()
    found = PUBLIC_STORY(slug=slug, start=start, end=end, now=now)
    if not found:
        return None
    load_relations(found[0], now)
    return found[0]
