"""Feeds of public stories: the site, a section, a tag, an author (public/feeds.py: film, person, festival).

`ArticleFeed` holds the policy once: the published rule, the latest 30 stories, every item
field, and conditional GET answered from one cheap query. Subclasses only say which page
they belong to. Each is served as RSS, Atom and JSON Feed (core.feeds.feed_urls).
"""

from datetime import datetime
from hashlib import md5

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from taggit.models import Tag

from articles.models import Article, ArticleQuerySet, Author, Section
from core.feeds import RssFeed, absolute_url
from core.prepared import PreparedQuery
from films.models import FestivalEdition, Film, Person
from public.feed_items import STORY_FIELDS, feed_items
from public.views.stories import by_slug

FEED_LENGTH = 30
# Long enough for a cache in front of the app servers to absorb a crowd of pollers, short
# enough that a story reaches subscribers within a minute of going live.
FEED_MAX_AGE = 60
# Part of every ETag: bump it when the feeds' output changes, so clients fetch it again.
FEED_VERSION = "1"


class ArticleFeed:
    """The site's latest public stories; a subclass narrows them to one page's stories."""

    entity_queryset = None  # the page's objects, looked up by slug; None for the whole site
    article_filter = ""  # lookup from Article to that object, e.g. "film_links__film"
    description_format = "Film news and stories about {}."
    language = settings.LANGUAGE_CODE

    def __init__(self, feed_type=RssFeed):
        self.feed_type = feed_type

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # What every request asks, compiled once per worker (core/prepared.py).
        if cls.entity_queryset is not None:
            cls.entity_by_slug = PreparedQuery(by_slug(cls.entity_queryset))
        cls.newest = cls.prepared(lambda now, pk: cls.articles(now, pk).values_list(*STORY_FIELDS))
        cls.newest_versions = cls.prepared(
            lambda now, pk: cls.articles(now, pk).values_list("pk", "updated_at", "published_at")
        )

    @classmethod
    def prepared(cls, build):
        """The first FEED_LENGTH rows of build(now, pk), as a function of (now, the page's object)."""
        if cls.article_filter:
            query = PreparedQuery(lambda now, pk: build(now, pk)[:FEED_LENGTH])
            return staticmethod(lambda now, obj: query(now=now, pk=obj.pk))
        query = PreparedQuery(lambda now: build(now, None)[:FEED_LENGTH])
        return staticmethod(lambda now, obj: query(now=now))

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
        """ETag and Last-Modified of the feed's items, from one query of three columns.

        The count and id sum change when a story enters or leaves the latest 30 (published,
        withdrawn, scheduled time reached); the dates when one of them is edited. A story
        leaving the list for an older one does not move Last-Modified: only the ETag, which
        wins when a client sends both (RFC 9110 13.1.3), reports it.
        """
        latest = self.newest_versions(timezone.now(), obj)
        if not latest:
            return None, None
        pks, updated, published = zip(*latest, strict=True)
        last_modified = max(*updated, *published)
        state = [FEED_VERSION, self.feed_type.__name__, settings.SITE_URL, len(latest), sum(pks)]
        state += [max(updated), max(published)]
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
        """The feed with its items (public/feed_items.py), in the feed_type's format.

        Written here rather than by contrib's Feed.get_feed, which asks a method per field
        of each item: the items come whole from feed_items().
        """
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=self.subtitle(obj),
            link=self.link(obj),
            description=self.description(obj),
            language=self.language,
            feed_url=absolute_url(request.path),
            author_name=self.author_name(),
            author_link=self.author_link(),
            **self.feed_extra_kwargs(obj),
        )
        now = timezone.now()
        for item in feed_items(self.newest(now, obj), now):
            feed.add_item(**item)
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
        return absolute_url(reverse("public:tag", kwargs={"slug": tag.slug}))


class AuthorFeed(ArticleFeed):
    entity_queryset = Author.objects.all()
    article_filter = "bylines__author"
    description_format = "Stories by {}."





class FilmFeed(ArticleFeed):
    entity_queryset = Film.objects.all()
    article_filter = "film_links__film"


class PersonFeed(ArticleFeed):
    entity_queryset = Person.objects.all()
    article_filter = "person_links__person"


class FestivalEditionFeed(ArticleFeed):
    entity_queryset = FestivalEdition.objects.select_related("festival")
    article_filter = "festival_editions"
    description_format = "Film news and stories from {}."
