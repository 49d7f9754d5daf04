"""The story body: what the editor may write, how it is sanitised, how it is cut into blocks.

The allow-list lives here once: the admin editor offers exactly these extensions and
`sanitize_body` (called from `Article.save`, so imports and scripts are covered too)
keeps exactly what they produce.
"""

import re
from html import escape, unescape

from django_prose_editor.fields import create_sanitizer

from core.html import TAG

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "ListItem": True,
    "OrderedList": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Typographic": True,
    "History": True,
    # The library turns the browser's spellcheck off by default; writers want it.
    "NoSpellCheck": False,
    # A new paragraph starts plain: bold or italics end with the paragraph they were in.
    "FreshParagraph": True,
    # READ MORE links and embeds placed at the cursor (see PLACE below).
    "ReadMorePlace": True,
    "EmbedPlace": True,
    "ImagePlace": True,
}

# Where the editor put a READ MORE link, an embed or a picture (the Place* nodes of
# static/newsroom/prose-extensions.js): an empty figure naming the link's target story, the
# embed's page or the library image's id. The story's rows and the image library stay the
# source of truth for label, target, player, caption and credit.
PLACE = re.compile(r'<figure data-(read-more|embed|image)="([^"]*)"></figure>')
# A picture placeholder names a library image by its id: any other value is dropped.
NOT_AN_IMAGE_ID = re.compile(r'<figure data-image="(?![0-9]{1,18}")[^"]*">')

_sanitize = create_sanitizer(BODY_EXTENSIONS)


def sanitize_body(html: str) -> str:
    """The body as the editor may write it: the allow-list, then picture ids that are numbers."""
    return NOT_AN_IMAGE_ID.sub("<figure>", _sanitize(html))


VOID_ELEMENTS = {"br", "hr", "img"}


def place_html(kind: str, value: str) -> str:
    """The placeholder of a READ MORE link ("read-more", target story id) or embed ("embed", URL)."""
    return f'<figure data-{kind}="{escape(value)}"></figure>'


def image_ids_in(html: str) -> set[int]:
    """The library image ids the picture placeholders of sanitised body HTML name."""
    return {int(value) for kind, value in places_in(html) if kind == "image"}


def places_in(html: str) -> set[tuple[str, str]]:
    """The (kind, value) of every placeholder in sanitised body HTML."""
    return {(found[1], unescape(found[2])) for found in PLACE.finditer(html)}


def split_blocks(html: str) -> list[str]:
    """Top-level blocks (paragraphs, headings, lists...) of sanitised body HTML."""
    blocks, depth, start = [], 0, 0
    for tag in TAG.finditer(html):
        closing, name, self_closing = tag[1], tag[2].lower(), tag[3]
        if closing:
            if name in VOID_ELEMENTS or depth == 0:
                continue
            depth -= 1
            if depth == 0:
                blocks.append(html[start : tag.end()])
            continue
        if depth == 0:
            start = tag.start()
        if name in VOID_ELEMENTS or self_closing:
            if depth == 0:
                blocks.append(html[start : tag.end()])
            continue
        depth += 1
    return blocks


def place_in_body(
    body: str, placements: list[tuple[int | None, object]], in_text: dict | None = None
) -> list[dict]:
    """The body's blocks as {"html": block}, each placed part after the paragraph it names.

    `placements` are (paragraph, part) in showing order; a part with no paragraph, or one
    past the last, goes at the end. A placeholder becomes the part `in_text` has for its
    (kind, value), or nothing (a draft, a deleted row); placeholders are not paragraphs. Any
    other figure (a pasted or imported one, bare after sanitising) is a block like a paragraph.
    With nothing to place the body is not cut at all.
    """
    if not placements and not PLACE.search(body):
        return [{"html": body}]
    blocks = [(PLACE.fullmatch(block), block) for block in split_blocks(body)]
    last = sum(not place for place, _block in blocks)
    inserts: dict[int, list] = {}
    for paragraph, part in placements:
        inserts.setdefault(min(paragraph or last, last), []).append(part)
    parts, number = inserts.get(0, []), 0
    for place, block in blocks:
        if place:
            if part := (in_text or {}).get((place[1], unescape(place[2]))):
                parts.append(part)
            continue
        number += 1
        parts.append({"html": block})
        parts.extend(inserts.get(number, []))
    return parts
