"""What each feed item carries, read as plain rows: no model instances, one query per relation.

Built from model instances, the site feed's 30 items made 512 objects per request (stories,
their sections and images, bylines, authors, tags, READ MORE links and their targets), and
that was the larger half of its cost. Here every query gives values_list() tuples, compiled
once per worker (core/prepared.py).

An item's HTML is a pure function of one `StoryContent` value, which holds everything the
HTML shows. It is remembered per worker by that value: a poller fetching the same 30 stories
gets their HTML from memory, and any change to what an item shows (an edit, a READ MORE
target published or withdrawn, a correction) is a different value, so nothing is ever stale.
"""

import mimetypes
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from articles.embeds import player_for
from articles.models import Correction, Embed, ReadMoreLink
from articles.models.article import story_path
from articles.richtext import place_in_body
from core.addresses import address
from core.feeds import absolute_body, absolute_url, file_sizes
from core.prepared import PreparedQuery
from images.models import Image
from public.rows import BYLINES, TAGS

# The story's own columns an item shows, in the order of `Story`.
STORY_FIELDS = (
    "pk",
    "uuid",
    "headline",
    "dek",
    "body",
    "body_text",
    "slug",
    "published_at",
    "updated_at",
    "section__slug",
    "section__name",
    "lead_image_caption",
    "source_name",
    "source_url",
    "lead_image__file",
    "lead_image__width",
    "lead_image__height",
    "lead_image__alt_text",
    "lead_image__credit",
    "lead_image__caption",
)


@dataclass(frozen=True, slots=True)
class Story:
    pk: int
    uuid: object
    headline: str
    dek: str
    body: str
    body_text: str
    slug: str
    published_at: object
    updated_at: object
    section_slug: str
    section_name: str
    lead_image_caption: str
    source_name: str
    source_url: str
    image_file: str | None
    image_width: int | None
    image_height: int | None
    image_alt: str | None
    image_credit: str | None
    image_caption: str | None


# Each relation: rows of (story id, ...) for a list of story ids, in showing order.
READ_MORE = PreparedQuery(
    lambda article_ids, now: (
        ReadMoreLink.objects.to_public_stories(now)
        .filter(article_id__in=article_ids)
        .values_list(
            "article_id",
            "after_paragraph",
            "label",
            "target__headline",
            "target__section__slug",
            "target__published_at",
            "target__slug",
        )
    )
)
EMBEDS = PreparedQuery(
    lambda article_ids: Embed.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "after_paragraph", "url", "title"
    )
)
CORRECTIONS = PreparedQuery(
    lambda article_ids: Correction.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "kind", "made_at", "note"
    )
)


def grouped(rows) -> defaultdict:
    """Rows of (story id, ...) as {story id: [(...), ...]}, keeping their order."""
    groups = defaultdict(list)
    for story_id, *values in rows:
        groups[story_id].append(tuple(values))
    return groups


@dataclass(frozen=True, slots=True)
class StoryContent:
    """Everything an item's HTML shows, as plain values (hashable: the key of its HTML)."""

    path: str
    body: str
    image: tuple | None  # (absolute url, alt, width, height, caption line)
    inline_links: tuple  # (after paragraph, label, absolute url, headline)
    more_links: tuple  # (absolute url, headline)
    embeds: tuple  # (after paragraph, url, title)
    source: tuple  # (name, url)
    corrections: tuple  # (kind label, day, note)


