"""What every feed of the site shares: safe text, absolute URLs, file sizes and the three formats.

RSS 2.0, Atom 1.0 and JSON Feed 1.1 are built from the same `Feed` hooks; only the writing
differs. Each item carries extra keyword arguments next to contrib's own:
`authors` [(name, url)], `content_html` (absolute URLs) and `media` (the lead image).
"""

import html
import json
import re
from datetime import datetime
from functools import lru_cache
from hashlib import md5
from io import StringIO
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import Storage
from django.urls import URLPattern, path
from django.utils import feedgenerator
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from core.html import TAG

# XML 1.0 forbids C0 controls (but tab, LF, CR), surrogates, U+FFFE and U+FFFF; C1 controls
# are legal but discouraged (https://www.w3.org/TR/xml/#charsets) and never meant in text.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
NAMESPACES = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
# What Django's XML writer refuses (django.utils.xmlutils); feed_text() has removed them already.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")
FILE_SIZE_TIMEOUT = 60 * 60 * 24 * 30


def feed_text[T](value: T) -> T:
    """`value` without characters XML cannot carry; lists, tuples and dicts are cleaned deeply."""
    if isinstance(value, str):
        return long_feed_text(value) if len(value) > LONG_TEXT else ILLEGAL_CHARACTERS.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(feed_text(item) for item in value)
    if isinstance(value, dict):
        return {key: feed_text(item) for key, item in value.items()}
    return value


# Item HTML (a whole story) is the same string object on every request (public/feed_items.py
# remembers it), so its cleaning is remembered too: scanning 30 bodies was a quarter of a feed.
LONG_TEXT = 512


@lru_cache(maxsize=1024)
def long_feed_text(text: str) -> str:
    return ILLEGAL_CHARACTERS.sub("", text)


def absolute_url(url: str, base: str = "") -> str:
    """`url` resolved against `base`, itself resolved against settings.SITE_URL."""
    if url.startswith("/") and not url.startswith("//"):
        return site_origin(settings.SITE_URL) + url  # the common case, a site path: no parsing
    return urljoin(urljoin(f"{settings.SITE_URL}/", base), url)


@lru_cache
def site_origin(site_url: str) -> str:
    """Scheme and host of the site's address, which a path starting with "/" is joined to."""
    return urlsplit(site_url)._replace(path="", query="", fragment="").geturl()


# An href or src value inside one tag of sanitised HTML (or of HTML the feeds write).
LINK_VALUE = re.compile(r'(\s(?:href|src)=")([^"]*)"')


def absolute_html(fragment: str, base: str) -> str:
    """HTML with every link and image address made absolute, for readers far from the site.

    Only for HTML whose tags are well formed and whose attributes are double-quoted: bodies
    sanitised on save, and what the feeds write with format_html.
    """

    def resolve(link) -> str:
        url = absolute_url(html.unescape(link[2]), base)
        return f'{link[1]}{url.replace("&", "&amp;").replace('"', "&quot;")}"'

    return TAG.sub(lambda tag: LINK_VALUE.sub(resolve, tag[0]), fragment)


@lru_cache(maxsize=512)
def absolute_body(body: str, base: str) -> str:
    """absolute_html of a story body, remembered per worker by its text: every poll of a feed
    shows the same bodies, and a body edited is a new text, so nothing is ever stale."""
    return absolute_html(body, base)


def file_sizes(storage: Storage, names: list[str]) -> dict[str, int]:
    """Byte sizes of stored files, asked of the storage once per file and then kept in the cache.

    Uploaded files are never rewritten in place (a new upload gets a new name), so a size
    stays true as long as its name exists; on object storage this saves a request per item.
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
    """Every string given to the feed passes through feed_text(), whatever the format."""

    def __init__(self, *args, **kwargs):
        super().__init__(*feed_text(args), **feed_text(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*feed_text(args), **feed_text(kwargs))


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


class QuickXMLGenerator(SimplerXMLGenerator):
    """Django's feed XML writer, with each element without children written in one piece:
    the same bytes, for a fifth of the cost (SAX's per-call work was 8 ms of a 30-item feed)."""

    def addQuickElement(self, name, contents=None, attrs=None):
        if contents and CONTROL_CHARACTERS.search(contents):
            raise UnserializableContentError
        attributes = ""
        if attrs:
            for key, value in sorted(attrs.items()):
                if CONTROL_CHARACTERS.search(value):
                    raise UnserializableContentError
                attributes += f" {key}={quoteattr(value)}"
        # ignorableWhitespace writes its argument as it is, after closing any open start tag.
        if contents:
            self.ignorableWhitespace(f"<{name}{attributes}>{escape(contents)}</{name}>")
        else:
            self.ignorableWhitespace(f"<{name}{attributes}/>")


def frozen(value):
    """A hashable copy of an add_item() value: lists and dicts as tuples, enclosures as their fields."""
    if isinstance(value, dict):
        return tuple((key, frozen(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(frozen(item) for item in value)
    if isinstance(value, feedgenerator.Enclosure):
        return ("enclosure", value.url, value.length, value.mime_type)
    return value


class ItemKey:
    """An item of one feed format, compared and hashed by every value it was given."""

    __slots__ = ("feed", "item", "values", "hash")

    def __init__(self, feed, item: dict):
        self.feed, self.item = feed, item
        self.values = (type(feed), frozen(item))
        self.hash = hash(self.values)

    def __hash__(self):
        return self.hash

    def __eq__(self, other):
        return self.values == other.values


@lru_cache(maxsize=1024)
def item_xml(key: ItemKey) -> str:
    """One item's XML, written once per worker for the same values."""
    buffer = StringIO()
    handler = QuickXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    key.feed.write_item(handler, key.item)
    # The remembered key compares by its values only: let go of the feed and its other items.
    key.feed = key.item = None
    return buffer.getvalue()


class RememberedItemsMixin:
    """Each item's XML is a pure function of the values given to add_item(), so it is written
    once per worker and then taken from memory: pollers get the same 30 items again and again,
    and an item whose values change is a new key, so nothing is ever stale."""

    item_element = "item"

    def write_items(self, handler):
        for item in self.items:
            handler.ignorableWhitespace(item_xml(ItemKey(self, item)))

    def write_item(self, handler, item):
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)


class RssFeed(RememberedItemsMixin, CleanTextMixin, feedgenerator.Rss201rev2Feed):
    def write(self, outfile, encoding):
        # Django's RssFeed.write, with the quicker writer.
        handler = QuickXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

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


class AtomFeed(RememberedItemsMixin, CleanTextMixin, feedgenerator.Atom1Feed):
    item_element = "entry"

    def write(self, outfile, encoding):
        # Django's Atom1Feed.write, with the quicker writer.
        handler = QuickXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": NAMESPACES["media"]}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("icon_url"):
            handler.addQuickElement("icon", self.feed["icon_url"])
        if self.feed.get("logo_url"):
            handler.addQuickElement("logo", self.feed["logo_url"])

    def add_item_elements(self, handler, item):
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


# URL suffix, URL name suffix, generator.
FEED_FORMATS = [("", "", RssFeed), ("atom/", "-atom", AtomFeed), ("json/", "-json", JsonFeed)]


def feed_urls(route: str, feed_class, name: str) -> list[URLPattern]:
    """`<route>feed/` (RSS), `<route>feed/atom/` and `<route>feed/json/`, named `name`, `name-atom`..."""
    return [
        path(f"{route}feed/{suffix}", feed_class(feed_type=feed_type), name=f"{name}{name_suffix}")
        for suffix, name_suffix, feed_type in FEED_FORMATS
    ]
