"""A WordPress post body turned into ours: blocks unwrapped, shortcodes converted, then sanitised.

Order matters: Gutenberg embed blocks and shortcodes are read before the block comments go,
pictures and links are rewritten while their attributes are still there, and the model's own
sanitiser (articles.richtext) has the last word, so nothing it refuses survives the import.
Embeds leave the text and become Embed rows placed after the paragraph they followed.
Pictures enter the image library and stand in the text as its placeholders (articles.richtext
PLACE), each a block of its own.
"""

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from articles.embeds import player_for
from articles.richtext import PLACE, place_html, sanitize_body, split_blocks
from wordpress.markup import Delimiter, Shortcode, delimiters, shortcodes, substitute

# Every pattern below stops at the next "<" or ">" (or bracket, or line end) it meets where it
# looks for an end: a scan from one opening never runs past the next, so a post of openings
# without ends costs linear time, not quadratic.
ATTRIBUTE = re.compile(r"""(?<![\w-])([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
TAG = re.compile(r"<[^<>]*>")
IMG = re.compile(r"<img\b[^<>]*>", re.I)
# A Gutenberg image block: the picture, maybe linked, and its caption.
IMAGE_FIGURE = re.compile(
    r"<figure\b[^<>]*>\s*(?:<a\b[^<>]*>\s*)?(<img\b[^<>]*>)\s*(?:</a>\s*)?"
    r"(?:<figcaption\b[^<>]*>((?:(?!</figcaption>|<figure\b).)*)</figcaption>\s*)?</figure>",
    re.I | re.S,
)
LINKED_IMG = re.compile(r"<a\b[^<>]*>\s*(<img\b[^<>]*>)\s*</a>", re.I)
HREF = re.compile(r"""(<a\b[^<>]*?\bhref\s*=\s*)(["'])((?:(?!\2)[^<>])*)\2""", re.I)
BARE_URL_LINE = re.compile(r"^[ \t]*(?:<p>)?[ \t]*(https://\S+?)[ \t]*(?:</p>)?[ \t]*$", re.M)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# Lines autop leaves alone: block elements, and what the conversions below turn into blocks.
BLOCK_LINE = re.compile(
    r"^\s*(?:</?(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|div|figure|hr)\b"
    r"|\[(?:caption|embed|youtube|gallery|audio|video|playlist)\b"
    r"|https://\S+\s*$)",
    re.I,
)
MARKER = "wordpress-embed-{}"
PICTURE_MARKER = re.compile(r"wordpress-picture-(\d+)")
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)  # sanitised paragraphs hold no paragraph
EMBED_MARKER = re.compile("<p>" + MARKER.format(r"(\d+)") + "</p>")


class BlockPiece(NamedTuple):
    """A block delimiter to drop, or a whole embed block (`url`) to replace with its player."""

    start: int
    end: int
    url: str


def is_embed_block(name: str) -> bool:
    return name == "embed" or name.partition("/")[0] == "core-embed"


def embed_block_url(delimiter: Delimiter) -> str:
    try:
        url = json.loads(delimiter.attrs).get("url", "") if delimiter.attrs.startswith("{") else ""
    except (ValueError, AttributeError):
        return ""
    return url if isinstance(url, str) else ""


class LibraryPicture(NamedTuple):
    """Our copy of a picture: its image library id, file address and (maybe new) caption."""

    pk: int
    address: str
    caption: str


# (src, attachment id or 0, alt, caption) -> our copy, or None when the file is missing.
# The caption becomes the library image's when it has none.
PictureResolver = Callable[[str, int, str, str], LibraryPicture | None]
# an href -> our address for it, or None to leave it alone
LinkResolver = Callable[[str], str | None]
# an attachment id -> (its file's address, its title), or None when the export has none
AttachmentResolver = Callable[[int], tuple[str, str] | None]
# WordPress core's [audio] and [video]: the attributes that may name the file, in its order.
MEDIA_SOURCES = {
    "audio": ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac"),
    "video": ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv"),
}


@dataclass
class Body:
    html: str
    # (paragraph the embed follows, 0 = before the first; page URL of the video or track)
    embeds: list[tuple[int, str]] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)  # audio and video left on the old site, linked


def attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "") for m in ATTRIBUTE.finditer(text or "")}


