"""Feeds of public stories: the site, a section, a tag, an author (films/feeds.py: film, person, festival).

`ArticleFeed` holds the policy once: the published rule, the latest 30 stories, every item
field, and conditional GET answered from one cheap query. Subclasses only say which page
they belong to. Each is served as RSS, Atom and JSON Feed (newsroom.feeds.feed_urls).
"""

import mimetypes
from datetime import datetime
from hashlib import md5

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Enclosure
from django.utils.html import format_html, format_html_join
from django.utils.http import http_date
from django.utils.text import Truncator
from taggit.models import Tag

from articles.models import Article, ArticleQuerySet, Author, Section
from articles.story_page import FEED_RELATIONS, load_relations_of_many
from articles.views import by_slug, interleave_body
from newsroom.feeds import RssFeed, absolute_body, absolute_url, file_sizes
from newsroom.models import Image
from newsroom.prepared import PreparedQuery

FEED_LENGTH = 30
# Long enough for a cache in front of the app servers to absorb a crowd of pollers, short
# enough that a story reaches subscribers within a minute of going live.
FEED_MAX_AGE = 60
# Part of every ETag: bump it when the feeds' output changes, so clients fetch it again.
FEED_VERSION = "1"


class ArticleFeed(Feed):
    """The site's latest public stories; a subclass narrows them to one page's stories."""

    entity_queryset = None  # the page's objects, looked up by slug; None for the whole site
    article_filter = ""  # lookup from Article to that object, e.g. "film_links__film"
    description_format = "Film news and stories about {}."
    language = settings.LANGUAGE_CODE
    item_guid_is_permalink = False

    def __init__(self, feed_type=RssFeed):
        self.feed_type = feed_type

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # What every request asks, compiled once per worker (newsroom/prepared.py).
        if cls.entity_queryset is not None:
            cls.entity_by_slug = PreparedQuery(by_slug(cls.entity_queryset))
            cls.newest = PreparedQuery(lambda now, pk: cls.newest_stories(now, pk))
        else:
            cls.newest = PreparedQuery(lambda now: cls.newest_stories(now))

    @classmethod
    def newest_stories(cls, now, pk=None) -> ArticleQuerySet:
        """The stories of the feed's items, with what each item shows of its section and image."""
        return cls.articles(now, pk).select_related("section", "lead_image")[:FEED_LENGTH]

    def __call__(self, request, *args, **kwargs):
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("No such feed") from None
        etag, last_modified = self.validators(obj)
        seconds = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=seconds)
        if response is None:
            feed = self.get_feed(obj, request)
            # Written to one string: contrib's element-by-element writes into the response
            # encode each piece on its own, which costs more than building the items.
            response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        if etag:
            response.headers.setdefault("ETag", etag)
        if seconds:
            response.headers.setdefault("Last-Modified", http_date(seconds))
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    @classmethod
    def articles(cls, now=None, pk=None) -> ArticleQuerySet:
        """The public stories of this feed, newest first: the one rule, then the page's filter.

        The filter names the object's id, not its slug: PostgreSQL then plans with what it knows
        of that id (a film in 20,000 stories is not an average film: 118 ms by slug at 100,000).
        """
        articles = Article.objects.published(now)
        if cls.article_filter:
            articles = articles.filter(**{f"{cls.article_filter}__pk": pk})
        return articles.order_by("-published_at", "-id")

    def validators(self, obj=None) -> tuple[str | None, datetime | None]:
        """ETag and Last-Modified of the feed's items, in one query and without loading them.

        The count and id sum change when a story enters or leaves the latest 30 (published,
        withdrawn, scheduled time reached); the dates when one of them is edited. A story
        leaving the list for an older one does not move Last-Modified: only the ETag, which
        wins when a client sends both (RFC 9110 13.1.3), reports it.
        """
        latest = self.articles(pk=obj and obj.pk)[:FEED_LENGTH].aggregate(
            count=Count("pk"), ids=Sum("pk"), updated=Max("updated_at"), published=Max("published_at")
        )
        if not latest["count"]:
            return None, None
        last_modified = max(latest["updated"], latest["published"])
        state = [FEED_VERSION, self.feed_type.__name__, settings.SITE_URL, *latest.values()]
        digest = md5("|".join(map(str, state)).encode()).hexdigest()
        return f'W/"{digest}"', last_modified

    def get_object(self, request, slug=None):
        if self.entity_queryset is None:
            return None
        found = self.entity_by_slug(slug=slug)
        if not found:
            raise Http404("No such feed")
        return found[0]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        return feed

    def title(self, obj):
        return f"{obj} – {settings.SITE_NAME}" if obj else settings.SITE_NAME

    def link(self, obj):
        return absolute_url(obj.get_absolute_url() if obj else "/")

    def description(self, obj):
        return self.description_format.format(obj) if obj else "Film news, interviews and reviews."

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self):
        return settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def feed_extra_kwargs(self, obj):
        return {
            "logo_url": absolute_url(static("newsroom/feed-logo.png")),
            "icon_url": absolute_url(static("newsroom/feed-icon.png")),
        }

    def items(self, obj):
        now = timezone.now()
        articles = self.newest(now=now, pk=obj.pk) if obj else self.newest(now=now)
        load_relations_of_many(articles, FEED_RELATIONS, now)
        images = [article.lead_image for article in articles if article.lead_image]
        sizes = file_sizes(Image.file.field.storage, [image.file.name for image in images])
        for image in images:
            image.file_size = sizes.get(image.file.name)
        return articles

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.dek or Truncator(article.body_text).words(60)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        # Permanent: neither a new headline, slug, section nor date changes it.
        return article.uuid.urn

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return max(article.updated_at, article.published_at)

    def item_categories(self, article):
        return [article.section.name, *sorted((tag.name for tag in article.tags.all()), key=str.lower)]

    def item_enclosures(self, article):
        image = article.lead_image
        if image is None or getattr(image, "file_size", None) is None:
            return []
        return [Enclosure(absolute_url(image.file.url), str(image.file_size), image_type(image))]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                (byline.author.name, absolute_url(byline.author.get_absolute_url()))
                for byline in article.bylines.all()
            ],
            "content_html": story_html(article),
            "media": lead_image_media(article),
        }


