"""The story a story page shows, with what it links to (`with_story_parts()`: one query per
relation), and the pieces of the page built from those relations."""

from datetime import datetime

from django.utils import timezone

from articles.models import Article, LinkKind
from articles.richtext import place_in_body


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


def body_parts(article: Article) -> list[dict]:
    """Body blocks with READ MORE links and embeds placed after the paragraph the editor chose."""
    inline = [
        (link.after_paragraph, {"read_more": link})
        for link in article.public_read_more
        if link.after_paragraph
    ]
    embeds = [(embed.after_paragraph, {"embed": embed}) for embed in article.embeds.all()]
    return place_in_body(article.body, inline + embeds)


def more_on_label(article: Article) -> str:
    """What the related box is about: the story's main film or person, else the story."""
    films = [link.film.title for link in article.film_links.all() if link.kind == LinkKind.ABOUT]
    people = [link.person.name for link in article.person_links.all() if link.kind == LinkKind.ABOUT]
    return next(iter(films + people), "this story")
