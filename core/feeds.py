"""The site's feed formats, app-agnostic: RSS 2.0, Atom 1.0 and JSON Feed 1.1 as
`django.utils.feedgenerator` subclasses, the one list of formats (`FEED_FORMATS`) that URLs and
templates are built from, and the helpers every feed shares (safe text, absolute links in HTML).

Each item carries, next to contrib's own `add_item()` arguments: `authors` [(name, url)],
`content_html` (the whole story, every address absolute) and `media` (the lead image, a dict
with url, type, width, height, length, alt and credit).
"""

import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from hashlib import md5

from django.core.cache import cache
from django.core.files.storage import Storage
from django.urls import URLPattern, path
from django.utils import feedgenerator

from core.addresses import absolute_url
from core.html import TAG

# XML 1.0 forbids C0 controls (but tab, LF, CR), surrogates, U+FFFE and U+FFFF; C1 controls
# are legal but discouraged (https://www.w3.org/TR/xml/#charsets) and never meant in text.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
FILE_SIZE_TIMEOUT = 60 * 60 * 24 * 30


def feed_text[T](value: T) -> T:
    """`value` without characters XML cannot carry; lists, tuples and dicts are cleaned deeply."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(feed_text(item) for item in value)
    if isinstance(value, dict):
        return {key: feed_text(item) for key, item in value.items()}
    return value


# An href or src value inside one tag of sanitised HTML.
LINK_VALUE = re.compile(r'(\s(?:href|src)=")([^"]*)"')


def absolute_html(fragment: str, base: str) -> str:
    """HTML with every link and image address made absolute, for readers far from the site.

    Only for HTML whose tags are well formed and whose attributes are double-quoted, as
    bodies sanitised on save are.
    """

    def resolve(link) -> str:
        url = absolute_url(html.unescape(link[2]), base)
        return f'{link[1]}{url.replace("&", "&amp;").replace('"', "&quot;")}"'

    return TAG.sub(lambda tag: LINK_VALUE.sub(resolve, tag[0]), fragment)


def file_sizes(storage: Storage, names: list[str]) -> dict[str, int]:
    """Byte sizes of stored files, asked of the storage once per file and then kept in the cache.

    Stored pictures are never rewritten in place (a new upload gets a new name, a rendition's
    name is a hash of its source and processing), so a size stays true as long as its name
    exists; on object storage this saves a request per item.
    """
    keys = {f"feeds:file-size:{md5(name.encode()).hexdigest()}": name for name in set(names)}
    found = cache.get_many(list(keys))
    sizes = {keys[key]: size for key, size in found.items()}
    missing = {}
    for key, name in keys.items():
        if name not in sizes:
            try:
                sizes[name] = missing[key] = storage.size(name)
            except OSError:
                continue
    if missing:
        cache.set_many(missing, FILE_SIZE_TIMEOUT)
    return sizes


def rfc3339(date: datetime | None) -> str | None:
    return feedgenerator.rfc3339_date(date) if date else None


class CleanTextMixin:
    """Every string given to the feed passes through feed_text(), whatever the format: Django's
    XML writer refuses control characters, and a pasted one must not break a feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*feed_text(args), **feed_text(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*feed_text(args), **feed_text(kwargs))


class InMemoryWriteMixin:
    """The XML writer writes every element to its file; into a response, each write costs a
    conversion and a list entry (thousands a feed), so the document is written in memory and
    handed over in one piece."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        super().write(document, encoding)
        outfile.write(document.getvalue())


def write_media(handler, media: dict | None) -> None:
    """The lead image as Media RSS, which readers show as the item's picture."""
    if not media:
        return
    attrs = {"url": media["url"], "medium": "image", "type": media["type"]}
    attrs.update({key: str(media[key]) for key in ("width", "height") if media.get(key)})
    if media.get("length"):
        attrs["fileSize"] = str(media["length"])
    handler.startElement("media:content", attrs)
    if media.get("alt"):
        handler.addQuickElement("media:description", media["alt"], {"type": "plain"})
    if media.get("credit"):
        handler.addQuickElement("media:credit", media["credit"])
    handler.endElement("media:content")


