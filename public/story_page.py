"""The story a story page shows, with what it links to (`with_story_parts()`: one query per
relation), and the pieces of the page built from those relations."""

from datetime import datetime

from django.utils import timezone

from articles.models import Article, LinkKind, ReadMoreLink
from articles.richtext import place_in_body, places_in


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


def story_parts(article: Article, body: str) -> tuple[list[dict], list[ReadMoreLink]]:
    """The body's blocks with READ MORE links and embeds where the editor put them (in the text,
    else after the paragraph chosen), and the READ MORE links left for the box at the end.

    Only links to public stories (`public_read_more`) exist here, so a placeholder naming a
    draft shows nothing. `body` is the article's, as the caller needs it (absolute in feeds).
    """
    read_more = {("read-more", str(link.target_id)): link for link in article.public_read_more}
    embeds = article.embeds.all()
    placed = places_in(body)
    in_text = {place: {"read_more": link} for place, link in read_more.items()}
    in_text |= {("embed", embed.url): {"embed": embed} for embed in embeds}
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
