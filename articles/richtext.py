"""The story body: what the editor may write, how it is sanitised, how it is cut into blocks.

The allow-list lives here once: the admin editor offers exactly these extensions and
`sanitize_body` (called from `Article.save`, so imports and scripts are covered too)
keeps exactly what they produce.
"""

from html.parser import HTMLParser

from django_prose_editor.fields import create_sanitizer

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
}

sanitize_body = create_sanitizer(BODY_EXTENSIONS)

VOID_ELEMENTS = {"br", "hr", "img"}


class _BlockSplitter(HTMLParser):
    """Records where each top-level element of a fragment starts and ends."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.boundaries: list[tuple[int, int]] = []
        self._start = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def feed_fragment(self, html: str) -> None:
        self._line_offsets = [0]
        for line in html.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self._start = self._offset()
        if tag in VOID_ELEMENTS:
            if self.depth == 0:
                self.boundaries.append((self._start, self._offset() + len(self.get_starttag_text())))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            self.boundaries.append((start, start + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self._offset() + len(f"</{tag}>")
            self.boundaries.append((self._start, end))


def split_blocks(html: str) -> list[str]:
    """Top-level blocks (paragraphs, headings, lists...) of sanitised body HTML."""
    splitter = _BlockSplitter()
    splitter.feed_fragment(html)
    return [html[start:end] for start, end in splitter.boundaries]
