"""A WordPress post body turned into ours: blocks unwrapped, shortcodes converted, then sanitised.

Order matters: Gutenberg embed blocks and shortcodes are read before the block comments go,
pictures and links are rewritten while their attributes are still there, and the model's own
sanitiser (articles.richtext) has the last word, so nothing it refuses survives the import.
Embeds leave the text and become Embed rows placed after the paragraph they followed.
"""

import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from articles.embeds import player_for
from articles.richtext import sanitize_body, split_blocks

BLOCK_EMBED = re.compile(
    r"<!--\s*wp:(?:core-)?embed\s+(\{.*?\})\s*/?-->(.*?)<!--\s*/wp:(?:core-)?embed\s*-->", re.S
)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
# [name attrs]content[/name] or a lone [name attrs]; [[name]] is WordPress's escape for text.
SHORTCODE = re.compile(r"\[(\[?)([a-zA-Z][\w-]*)(=[^\]\s]*|\s[^\]]*)?\](?:(.*?)\[/\2\])?(\]?)", re.S)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
IMG = re.compile(r"<img\b[^>]*>", re.I)
LINKED_IMG = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.I)
HREF = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
BARE_URL_LINE = re.compile(r"^[ \t]*(?:<p>)?\s*(https://\S+?)\s*(?:</p>)?[ \t]*$", re.M)
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# Lines autop leaves alone: block elements, and what the conversions below turn into blocks.
BLOCK_LINE = re.compile(
    r"^\s*(?:</?(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|div|figure|hr)\b|\[(?:caption|embed|youtube|gallery)\b"
    r"|https://\S+\s*$)",
    re.I,
)
MARKER = "wordpress-embed-{}"

# (src, attachment id or 0, alt) -> the address of our copy, or None when the file is missing
PictureResolver = Callable[[str, int, str], str | None]
# an href -> our address for it, or None to leave it alone
LinkResolver = Callable[[str], str | None]


@dataclass
class Body:
    html: str
    # (paragraph the embed follows, 0 = before the first; page URL of the video or track)
    embeds: list[tuple[int, str]] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)


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
    def __init__(self, picture: PictureResolver, link: LinkResolver):
        self.picture = picture
        self.link = link
        self.embeds: list[str] = []
        self.unknown: Counter = Counter()

    def embed(self, url: str) -> str:
        """A marker paragraph where the player goes, or a plain link for a provider we do not frame."""
        url = html.unescape(url.strip())
        if player_for(url) is None:
            safe = html.escape(url)
            return f'<p><a href="{safe}">{safe}</a></p>'
        self.embeds.append(url)
        return f"<p>{MARKER.format(len(self.embeds) - 1)}</p>"

    def block_embed(self, match) -> str:
        try:
            url = json.loads(match[1]).get("url", "")
        except (ValueError, AttributeError):
            url = ""
        return self.embed(url) if url else match[2]

    def image(self, tag: str, caption: str = "") -> str:
        """An <img> as a link to our copy in the image library (bodies carry no pictures)."""
        attrs = attributes(tag[4:])
        wp_id = WP_IMAGE_CLASS.search(attrs.get("class", ""))
        src, alt = attrs.get("src", ""), attrs.get("alt", "")
        address = self.picture(src, int(wp_id[1]) if wp_id else 0, alt) or src
        label = html.escape(alt or caption or "Picture")
        text = f'<p><a href="{html.escape(address)}">{label}</a></p>' if address else ""
        return text + (f"<p><em>{html.escape(caption)}</em></p>" if caption else "")

    def gallery(self, ids: str) -> str:
        parts = []
        for wp_id in re.findall(r"\d+", ids):
            if address := self.picture("", int(wp_id), ""):
                parts.append(f'<li><a href="{html.escape(address)}">Picture {len(parts) + 1}</a></li>')
        return f"<ul>{''.join(parts)}</ul>" if parts else ""

    def shortcode(self, match) -> str:
        escaped, name, attrs, content, closing = (
            match[1],
            match[2].lower(),
            match[3] or "",
            match[4],
            match[5],
        )
        if escaped and closing:  # [[caption]] shows the shortcode itself
            return match[0][1:-1]
        if name == "caption":
            content = content or ""
            img = IMG.search(content)
            caption = attributes(attrs).get("caption") or html.unescape(
                re.sub(r"<[^>]+>", "", IMG.sub("", content))
            )
            caption = " ".join(caption.split())
            return self.image(img[0], caption) if img else f"<p>{html.escape(caption)}</p>"
        if name == "embed":
            return self.embed(content or "")
        if name == "youtube":
            url = attrs.lstrip("= ").split()[0] if attrs.strip(" =") else (content or "")
            return self.embed(url)
        if name == "gallery":
            return self.gallery(attributes(attrs).get("ids", ""))
        self.unknown[name] += 1
        return match[0]

    def convert(self, raw: str) -> Body:
        text = BLOCK_EMBED.sub(self.block_embed, raw or "")
        text = autop(BLOCK_COMMENT.sub("", text))
        text = SHORTCODE.sub(self.shortcode, text)
        text = BARE_URL_LINE.sub(lambda m: self.embed(m[1]) if player_for(m[1]) else m[0], text)
        text = LINKED_IMG.sub(lambda m: m[1], text)
        text = IMG.sub(lambda m: self.image(m[0]), text)
        text = HREF.sub(self.rewrite_href, text)
        clean = sanitize_body(text)
        return self.place_embeds(clean)

    def rewrite_href(self, match) -> str:
        new = self.link(html.unescape(match[3]))
        return match[0] if new is None else f"{match[1]}{match[2]}{html.escape(new)}{match[2]}"

    def place_embeds(self, clean: str) -> Body:
        """Markers out of the text; each embed placed after the paragraph it followed."""
        marker = re.compile("<p>" + MARKER.format(r"(\d+)") + "</p>")
        placed = []
        for match in marker.finditer(clean):
            before = len(split_blocks(marker.sub("", clean[: match.start()])))
            placed.append((before, self.embeds[int(match[1])]))
        return Body(marker.sub("", clean), placed, self.unknown)


def convert_body(raw: str, *, picture: PictureResolver, link: LinkResolver) -> Body:
    return Converter(picture, link).convert(raw)