def autop(text: str) -> str:
    """Classic-editor bodies keep paragraphs as blank lines (WordPress adds <p> on display)."""
    if re.search(r"<p[\s>]", text, re.I):
        return text
    out = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        inline: list[str] = []
        for line in chunk.splitlines():
            if BLOCK_LINE.match(line):
                if inline:
                    out.append("<p>" + "<br>".join(inline) + "</p>")
                    inline = []
                out.append(line)
            elif line.strip():
                inline.append(line.strip())
        if inline:
            out.append("<p>" + "<br>".join(inline) + "</p>")
    return "\n".join(out)


class Converter:
    def __init__(self, picture: PictureResolver, link: LinkResolver, attachment: AttachmentResolver):
        self.picture = picture
        self.link = link
        self.attachment = attachment
        self.files: list[str] = []
        self.embeds: list[str] = []
        self.pictures: list[tuple[LibraryPicture, str]] = []  # (copy, label)
        self.unknown: Counter = Counter()

    def embed(self, url: str) -> str:
        """A marker paragraph where the player goes, or a plain link for a provider we do not frame."""
        url = html.unescape(url.strip())
        if player_for(url) is None:
            safe = html.escape(url)
            return f'<p><a href="{safe}">{safe}</a></p>'
        self.embeds.append(url)
        return f"<p>{MARKER.format(len(self.embeds) - 1)}</p>"

    def unwrap_blocks(self, text: str) -> str:
        """Block delimiters out of the text; an embed block, with the markup WordPress keeps
        inside it for readers without the player, becomes the player. Each opening's end is
        the next closing embed delimiter, found in one pass from the end."""
        found = list(delimiters(text))
        ends: list[int | None] = [None] * len(found)
        end = None
        for index in reversed(range(len(found))):
            ends[index] = end
            if found[index].closing and is_embed_block(found[index].name):
                end = found[index].end
        pieces = []
        for delimiter, block_end in zip(found, ends, strict=True):
            url = ""
            if block_end and not delimiter.closing and is_embed_block(delimiter.name):
                url = embed_block_url(delimiter)
            pieces.append(BlockPiece(delimiter.start, block_end if url else delimiter.end, url))
        return substitute(text, pieces, lambda piece: self.embed(piece.url) if piece.url else "")

    def image(self, tag: str, caption: str = "", block: bool = False) -> str:
        """An <img> as a marker where our copy's placeholder goes (place_pictures()); a picture
        not found stays a link to where it was. A `block` (a figure, a [caption]) is a paragraph
        of its own, and a caption the library image does not carry stays under it."""
        attrs = attributes(tag[4:])
        wp_id = WP_IMAGE_CLASS.search(attrs.get("class", ""))
        src, alt = attrs.get("src", ""), attrs.get("alt", "")
        copy = self.picture(src, int(wp_id[1]) if wp_id else 0, alt, caption)
        label = alt or caption or "Picture"
        if copy:
            text = self.picture_marker(copy, label)
        else:
            text = f'<a href="{html.escape(src)}">{html.escape(label)}</a>' if src else ""
        if not block:
            return text
        shown = copy.caption if copy else ""
        return (f"<p>{text}</p>" if text else "") + (
            f"<p><em>{html.escape(caption)}</em></p>" if caption and caption != shown else ""
        )

    def file_link(self, url: str, title: str = "") -> str:
        """A paragraph linking an audio or video file where it is (the library takes pictures only)."""
        url = url.strip()
        self.files.append(url)
        text = title or PurePosixPath(unquote(urlsplit(url).path)).name or url
        return f'<p><a href="{html.escape(url)}">{html.escape(text)}</a></p>'

    def media(self, name: str, attrs: dict[str, str]) -> str:
        url = next((attrs[source] for source in MEDIA_SOURCES[name] if attrs.get(source)), "")
        if not url:
            return ""
        return self.embed(url) if player_for(url.strip()) else self.file_link(url)

    def playlist(self, ids: str) -> str:
        found = (self.attachment(int(wp_id)) for wp_id in re.findall(r"\d+", ids))
        return "".join(self.file_link(url, title) for url, title in filter(None, found))

    def picture_marker(self, copy: LibraryPicture, label: str) -> str:
        self.pictures.append((copy, label))
        return f"wordpress-picture-{len(self.pictures) - 1}"

    def figure(self, match) -> str:
        caption = " ".join(html.unescape(TAG.sub("", match[2] or "")).split())
        return self.image(match[1], caption, block=True)

    def gallery(self, ids: str) -> str:
        parts = []
        for wp_id in re.findall(r"\d+", ids):
            if copy := self.picture("", int(wp_id), "", ""):
                parts.append(f"<p>{self.picture_marker(copy, f'Picture {len(parts) + 1}')}</p>")
        return "".join(parts)

    def shortcode(self, code: Shortcode) -> str:
        name, attrs, content = code.name.lower(), code.attrs, code.content
        if code.escaped:  # [[caption]] shows the shortcode itself
            return code.text[1:-1]
        if name == "caption":
            content = content or ""
            img = IMG.search(content)
            caption = attributes(attrs).get("caption") or html.unescape(TAG.sub("", IMG.sub("", content)))
            caption = " ".join(caption.split())
            return self.image(img[0], caption, block=True) if img else f"<p>{html.escape(caption)}</p>"
        if name == "embed":
            return self.embed(content or "")
        if name == "youtube":
            url = attrs.lstrip("= ").split()[0] if attrs.strip(" =") else (content or "")
            return self.embed(url)
        if name == "gallery":
            return self.gallery(attributes(attrs).get("ids", ""))
        if name in MEDIA_SOURCES:
            return self.media(name, attributes(attrs))
        if name == "playlist" and (ids := attributes(attrs).get("ids")):
            # Without ids it plays the post's attached files: left as text, and counted.
            return self.playlist(ids)
        self.unknown[name] += 1
        return code.text

    def convert(self, raw: str) -> Body:
        text = autop(self.unwrap_blocks(raw or ""))
        text = substitute(text, shortcodes(text), self.shortcode)
        text = BARE_URL_LINE.sub(lambda m: self.embed(m[1]) if player_for(m[1]) else m[0], text)
        text = IMAGE_FIGURE.sub(self.figure, text)
        text = LINKED_IMG.sub(lambda m: m[1], text)
        text = IMG.sub(lambda m: self.image(m[0]), text)
        text = HREF.sub(self.rewrite_href, text)
        clean = sanitize_body(text)
        return self.place_embeds(self.place_pictures(clean))

    def rewrite_href(self, match) -> str:
        new = self.link(html.unescape(match[3]))
        return match[0] if new is None else f"{match[1]}{match[2]}{html.escape(new)}{match[2]}"

    def place_pictures(self, clean: str) -> str:
        """Each marker becomes its picture's placeholder, a block of its own: the paragraph
        holding it is cut around it. One that cannot be a block (in a list or a quote) is a
        link to our copy instead."""
        if not self.pictures:
            return clean
        text = sanitize_body(PARAGRAPH.sub(self.cut_paragraph, clean))  # closes tags cut in two
        parts, at = [], 0
        for block in split_blocks(text):
            start = text.index(block, at)
            if not PLACE.fullmatch(block) and 'data-image="' in block:
                parts += [text[at:start], PLACE.sub(self.picture_link, block)]
                at = start + len(block)
        text = "".join([*parts, text[at:]])
        return PICTURE_MARKER.sub(lambda m: self.picture_link(m, paragraph=False), text)

    def cut_paragraph(self, match) -> str:
        pieces = PICTURE_MARKER.split(match[1])  # text, marker number, text, ...
        if len(pieces) == 1:
            return match[0]
        out = []
        for number, piece in enumerate(pieces):
            if number % 2:
                out.append(place_html("image", str(self.pictures[int(piece)][0].pk)))
            elif TAG.sub("", piece).strip():
                out.append(f"<p>{piece.strip()}</p>")
        return "".join(out)

    def picture_link(self, match, paragraph: bool = True) -> str:
        """A placeholder or marker as a link to our copy of its picture."""
        if match[0].startswith("<figure"):
            if match[1] != "image":
                return match[0]
            found = {str(copy.pk): (copy, label) for copy, label in self.pictures}.get(match[2])
            if found is None:  # written in the post itself, not one of its pictures
                return ""
            copy, label = found
        else:
            copy, label = self.pictures[int(match[1])]
        link = f'<a href="{html.escape(copy.address)}">{html.escape(label)}</a>'
        return f"<p>{link}</p>" if paragraph else link

    def place_embeds(self, clean: str) -> Body:
        """Markers out of the text; each embed placed after the block it followed (a marker
        inside a quote or a list: after the block before that one)."""
        placed, before = [], 0
        for block in split_blocks(clean):
            markers = EMBED_MARKER.findall(block)
            placed += [(before, self.embeds[int(number)]) for number in markers]
            if not markers or EMBED_MARKER.sub("", block):
                before += 1
        return Body(EMBED_MARKER.sub("", clean), placed, self.unknown, self.files)


def no_attachment(wp_id: int) -> None:
    return None


def convert_body(
    raw: str, *, picture: PictureResolver, link: LinkResolver, attachment: AttachmentResolver = no_attachment
) -> Body:
    return Converter(picture, link, attachment).convert(raw)
