"""Plain text cut to fit where a line or two of it shows: search results, link previews,
JSON-LD and feeds."""

from django.utils.text import Truncator

# Search engines show about this much of a description.
DESCRIPTION_LENGTH = 160


def summary(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first `limit` characters of `text`, white space collapsed, cut at a character; "" for
    no text."""
    # Only the start can show: collapse a prefix rather than a whole 800-word body, unless the
    # prefix is mostly white space.
    words = " ".join(text[: limit * 4].split())
    if len(words) <= limit < len(text):
        words = " ".join(text.split())
    return Truncator(words).chars(limit)