class RssFeed(CleanTextMixin, InMemoryWriteMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the full story (content:encoded), every author (dc:creator), Media RSS and
    the channel's image."""

    def rss_attributes(self):
        return {**super().rss_attributes(), **{f"xmlns:{key}": url for key, url in NAMESPACES.items()}}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("logo_url"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["logo_url"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        # RSS readers take <description> as HTML: the plain-text summary is escaped once more.
        summary = html.escape(item["description"], quote=False) if item["description"] else None
        super().add_item_elements(handler, {**item, "description": summary})
        if item["updateddate"]:
            handler.addQuickElement("atom:updated", rfc3339(item["updateddate"]))
        for name, _url in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        write_media(handler, item.get("media"))


class AtomFeed(CleanTextMixin, InMemoryWriteMixin, feedgenerator.Atom1Feed):
    """Atom 1.0 with every author (name and page), the full story as HTML content, Media RSS,
    the feed's icon and logo."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": NAMESPACES["media"]}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("icon_url"):
            handler.addQuickElement("icon", self.feed["icon_url"])
        if self.feed.get("logo_url"):
            handler.addQuickElement("logo", self.feed["logo_url"])

    def add_item_elements(self, handler, item):
        # Contrib writes the description as an HTML summary; ours is plain text.
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for name, url in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        write_media(handler, item.get("media"))


class JsonFeed(CleanTextMixin, feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), from the same hooks as RSS and Atom."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "icon": feed.get("icon_url"),
            "language": feed["language"],
            "authors": [{"name": feed["author_name"], "url": feed["author_link"]}]
            if feed["author_name"]
            else None,
            "items": [self.item_data(item) for item in self.items],
        }
        outfile.write(json.dumps(without_empty(data), ensure_ascii=False))

    def item_data(self, item) -> dict:
        media = item.get("media") or {}
        return without_empty(
            {
                "id": item["unique_id"],
                "url": item["link"],
                "title": item["title"],
                "summary": item["description"],
                "content_html": item.get("content_html"),
                "image": media.get("url"),
                "date_published": rfc3339(item["pubdate"]),
                "date_modified": rfc3339(item["updateddate"]),
                "authors": [
                    without_empty({"name": name, "url": url}) for name, url in item.get("authors", ())
                ],
                "tags": list(item["categories"]),
                "attachments": [
                    without_empty(
                        {
                            "url": enclosure.url,
                            "mime_type": enclosure.mime_type,
                            "size_in_bytes": int(enclosure.length),
                        }
                    )
                    for enclosure in item["enclosures"]
                ],
            }
        )


def without_empty(data: dict) -> dict:
    """JSON Feed omits absent members rather than sending them as null or empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


@dataclass(frozen=True)
class FeedFormat:
    """One format every page's feed is served in: where it lives and what writes it."""

    suffix: str  # after `<page>feed/`
    name_suffix: str  # after the page feed's URL name
    generator: type[feedgenerator.SyndicationFeed]
    label: str  # what readers are shown

    @property
    def mime_type(self) -> str:
        return self.generator.content_type.partition(";")[0]

    def path(self, page: str) -> str:
        """The feed's address (or URL route) under a page's address (or route): WordPress's paths."""
        return f"{page}feed/{self.suffix}"


# The one list of formats: URLs (feed_urls), <link rel="alternate"> and the pages' feed links
# (the `feed_formats` template global) are all built from it.
FEED_FORMATS = (
    FeedFormat("", "", RssFeed, "RSS"),
    FeedFormat("atom/", "-atom", AtomFeed, "Atom"),
    FeedFormat("json/", "-json", JsonFeed, "JSON Feed"),
)


def feed_urls(route: str, feed_class: Callable[[FeedFormat], Callable], name: str) -> list[URLPattern]:
    """The page's feeds in every format: `<route>feed/` named `name`, `<route>feed/atom/`
    named `name-atom`...; `feed_class(feed_format)` is the view."""
    return [path(fmt.path(route), feed_class(fmt), name=f"{name}{fmt.name_suffix}") for fmt in FEED_FORMATS]
