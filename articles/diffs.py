"""Readable differences between two versions of a text: paragraph by paragraph, and word by
word inside a paragraph that changed. Templates render the result
(admin/articles/article/diff_side.html): every piece stays text, escaped there."""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

from articles.richtext import PLACE, split_blocks

WORD = re.compile(r"\s+|[^\s]+")
PARAGRAPH_BREAK = "\n\n"

# A run of words: ("same" | "del" | "ins", text). A paragraph is a list of runs.
Run = tuple[str, str]


# A placed part as it reads in a diff, and what its value is when nothing better names it.
PLACE_NAMES = {"read-more": "READ MORE", "embed": "Embed", "image": "Picture"}
PLACE_FALLBACKS = {"read-more": "story {}", "embed": "{}", "image": "library image {}"}

# (kind, value) of a placed part -> what it names for an editor (articles.revisions.place_labels).
PlaceLabels = dict[tuple[str, str], str]


def body_paragraphs(body: str | None, labels: PlaceLabels | None = None) -> str:
    """The body as plain text, its blocks (paragraphs, headings, list items...) separated by
    PARAGRAPH_BREAK, so a diff can follow them."""
    texts = (block_text(block, labels or {}) for block in split_blocks(body or ""))
    return PARAGRAPH_BREAK.join(text for text in texts if text)


def block_text(block: str, labels: PlaceLabels) -> str:
    """A block's words; a READ MORE, embed or picture placed in the text has none, so it reads
    as what it names (a moved or removed one shows in the diff)."""
    if place := PLACE.fullmatch(block):
        kind, value = place[1], html.unescape(place[2])
        return f"[{PLACE_NAMES[kind]}: {labels.get((kind, value)) or PLACE_FALLBACKS[kind].format(value)}]"
    return " ".join(html.unescape(strip_tags(block)).split())


@dataclass
class SideBySide:
    """Both versions, paragraph by paragraph: what went in `before`, what came in `after`."""

    before: list[list[Run]]
    after: list[list[Run]]


def side_by_side(old: str, new: str) -> SideBySide:
    a = old.split(PARAGRAPH_BREAK) if old else []
    b = new.split(PARAGRAPH_BREAK) if new else []
    before: list[list[Run]] = []
    after: list[list[Run]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            for paragraph in a[i1:i2]:
                before.append([("same", paragraph)])
                after.append([("same", paragraph)])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Rewritten paragraphs pair up in order; the rest were cut or added whole.
        for old_paragraph, new_paragraph in zip(olds, news, strict=False):
            left, right = word_runs(old_paragraph, new_paragraph)
            before.append(left)
            after.append(right)
        before.extend([("del", paragraph)] for paragraph in olds[len(news) :])
        after.extend([("ins", paragraph)] for paragraph in news[len(olds) :])
    return SideBySide(before, after)


def word_runs(old: str, new: str) -> tuple[list[Run], list[Run]]:
    """One paragraph in both versions, with removed words marked in the old one and added words
    in the new one."""
    a, b = WORD.findall(old), WORD.findall(new)
    left: list[Run] = []
    right: list[Run] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            text = "".join(a[i1:i2])
            left.append(("same", text))
            right.append(("same", text))
            continue
        if i2 > i1:
            left.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(("ins", "".join(b[j1:j2])))
    return left, right
