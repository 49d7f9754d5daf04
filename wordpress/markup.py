"""WordPress's own markup inside a post, read in linear time: block delimiters
(`<!-- wp:embed {"url": ...} -->`) and shortcodes (`[caption id=...]...[/caption]`).

A regular expression that looks for an end lazily (`\\[a\\](.*?)\\[/a\\]`) scans the rest of the
text again from every opening without one, so a post of "[a]" repeated takes quadratic time.
Here every delimiter and tag is found in one pass, and an opening finds its end by bisection
in the list of ends.
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, Protocol

# The inside of <!-- ... -->: "wp:name attrs", "/wp:name", "wp:name attrs /".
DELIMITER = re.compile(r"\s*(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(.*)", re.S | re.I)
# An opening tag, "[[" for WordPress's escape; attributes end at the first bracket, so a scan
# from one "[" never runs past the next.
OPENING = re.compile(r"\[(\[?)([a-zA-Z][\w-]*)(=[^\[\]\s]*|\s[^\[\]]*)?\]")
CLOSING = re.compile(r"\[/([a-zA-Z][\w-]*)\]")


class Span(Protocol):
    start: int
    end: int


class Delimiter(NamedTuple):
    start: int
    end: int
    name: str  # "embed", "core-embed/youtube"...
    attrs: str  # the JSON object as written, or ""
    closing: bool


class Shortcode(NamedTuple):
    start: int
    end: int
    text: str  # as written, content and end tag included
    name: str
    attrs: str
    content: str | None  # None: a lone tag, with no [/name]
    escaped: bool  # [[name]]: WordPress shows the shortcode itself


def delimiters(text: str) -> Iterator[Delimiter]:
    """The block delimiters of `text`, in order. Each comment is searched for once: a comment
    left open ends the search, since no later one can close."""
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            return
        if match := DELIMITER.match(text, start + 4, end):
            attrs = match[3].strip().removesuffix("/").strip()
            yield Delimiter(start, end + 3, match[2].lower(), attrs, bool(match[1]))
        at = end + 3


def shortcodes(text: str) -> Iterator[Shortcode]:
    """The shortcodes of `text`, left to right; one with content runs to the first [/name] after
    it, and what it encloses is its content, not read for shortcodes of its own."""
    ends: dict[str, list[int]] = {}
    for closing in CLOSING.finditer(text):
        ends.setdefault(closing[1], []).append(closing.start())
    at = 0
    while match := OPENING.search(text, at):
        name, end, content = match[2], match.end(), None
        closings = ends.get(name, [])
        if (index := bisect_left(closings, end)) < len(closings):
            content = text[end : closings[index]]
            end = closings[index] + len(name) + 3
        escaped = bool(match[1]) and text.startswith("]", end)
        written = text[match.start() : end + escaped]
        yield Shortcode(match.start(), end + escaped, written, name, match[3] or "", content, escaped)
        at = end + escaped


def substitute[T: Span](text: str, found: Iterable[T], replace: Callable[[T], str]) -> str:
    """`text` with each of the spans `found` (in order, not overlapping) replaced."""
    parts, at = [], 0
    for span in found:
        if span.start < at:  # inside one replaced already
            continue
        parts += [text[at : span.start], replace(span)]
        at = span.end
    parts.append(text[at:])
    return "".join(parts)
