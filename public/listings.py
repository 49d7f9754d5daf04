"""The story lists of the readers' pages (home, section, tag, author, film, person, festival).

A list page shows one window of public stories, newest first, as cards (section, lead image,
bylines): one query for the window and one for the bylines of its cards (`for_listing()`),
whatever the page and however many stories the site holds.
"""

from datetime import datetime

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from articles.models import SHOWN_THROUGH_STORIES, Article, LinkTable, Section

# The columns of a lead image that a <picture> is written from (images.renditions.PictureSource).
PICTURE_FIELDS = ("file", "width", "height", "focal_x", "focal_y", "alt_text")
# What a short story link shows (related stories, the home page's boxes): bodies run to ~800
# words a story, and lists never show them.
STORY_LINK_FIELDS = (
    "headline",
    "slug",
    "published_at",
    "section__name",
    "section__slug",
    *(f"lead_image__{field}" for field in PICTURE_FIELDS),
)
# What a card shows: a story link's columns and the standfirst.
CARD_FIELDS = (*STORY_LINK_FIELDS, "dek")


def story_links(stories: QuerySet) -> QuerySet:
    """`stories` with only what a story link shows."""
    return stories.select_related("section", "lead_image").only(*STORY_LINK_FIELDS)


def public_cards(now: datetime | None = None) -> QuerySet:
    """Public stories with what a card shows, newest first (DESIGN.md rule 1 via published())."""
    return Article.objects.published(now).for_listing().only(*CARD_FIELDS).order_by("-published_at", "-id")


# An object with at most this many links lists its stories from its links, sorted by time; a
# busier one walks the newest public stories and keeps those it links, which fills a page
# quickly. SQLite without statistics always walked: 41 ms for a person in one story of 100,000.
FEW_LINKS = 1000


class LinkedStories:
    """The public stories linked to one object: through a link table (films, people, tags...),
    whose rows list the stories of an object with few of them; or by a field of the story
    naming the object ("section")."""

    def __init__(self, links: LinkTable | str):
        self.links = links

    def of(self, entity_id: int) -> QuerySet:
        """The object's public stories as cards, newest first, for a paginator to slice."""
        now = timezone.now()
        if isinstance(self.links, str):
            return public_cards(now).filter(**{self.links: entity_id})
        table = self.links
        rows = table.model.objects.filter(**{f"{table.object_field}_id": entity_id})
        few = cards_of_few(rows, f"{table.story_field}_id", now)
        return few if few is not None else public_cards(now).filter(**{table.relation: entity_id})


def cards_of_few(links: QuerySet, story_field: str, now: datetime) -> QuerySet | None:
    """The public stories `links` name (by `story_field`) as cards, newest first, read from the
    links when there are at most FEW_LINKS of them; None when there are more, and walking the
    newest public stories fills a page sooner."""
    # The link past FEW_LINKS, if there is one: the index walks that far, nothing is counted.
    if links.order_by().values("pk")[FEW_LINKS : FEW_LINKS + 1].exists():
        return None
    # Driven by the link's story ids, the public rule asked of each (an indexed EXISTS).
    return (
        Article.objects.filter(pk__in=links.values(story_field))
        .published_by_pk(now)
        .for_listing()
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-id")
    )


def shown_sections() -> QuerySet:
    """Sections with a public story, in menu order (an indexed EXISTS per section)."""
    public = Article.objects.published().filter(section_id=OuterRef("pk"))
    return Section.objects.filter(Exists(public))


def require_public_story(entity: Model, stories: list) -> None:
    """Http404 for the page or feed of a tag or author whose list of public stories is empty."""
    if isinstance(entity, SHOWN_THROUGH_STORIES) and not stories:
        raise Http404("No public story here")
