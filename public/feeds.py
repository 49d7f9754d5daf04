"""Feeds of public stories: the whole site and each section, tag, author, film, person and
festival edition, in every format of core.feeds (RSS, Atom, JSON Feed).

`ArticleFeed` holds the policy once: the published rule, the latest 30 stories, every item
field, and conditional GET answered from one query. Subclasses only say which page's object
they follow and how its stories are found.

Each story's item (every field the formats write) is a fragment in the store
(core/pagecache/fragments.py), shared by every feed and format that lists the story: a feed
the page cache misses reads the ids the conditional GET already read, then the store once.
"""

import json
import mimetypes
from copy import copy
from datetime import datetime
from hashlib import md5

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Enclosure
from django.utils.http import http_date
from taggit.models import Tag

from articles.models import (
    AUTHOR_LINKS,
    FESTIVAL_LINKS,
    FILM_LINKS,
    PERSON_LINKS,
    TAG_LINKS,
    Article,
    ArticleQuerySet,
    Author,
    Review,
    Section,
)
from articles.richtext import image_ids_in
from core.addresses import absolute_url, cached_reverse, site_host
from core.feeds import FEED_FORMATS, FeedFormat, absolute_html, file_sizes
from core.pagecache.fragments import cached
from core.pagecache.keys import lists, shows
from films.models import FestivalEdition, Film, Person
from images.renditions import PictureSource, Rendition, rendition_storage, share_rendition
from public.listings import require_public_story
from public.releases import midnight, record_window, week_window
from public.story_page import body_images, story_parts

FEED_LENGTH = 30
# Long enough for a cache in front of the app servers to absorb a crowd of pollers, short
# enough that a story reaches subscribers within a minute of going live.
FEED_MAX_AGE = 60
# Part of every ETag: bump it when the feeds' output changes, so clients fetch it again.
FEED_VERSION = "3"


class ArticleFeed(Feed):
    """The site's latest public stories; a subclass narrows them to one page's stories."""

    pages = None  # the page's objects, looked up by slug; None for the whole site
    article_filter = ""  # lookup from Article to that object: "section", or a LinkTable's relation
    description_format = "Film news and stories about {}."
    language = settings.LANGUAGE_CODE
    item_guid_is_permalink = False

    def __init__(self, feed_format: FeedFormat = FEED_FORMATS[0]):
        self.feed_format = feed_format
        self.feed_type = feed_format.generator

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Contrib's view, after answering a conditional request from one cheap query."""
        page = self.get_object(request, *args, **kwargs)
        versions = self.versions(page)
        etag, last_modified = self.validators(versions)
        if page is not None and etag is None:  # no public story (validators read them)
            require_public_story(page, [])
        seconds = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=seconds)
        if response is None:
            # One instance serves every request to its URL: load this request's stories into a
            # copy of it (as View.as_view() makes a view instance per request).
            feed = copy(self)
            feed.stories = feed_items([pk for pk, _, _ in versions])
            response = Feed.__call__(feed, request, page=page)
        if etag:
            response.headers.setdefault("ETag", etag)
        if seconds:
            response.headers.setdefault("Last-Modified", http_date(seconds))
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def get_object(self, request, slug=None, page=None):
        # `page` is what __call__ found already, handed back through contrib's view.
        if page is None and self.pages is not None:
            page = get_object_or_404(self.pages, slug=slug)
        return page

    def articles(self, page, now: datetime) -> ArticleQuerySet:
        """The public stories of this feed, newest first: the one rule, then the page's filter.

        The filter names the object's id, not its slug: PostgreSQL then plans with what it knows
        of that id (a film in 20,000 stories is not an average film).
        """
        articles = Article.objects.published(now)
        if page is not None:
            articles = articles.filter(**{f"{self.article_filter}__pk": page.pk})
        return articles.order_by("-published_at", "-id")

    def versions(self, page) -> list[tuple[int, datetime, datetime]]:
        """(id, updated, published) of the feed's stories, newest first: one query."""
        versions = self.articles(page, timezone.now()).values_list("pk", "updated_at", "published_at")
        return list(versions[:FEED_LENGTH])

    def validators(self, versions: list) -> tuple[str | None, datetime | None]:
        """ETag and Last-Modified of the feed's items, from their `versions()`.

        The ETag changes when a story enters or leaves the latest 30 (published, withdrawn,
        scheduled time reached) or one of them is saved. A story leaving the list for an older
        one does not move Last-Modified: only the ETag, which wins when a client sends both
        (RFC 9110 13.1.3), reports it.
        """
        if not versions:
            return None, None
        last_modified = max(max(updated, published) for _, updated, published in versions)
        state = f"{FEED_VERSION}|{self.feed_format.suffix}|{settings.SITE_URL}|{versions}"
        return f'W/"{md5(state.encode(), usedforsecurity=False).hexdigest()}"', last_modified

    def items(self, page) -> list[Article]:
        # The page's object and its list of stories, or every story for the site's feed.
        if page is None:
            shows(Article)
        else:
            shows(page)
            lists(page)
        return self.stories

    # The channel.

    def page_path(self, page) -> str:
        return page.get_absolute_url() if page else "/"

    def title(self, page):
        return f"{page} – {settings.SITE_NAME}" if page else settings.SITE_NAME

    def link(self, page):
        return absolute_url(self.page_path(page))

    def feed_url(self, page):
        return absolute_url(self.feed_format.path(self.page_path(page)))

    def description(self, page):
        return self.description_format.format(page) if page else "Film news, interviews and reviews."

    def subtitle(self, page):
        return self.description(page)

    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def feed_extra_kwargs(self, page):
        return {
            "logo_url": absolute_url(static("newsroom/feed-logo.png")),
            "icon_url": absolute_url(static("newsroom/feed-icon.png")),
        }

    # Each story, from its item (feed_items()).

    def item_title(self, item):
        return item["title"]

    def item_link(self, item):
        return item["link"]

    def item_description(self, item):
        return item["description"]

    def item_guid(self, item):
        return item["guid"]

    def item_pubdate(self, item):
        return datetime.fromisoformat(item["pubdate"])

    def item_updateddate(self, item):
        return datetime.fromisoformat(item["updateddate"])

    def item_categories(self, item):
        return item["categories"]

    def item_enclosures(self, item):
        return [Enclosure(*enclosure) for enclosure in item["enclosures"]]

    def item_extra_kwargs(self, item):
        return {"authors": item["authors"], "content_html": item["content_html"], "media": item["media"]}


