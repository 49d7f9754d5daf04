"""Reading a WordPress export (WXR 1.0 to 1.2) as a stream of items, in bounded memory.

Each <item> is turned into an `Item` and dropped from the tree as soon as it ends, so a
500 MB export holds one post in memory at a time. The channel's authors and terms come
before the first item (wp-admin/includes/export.php writes them first).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

# WordPress's importer refuses anything newer than the format it knows.
MAX_VERSION = (1, 2)
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# WordPress.com writes https:// where self-hosted WordPress writes http://.
WXR_NAMESPACE = re.compile(r"https?://wordpress\.org/export/\d+\.\d+/(excerpt/)?")
# WordPress writes URLs with a raw "&" and its importer accepts them; strict XML does not.
# Outside CDATA, an "&" that starts no XML reference is escaped (line numbers are kept).
BARE_AMPERSAND = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
CDATA = re.compile(rb"(<!\[CDATA\[|\]\]>)")
OPEN_TAG = re.compile(rb"<([\w:.-]+)[^<>]*>\s*$")


class ExportError(Exception):
    """The file cannot be imported at all: not XML, not WXR, or a version we do not read."""


class NotWellFormed(ExportError):
    """The XML breaks off: the tolerant reading (`Export(tolerant=True)`) may still read it."""


@dataclass
class Term:
    domain: str  # category, post_tag, author (Co-Authors Plus) or another taxonomy
    slug: str
    name: str


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    version: str = ""
    # login -> display name, in the order the export lists them
    authors: dict[str, str] = field(default_factory=dict)
    # term id -> category slug (Yoast names its primary category by term id)
    categories: dict[int, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """Which WordPress site this is: the key that makes a re-run find its own posts."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")