def image_type(image: Image) -> str:
    return mimetypes.guess_type(image.file.name)[0] or "image/jpeg"


def lead_image_media(article: Article) -> dict | None:
    image = article.lead_image
    if image is None:
        return None
    return {
        "url": absolute_url(image.file.url),
        "type": image_type(image),
        "width": image.width,
        "height": image.height,
        "length": getattr(image, "file_size", None),
        "alt": image.alt_text,
        "credit": image.credit,
    }


def story_html(article: Article) -> str:
    """The story as its page tells it, for feed readers: lead image, body with READ MORE
    links and embeds (as links: readers do not run players) where the editor put them,
    the "More on this" links, source and corrections. Every address is absolute."""
    path = article.get_absolute_url()
    parts = []
    if image := article.lead_image:
        credit = f"({image.credit})" if image.credit and article.caption else image.credit
        caption = " ".join(filter(None, [article.caption, credit]))
        parts.append(
            format_html(
                '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
                absolute_url(image.file.url),
                image.alt_text,
                image.width,
                image.height,
                format_html("<figcaption>{}</figcaption>", caption) if caption else "",
            )
        )
    for part in interleave_body(article, absolute_body(article.body, path)):
        if "html" in part:
            parts.append(part["html"])  # sanitised by Article.save()
        elif "read_more" in part:
            link = part["read_more"]
            parts.append(
                format_html(
                    '<p><strong>{}:</strong> <a href="{}">{}</a></p>',
                    link.label,
                    absolute_url(link.target.get_absolute_url()),
                    link.target.headline,
                )
            )
        elif "embed" in part:
            embed = part["embed"]
            player = embed.player
            verb = "Listen" if player and player.kind == "audio" else "Watch"
            where = f" on {player.provider}" if player else ""
            parts.append(
                format_html(
                    '<p>{}{}: <a href="{}">{}</a></p>', verb, where, absolute_url(embed.url), embed.title
                )
            )
    more = [link.target for link in article.read_more_links.all() if not link.after_paragraph]
    if more:
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((absolute_url(t.get_absolute_url()), t.headline) for t in more),
        )
        parts.append(format_html("<h2>More on this</h2><ul>{}</ul>", items))
    if article.source_name:
        source = (
            format_html('<a href="{}">{}</a>', absolute_url(article.source_url), article.source_name)
            if article.source_url
            else article.source_name
        )
        parts.append(format_html("<p>Source: {}</p>", source))
    for correction in article.corrections.all():
        day = timezone.localdate(correction.made_at)
        parts.append(
            format_html(
                "<p><strong>{}, {}:</strong> {}</p>",
                correction.get_kind_display(),
                f"{day:%B} {day.day}, {day.year}",
                correction.note,
            )
        )
    return "".join(parts)


class LatestArticlesFeed(ArticleFeed):
    """The whole site: `/feed/`."""


class SectionFeed(ArticleFeed):
    entity_queryset = Section.objects.all()
    article_filter = "section"

    def description(self, section):
        return section.description or f"{section} from {settings.SITE_NAME}."


class TagFeed(ArticleFeed):
    entity_queryset = Tag.objects.all()
    article_filter = "tagged_items__tag"
    description_format = "Film news, interviews and reviews tagged “{}”."

    def link(self, tag):
        return absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug}))


class AuthorFeed(ArticleFeed):
    entity_queryset = Author.objects.all()
    article_filter = "bylines__author"
    description_format = "Stories by {}."
