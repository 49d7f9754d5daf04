"""The story a story page shows, with what it links to (`with_story_parts()`: one query per
relation), and the pieces of the page built from those relations."""

from datetime import datetime

from django.utils import timezone

from articles.models import Article, LinkKind, ReadMoreLink
from articles.richtext import image_ids_in, place_in_body, places_in
from images.models import Image


def public_story(slug: str, start: datetime, end: datetime) -> Article | None:
    """The public story with this slug published in [start, end), with what its page shows."""
    now = timezone.now()
    return (
        Article.objects.published(now)
        .with_story_parts(now)
        .with_linked_entities()
        .select_related("review__film")
        .filter(slug=slug, published_at__gte=start, published_at__lt=end)
        .order_by("pk")
        .first()
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