@dataclass
class Item:
    line: int
    post_id: int = 0
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: str = ""
    date: str = ""
    name: str = ""
    password: str = ""
    parent: int = 0
    sticky: bool = False
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def local_name(tag: str) -> str:
    """ "{http://wordpress.org/export/1.2/}post_id" -> "wp:post_id", whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    if match := WXR_NAMESPACE.fullmatch(uri):
        return f"{'excerpt' if match[1] else 'wp'}:{name}"
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{name}" if prefix else name


def _text(element) -> str:
    return (element.text or "").strip()


def _number(text: str) -> int:
    return int(text) if text.strip().lstrip("-").isdigit() else 0


def _item(element, line: int) -> Item:
    item = Item(line=line)
    simple = {
        "title": "title", "link": "link", "dc:creator": "creator", "content:encoded": "content",
        "excerpt:encoded": "excerpt", "wp:post_date_gmt": "date_gmt", "wp:post_date": "date",
        "wp:post_name": "name", "wp:status": "status", "wp:post_type": "post_type",
        "wp:attachment_url": "attachment_url", "wp:post_password": "password",
    }  # fmt: skip
    for child in element:
        name = local_name(child.tag)
        if name in simple:
            value = child.text or ""
            setattr(item, simple[name], value if name == "content:encoded" else value.strip())
        elif name == "wp:post_id":
            item.post_id = _number(_text(child))
        elif name == "wp:post_parent":
            item.parent = _number(_text(child))
        elif name == "wp:is_sticky":
            item.sticky = _text(child) == "1"
        elif name == "category":
            slug = child.get("nicename", "").strip()
            item.terms.append(Term(child.get("domain", "category"), slug, _text(child)))
        elif name == "wp:postmeta":
            parts = {local_name(part.tag): part.text or "" for part in child}
            if key := parts.get("wp:meta_key", "").strip():
                item.meta[key] = parts.get("wp:meta_value", "").strip()
    return item


def _version(text: str) -> tuple[int, int]:
    if not re.fullmatch(r"\d+\.\d+", text):
        raise ExportError(f"This export names WXR version “{text}”, which is not a version number.")
    major, minor = text.split(".")
    return int(major), int(minor)


def _ends_cdata(pieces: list[bytes], index: int, closing: bytes) -> bool:
    """Whether the "]]>" at pieces[index] closes its CDATA section: WordPress closes the element
    (`closing`, e.g. b"</content:encoded>") right after it, or, escaping a "]]>" of the text,
    opens another section."""
    after = pieces[index + 1] if index + 1 < len(pieces) else b""
    return after.startswith(closing) or (after == b"" and pieces[index + 2 : index + 3] == [b"<![CDATA["])


def _lines(path: Path, tolerant: bool = False) -> Iterator[tuple[int, bytes]]:
    """The file's lines, numbered from 1, with bare "&" outside CDATA escaped; `tolerant`: a "]]>"
    inside CDATA that does not close it (older WordPress wrote the text's own unescaped) escaped too."""
    in_cdata = False
    closing = b"</"  # the end tag of the element holding the CDATA section
    with open(path, "rb") as source:
        for number, line in enumerate(source, start=1):
            if b"&" not in line and b"CDATA" not in line and b"]]>" not in line:
                yield number, line
                continue
            pieces = CDATA.split(line)
            for index, piece in enumerate(pieces):
                if piece == b"<![CDATA[":
                    if not in_cdata and index and (element := OPEN_TAG.search(pieces[index - 1])):
                        closing = b"</" + element[1] + b">"
                    in_cdata = True
                elif piece == b"]]>":
                    if in_cdata and tolerant and not _ends_cdata(pieces, index, closing):
                        pieces[index] = b"]]]]><![CDATA[>"
                    else:
                        in_cdata = False
                elif not in_cdata and index % 2 == 0:
                    pieces[index] = BARE_AMPERSAND.sub(b"&amp;", piece)
            yield number, b"".join(pieces)


class Export:
    """`for item in Export(path)`: the export's items in file order; `site` is read by then."""

    def __init__(self, path: Path | str, *, tolerant: bool = False):
        self.path = Path(path)
        self.tolerant = tolerant
        self.site = Site()

    def __iter__(self) -> Iterator[Item]:
        parser = ElementTree.XMLPullParser(events=("start", "end"))
        stack: list[str] = []
        channel = None
        item_line = line = 0
        try:
            for line, chunk in _lines(self.path, self.tolerant):
                parser.feed(chunk)
                for event, element in parser.read_events():
                    name = local_name(element.tag)
                    if event == "start":
                        if not stack and name != "rss":
                            raise ExportError(
                                "This file is not a WordPress export (WXR): it is not an RSS file."
                            )
                        if name == "item" and len(stack) == 2:
                            if not item_line:
                                self._check_version()
                            item_line = line
                        elif name == "channel":
                            channel = element
                        stack.append(name)
                        continue
                    stack.pop()
                    if len(stack) != 2 or stack[1] != "channel":
                        continue
                    if name == "item":
                        yield _item(element, item_line)
                    else:
                        self._read_channel(name, element)
                    channel.remove(element)
            parser.close()
        except ElementTree.ParseError as error:
            if not stack and channel is None:
                raise ExportError(
                    f"This file is not a WordPress export (WXR): it is not XML ({error})."
                ) from None
            at = error.position[0] if error.position else line
            raise NotWellFormed(f"The export is not well-formed XML at line {at}: {error.msg}.") from None
        if channel is None:
            raise ExportError("This file is not a WordPress export (WXR): it has no channel.")
        self._check_version()

    def _read_channel(self, name: str, element) -> None:
        site = self.site
        if name == "wp:wxr_version":
            site.version = _text(element)
        elif name in ("title", "link"):
            setattr(site, name, _text(element))
        elif name == "wp:base_site_url":
            site.base_site_url = _text(element)
        elif name == "wp:base_blog_url":
            site.base_blog_url = _text(element)
        elif name == "wp:author":
            parts = {local_name(part.tag): _text(part) for part in element}
            if login := parts.get("wp:author_login"):
                site.authors[login] = parts.get("wp:author_display_name") or login
        elif name == "wp:category":
            parts = {local_name(part.tag): _text(part) for part in element}
            if term_id := _number(parts.get("wp:term_id", "")):
                site.categories[term_id] = parts.get("wp:category_nicename", "")

    def _check_version(self) -> None:
        if not self.site.version:
            raise ExportError("This file is not a WordPress export (WXR): it has no wp:wxr_version.")
        if _version(self.site.version) > MAX_VERSION:
            raise ExportError(
                f"This export is WXR {self.site.version}; this importer reads WXR 1.0 to 1.2. "
                "Export again from a WordPress that writes 1.2, or update the importer."
            )