@lru_cache(maxsize=512)
def story_html(content: StoryContent) -> str:
    """The story as its page tells it, for feed readers: lead image, body with READ MORE
    links and embeds (as links: readers do not run players) where the editor put them,
    the "More on this" links, source and corrections. Every address is absolute."""
    parts = []
    if content.image:
        url, alt, width, height, caption = content.image
        parts.append(
            format_html(
                '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
                url,
                alt,
                width,
                height,
                format_html("<figcaption>{}</figcaption>", caption) if caption else "",
            )
        )
    placements = [(after, {"read_more": link}) for after, *link in content.inline_links]
    placements += [(after, {"embed": embed}) for after, *embed in content.embeds]
    for part in place_in_body(absolute_body(content.body, content.path), placements):
        if "html" in part:
            parts.append(part["html"])  # sanitised by Article.save()
        elif "read_more" in part:
            parts.append(format_html('<p><strong>{}:</strong> <a href="{}">{}</a></p>', *part["read_more"]))
        else:
            url, title = part["embed"]
            player = player_for(url)
            verb = "Listen" if player and player.kind == "audio" else "Watch"
            where = f" on {player.provider}" if player else ""
            parts.append(
                format_html('<p>{}{}: <a href="{}">{}</a></p>', verb, where, absolute_url(url), title)
            )
    if content.more_links:
        items = format_html_join("", '<li><a href="{}">{}</a></li>', content.more_links)
        parts.append(format_html("<h2>More on this</h2><ul>{}</ul>", items))
    name, url = content.source
    if name:
        source = format_html('<a href="{}">{}</a>', absolute_url(url), name) if url else name
        parts.append(format_html("<p>Source: {}</p>", source))
    for kind, day, note in content.corrections:
        parts.append(format_html("<p><strong>{}, {}:</strong> {}</p>", kind, day, note))
    return "".join(parts)


@lru_cache(maxsize=512)
def summary(body_text: str) -> str:
    """The first 60 words, for a story without a dek (remembered per worker by its text)."""
    return Truncator(body_text).words(60)


def image_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "image/jpeg"


def day_label(moment) -> str:
    day = timezone.localdate(moment)
    return f"{day:%B} {day.day}, {day.year}"


def feed_items(stories: list[tuple], now) -> list[dict]:
    """The add_item() arguments of each story row (STORY_FIELDS), newest first."""
    stories = [Story(*row) for row in stories]
    ids = [story.pk for story in stories]
    bylines = tags = read_more = embeds = corrections = defaultdict(list)
    if ids:
        bylines = grouped(BYLINES(article_ids=ids))
        tags = grouped(TAGS(article_ids=ids))
        read_more = grouped(READ_MORE(article_ids=ids, now=now))
        embeds = grouped(EMBEDS(article_ids=ids))
        corrections = grouped(CORRECTIONS(article_ids=ids))
    storage = Image.file.field.storage
    sizes = file_sizes(storage, [story.image_file for story in stories if story.image_file])
    kinds = dict(Correction.Kind.choices)
    items = []
    for story in stories:
        path = story_path(story.section_slug, story.published_at, story.slug)
        image = media = None
        enclosures = []
        caption = story.lead_image_caption or story.image_caption or ""
        if story.image_file:
            url = absolute_url(storage.url(story.image_file))
            credit = f"({story.image_credit})" if story.image_credit and caption else story.image_credit
            image = (
                url,
                story.image_alt,
                story.image_width,
                story.image_height,
                " ".join(filter(None, [caption, credit])),
            )
            size = sizes.get(story.image_file)
            media = {
                "url": url,
                "type": image_type(story.image_file),
                "width": story.image_width,
                "height": story.image_height,
                "length": size,
                "alt": story.image_alt,
                "credit": story.image_credit,
            }
            if size is not None:
                enclosures = [Enclosure(url, str(size), media["type"])]
        links = [
            (after, label, absolute_url(story_path(section, published, slug)), headline)
            for after, label, headline, section, published, slug in read_more[story.pk]
        ]
        content = StoryContent(
            path=path,
            body=story.body,
            image=image,
            inline_links=tuple(link for link in links if link[0]),
            more_links=tuple((url, headline) for after, _, url, headline in links if not after),
            embeds=tuple(embeds[story.pk]),
            source=(story.source_name, story.source_url),
            corrections=tuple(
                (kinds[kind], day_label(made_at), note) for kind, made_at, note in corrections[story.pk]
            ),
        )
        items.append(
            {
                "title": story.headline,
                "link": absolute_url(path),
                "description": story.dek or summary(story.body_text),
                "unique_id": story.uuid.urn,  # permanent: no headline, slug or date changes it
                "unique_id_is_permalink": False,
                "enclosures": enclosures,
                "pubdate": story.published_at,
                "updateddate": max(story.updated_at, story.published_at),
                "categories": [
                    story.section_name,
                    *sorted((name for name, _ in tags[story.pk]), key=str.lower),
                ],
                "authors": [
                    (name, absolute_url(address("public:author", slug=slug)))
                    for name, slug in bylines[story.pk]
                ],
                "content_html": story_html(content),
                "media": media,
            }
        )
    return items
