"""The story a story page shows, with what it links to (`with_story_parts()`: one query per
relation), and the pieces of the page built from those relations.

A public story's page is assembled from its parts (`story_page_parts()`: the article, the
head's title, description and SEO tags, whether it plays embeds), which live in the fragment
store under the keys they recorded (`cached_story_page()`): a page the page cache misses costs
one query for the story's address and one read of the store.
"""

import json
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from articles.models import Article, LinkKind, ReadMoreLink
from articles.related import RELATED_LIMIT
from articles.richtext import image_ids_in, place_in_body, places_in
from core.pagecache.fragments import cached
from images.models import Image
from public import seo
from public.related import film_boxes, related_stories
from public.reviews import story_review


def public_story_address(slug: str, start: datetime, end: datetime) -> Article | None:
    """The public story with this slug published in [start, end), with only its address."""
    return (
        Article.objects.published()
        .filter(slug=slug, published_at__gte=start, published_at__lt=end)
        .select_related("section")
        .only("slug", "published_at", "section__slug")
        .order_by("pk")
        .first()
    )


def cached_story_page(pk: int) -> dict:
    """The parts of a public story's page, from the fragment store or rendered and kept there."""

    def load(missing: list[int]) -> dict[int, Article]:
        now = timezone.now()
        stories = Article.objects.published(now).with_story_parts(now).with_linked_entities()
        return {story.pk: story for story in stories.select_related("review__film").filter(pk__in=missing)}

    def render(article: Article) -> str:
        return json.dumps(story_page_parts(article))

    parts = json.loads(cached({pk: f"story:{pk}"}, load, render)[pk])
    return {**parts, "article": Markup(parts["article"]), "head": seo.PageHead.of(parts["head"])}


def story_page_parts(article: Article, *, is_preview: bool = False) -> dict:
    """What a story's page shows of it: `article` (the markup below the site's header), its
    `head` (seo.PageHead), and `has_embeds` (the page loads the player script). `article` is a
    story loaded with `with_story_parts()` and `with_linked_entities()`."""
    body_parts, box = story_parts(article, article.body, body_images([article]))
    picks = [link.target for link in box]
    related = related_stories(
        article,
        exclude={link.target_id for link in article.public_read_more},
        limit=RELATED_LIMIT - len(picks),
    )
    corrections = article.correction_list
    context = {
        "article": article,
        "is_preview": is_preview,
        "authors": article.byline_authors,
        "tags": article.tag_list,
        "people": [link.person for link in article.person_links.all()],
        "festival_editions": list(article.festival_editions.all()),
        "corrections": corrections,
        "body_parts": body_parts,
        "more_on": picks + related,
        "more_on_label": more_on_label(article),
        "film_boxes": film_boxes(article),
        # Readers see "Updated" for a published correction or update, not for any save.
        "last_correction": ([None, *corrections])[-1],
        "review": story_review(article),
    }
    return {
        "article": Markup(render_to_string("articles/story_article.html", context)),
        "head": story_seo(article).head(),
        "has_embeds": any(embed.player for embed in article.embed_list),
    }


def story_seo(article: Article) -> seo.PageMeta:
    image = seo.share_image(article.lead_image)
    path = article.get_absolute_url()
    published = article.first_published_at or article.published_at
    extra = [("article:section", article.section.name)]
    if published:
        extra.append(("article:published_time", published.isoformat()))
        extra.append(("article:modified_time", article.updated_at.isoformat()))
    extra += [("article:tag", tag.name) for tag in article.tag_list]
    return seo.PageMeta(
        title=seo.page_title(article.seo_title or article.headline),
        description=article.description or seo.DEFAULT_DESCRIPTION,
        path=path,
        og_type="article",
        image=image,
        json_ld=[
            seo.review(article, image) if story_review(article) else seo.news_article(article, image),
            seo.breadcrumbs(
                [
                    ("Home", "/"),
                    (article.section.name, article.section.get_absolute_url()),
                    (article.headline, path),
                ]
            ),
        ]
        if published
        else [],
        noindex=not article.is_published,
        extra_og=extra,
    )


def body_images(stories: list[Article]) -> dict[int, Image]:
    """The library images the stories' bodies show, by id: one query for them all."""
    ids = set().union(*(image_ids_in(story.body) for story in stories))
    return Image.objects.in_bulk(ids) if ids else {}


def story_parts(
    article: Article, body: str, images: dict[int, Image]
) -> tuple[list[dict], list[ReadMoreLink]]:
    """The body's blocks with READ MORE links, embeds and pictures where the editor put them
    (in the text, else after the paragraph chosen), and the READ MORE links left for the box at
    the end.

    Only links to public stories (`public_read_more`) exist here, so a placeholder naming a
    draft shows nothing; nor does one naming an image not in `images` (`body_images()`, so a
    deleted one). `body` is the article's, as the caller needs it (absolute in feeds).
    """
    read_more = {("read-more", str(link.target_id)): link for link in article.public_read_more}
    embeds = article.embed_list
    placed = places_in(body)
    in_text = {place: {"read_more": link} for place, link in read_more.items()}
    in_text |= {("embed", embed.url): {"embed": embed} for embed in embeds}
    in_text |= {("image", str(pk)): {"image": image} for pk, image in images.items()}
    placements = [
        (link.after_paragraph, {"read_more": link})
        for place, link in read_more.items()
        if link.after_paragraph and place not in placed
    ]
    placements += [
        (embed.after_paragraph, {"embed": embed}) for embed in embeds if ("embed", embed.url) not in placed
    ]
    box = [link for place, link in read_more.items() if not link.after_paragraph and place not in placed]
    return place_in_body(body, placements, in_text), box


def more_on_label(article: Article) -> str:
    """What the related box is about: the story's main film or person, else the story."""
    films = [link.film.title for link in article.film_links.all() if link.kind == LinkKind.ABOUT]
    people = [link.person.name for link in article.person_links.all() if link.kind == LinkKind.ABOUT]
    return next(iter(films + people), "this story")
