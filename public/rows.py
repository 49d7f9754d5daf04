"""Stories and what they link to, read as plain values for the story page and feeds.

Reading a few columns as tuples costs a fraction of building model instances: a story page's
bylines, tags, films, people and related stories made 60-80 instances, which cost more to
build than to read or to print. A short link to a story (a Teaser) shows a headline, a
section, a day and a thumbnail.
"""

from datetime import datetime
from typing import NamedTuple

from articles.models import Article, Byline, TaggedArticle
from articles.models.article import story_path
from core.prepared import PreparedQuery
from images.renditions import PictureSource

# Each relation: rows of (story id, ...) for a list of story ids, in the order the editor set.
BYLINES = PreparedQuery(
    lambda article_ids: Byline.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "author__name", "author__slug"
    )
)
TAGS = PreparedQuery(
    lambda article_ids: (
        TaggedArticle.objects.filter(content_object_id__in=article_ids)
        .order_by("id")
        .values_list("content_object_id", "tag__name", "tag__slug")
    )
)

# The columns of a PictureSource, in its order.
PICTURE_COLUMNS = ("file", "width", "height", "focal_x", "focal_y", "alt_text")


def picture_fields(path: str) -> tuple[str, ...]:
    """The columns of a picture reached through `path` ("lead_image", "film__poster")."""
    return tuple(f"{path}__{column}" for column in PICTURE_COLUMNS)


def picture(file: str | None, *values) -> PictureSource | None:
    """The PictureSource of a row's picture columns; None where the story has no picture."""
    return PictureSource(file, *values) if file else None


# What a card shows, the only columns lists read (with .only()): at ~800 words a story,
# reading bodies cost more than the rest, and each column more is converted on every row.
CARD_FIELDS = (
    "headline",
    "slug",
    "dek",
    "published_at",
    "section__name",
    "section__slug",
    *picture_fields("lead_image"),
)
# The columns of a Teaser, in the order `teaser()` reads them; prefix them to read the
# teaser of a related story ("target__headline").
TEASER_FIELDS = (
    "pk",
    "headline",
    "slug",
    "published_at",
    "section__slug",
    "section__name",
    *picture_fields("lead_image"),
)


class Teaser(NamedTuple):
    pk: int
    headline: str
    url: str
    section_name: str
    published_at: datetime
    image: PictureSource | None

    @classmethod
    def of(cls, article: Article) -> "Teaser":
        """The teaser of a story already loaded with its section and lead image."""
        return cls(
            article.pk,
            article.headline,
            article.get_absolute_url(),
            article.section.name,
            article.published_at,
            PictureSource.of(article.lead_image),
        )


def teaser(row: tuple) -> Teaser:
    """The Teaser of a public story from a row of TEASER_FIELDS."""
    pk, headline, slug, published_at, section_slug, section_name, *image = row
    url = story_path(section_slug, published_at, slug)
    return Teaser(pk, headline, url, section_name, published_at, picture(*image))