def feed_items(ids: list[int]) -> list[dict]:
    """The items of these stories, in this order, from the fragment store; the missing ones
    loaded in one query per relation and written from the story as its page tells it."""

    def load(missing: list[int]) -> dict[int, Article]:
        now = timezone.now()
        stories = list(Article.objects.published(now).with_story_parts(now).filter(pk__in=missing))
        pictures = {story.pk: share_rendition(PictureSource.of(story.lead_image)) for story in stories}
        # One cache round trip for every image's size, not one per item.
        sizes = file_sizes(rendition_storage(), [picture.name for picture in pictures.values() if picture])
        images = body_images(stories)
        for story in stories:
            story.feed_media = lead_media(story, pictures[story.pk], sizes)
            story.body_images = {pk: images[pk] for pk in image_ids_in(story.body) if pk in images}
        return {story.pk: story for story in stories}

    found = cached({pk: f"feed-item:{pk}" for pk in ids}, load, lambda story: json.dumps(feed_item(story)))
    return [json.loads(found[pk]) for pk in ids if pk in found]


def feed_item(story: Article) -> dict:
    """Every field of a story's item, as the feed formats (core.feeds) write them."""
    media = story.feed_media
    shows(story, story.section, *story.tag_list, *story.byline_authors, media and story.lead_image)
    enclosures = []
    if media and media["length"] is not None:
        enclosures.append([media["url"], str(media["length"]), media["type"]])
    authors = [[author.name, absolute_url(author.get_absolute_url())] for author in story.byline_authors]
    return {
        "title": story.headline,
        "link": absolute_url(story.get_absolute_url()),
        "description": story.description,
        "guid": story.uuid.urn,  # permanent: no headline, slug, section or date changes it
        "pubdate": story.published_at.isoformat(),
        "updateddate": max(story.updated_at, story.published_at).isoformat(),
        "categories": [story.section.name, *sorted((tag.name for tag in story.tag_list), key=str.lower)],
        "enclosures": enclosures,
        "authors": authors,
        "content_html": story_html(story),
        "media": media,
    }


