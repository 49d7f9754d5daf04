"""The story body: what the editor may write, how it is sanitised, how it is cut into blocks.

The allow-list lives here once: the admin editor offers exactly these extensions and
`sanitize_body` (called from `Article.save`, so imports and scripts are covered too)
keeps exactly what they produce.
"""

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
}

sanitize_body = create_sanitizer(BODY_EXTENSIONS)

VOID_ELEMENTS = {"br", "hr", "img"}




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


def place_in_body(body: str, placements: list[tuple[int | None, object]]) -> list[dict]:
    """The body's blocks as {"html": block}, each placed part after the paragraph it names.

    `placements` are (paragraph, part) in showing order; a part with no paragraph, or one
    past the last, goes at the end. With nothing to place the body is not cut at all.
    """
    if not placements:
        return [{"html": body}]
    blocks = split_blocks(body)
    inserts: dict[int, list] = {}
    for paragraph, part in placements:
        inserts.setdefault(min(paragraph or len(blocks), len(blocks)), []).append(part)
    parts = inserts.get(0, [])
    for number, block in enumerate(blocks, start=1):
        parts.append({"html": block})
        parts.extend(inserts.get(number, []))
    return parts