def lead_media(story: Article, picture: Rendition | None, sizes: dict[str, int]) -> dict | None:
    """The lead image as the feed formats describe it (core.feeds), or None without a picture.

    A rendition, never the uploaded original: it is the size readers need, and made by us.
    """
    if picture is None:
        return None
    return {
        "url": absolute_url(picture.url),
        "type": mimetypes.guess_type(picture.name)[0] or "image/jpeg",
        "width": picture.width,
        "height": picture.height,
        "length": sizes.get(picture.name),
        "alt": story.lead_image.alt_text,
        "credit": story.lead_image.credit,
    }


def story_html(story: Article) -> str:
    """The story as its page tells it, for feed readers (jinja2/public/feed_item.html)."""
    parts, more = story_parts(story, absolute_html(story.body, story.get_absolute_url()), story.body_images)
    for part in parts:
        if image := part.get("image"):
            # A plain <img> of one JPEG: feed readers know no <picture>.
            part["rendition"] = share_rendition(PictureSource.of(image))
    context = {"story": story, "media": story.feed_media, "parts": parts, "more": more}
    return render_to_string("public/feed_item.html", context)


class LatestArticlesFeed(ArticleFeed):
    """The whole site: `/feed/`."""


class SectionFeed(ArticleFeed):
    pages = Section.objects.all()
    article_filter = "section"

    def description(self, section):
        return section.description or f"{section} from {settings.SITE_NAME}."


class TagFeed(ArticleFeed):
    pages = Tag.objects.all()
    article_filter = TAG_LINKS.relation
    description_format = "Film news, interviews and reviews tagged “{}”."

    def page_path(self, tag):
        return cached_reverse("public:tag", slug=tag.slug)


class AuthorFeed(ArticleFeed):
    pages = Author.objects.all()
    article_filter = AUTHOR_LINKS.relation
    description_format = "Stories by {}."


class FilmFeed(ArticleFeed):
    pages = Film.objects.all()
    article_filter = FILM_LINKS.relation


class PersonFeed(ArticleFeed):
    pages = Person.objects.all()
    article_filter = PERSON_LINKS.relation


class FestivalEditionFeed(ArticleFeed):
    pages = FestivalEdition.objects.select_related("festival")
    article_filter = FESTIVAL_LINKS.relation
    description_format = "Film news and stories from {}."


class ReviewFeed(ArticleFeed):
    """The critics' reviews: `/film-reviews/feed/`."""

    def articles(self, page, now):
        return super().articles(page, now).filter(review__isnull=False)

    def page_path(self, page):
        return cached_reverse("public:reviews")

    def title(self, page):
        return f"Reviews – {settings.SITE_NAME}"

    def description(self, page):
        return "Our critics on the films that matter, with their ratings."

    def items(self, page):
        shows(Review)  # a story that becomes a review enters the feed
        return super().items(page)


class ReleaseFeed(Feed):
    """What opens this week and next in one country (`/releases/feed/?country=FR`), an item per
    release, dated the day it opens."""

    language = settings.LANGUAGE_CODE
    item_guid_is_permalink = False

    def __init__(self, feed_format: FeedFormat = FEED_FORMATS[0]):
        self.feed_format = feed_format
        self.feed_type = feed_format.generator

    def __call__(self, request, *args, **kwargs):
        window = week_window(request)  # 404 before any query
        feed = copy(self)  # one instance serves every request to its URL
        feed.releases = window.releases()
        response = Feed.__call__(feed, request, window=window)
        # Contrib's Last-Modified is the latest item date: here a day a film opens, maybe ahead.
        response.headers.pop("Last-Modified", None)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        record_window(window, feed.releases)
        return response

    def get_object(self, request, window=None):
        return window

    def items(self, window):
        return self.releases

    def title(self, window):
        return f"Releases in {window.country_name} – {settings.SITE_NAME}"

    def link(self, window):
        return absolute_url(f"/releases/{window.query}")

    def feed_url(self, window):
        return absolute_url(self.feed_format.path("/releases/") + window.query)

    def description(self, window):
        return f"Films opening in {window.country_name} this week and next."

    def item_title(self, release):
        return f"{release.film.title}: {release.label} {dateformat.format(release.date, 'F j, Y')}"

    def item_link(self, release):
        return absolute_url(release.film.get_absolute_url())

    def item_description(self, release):
        return release.details

    def item_guid(self, release):
        return f"tag:{site_host()},2026:release-{release.pk}"

    def item_pubdate(self, release):
        return midnight(release.date)
