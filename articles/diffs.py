"""Readable differences between two versions of a text: paragraph by paragraph, and word by
word inside a paragraph that changed. Templates render the result
(admin/articles/article/diff_side.html): every piece stays text, escaped there.

Any writer can save any text, and the compare, restore and conflict pages diff it inside a
web worker: the work grows about linearly with the text whatever it holds (see Aligner)."""

import difflib
import html
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from articles.richtext import PLACE, split_blocks
from core.html import TAG

SPACES = re.compile(r"(\s+)")
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
    return " ".join(html.unescape(TAG.sub("", block)).split())


@dataclass
class SideBySide:
    """Both versions, paragraph by paragraph: what went in `before`, what came in `after`."""

    before: list[list[Run]]
    after: list[list[Run]]


# What difflib may spend on one diff, in the steps its worst case takes (about len(a) ×
# len(b) × the shorter length: a body built to be slow would otherwise hold a worker).
STEP_BUDGET = 10_000_000
# How many times a stretch between anchors is aligned again on its own anchors.
ANCHOR_DEPTH = 8

Opcode = tuple[str, int, int, int, int]


def side_by_side(old: str, new: str) -> SideBySide:
    """Paragraphs aligned first; words compared only inside the paragraphs that changed."""
    aligner = Aligner()
    a = old.split(PARAGRAPH_BREAK) if old else []
    b = new.split(PARAGRAPH_BREAK) if new else []
    before: list[list[Run]] = []
    after: list[list[Run]] = []
    for op, i1, i2, j1, j2 in aligner.opcodes(a, b):
        if op == "equal":
            for paragraph in a[i1:i2]:
                before.append([("same", paragraph)])
                after.append([("same", paragraph)])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Rewritten paragraphs pair up in order; the rest were cut or added whole.
        for old_paragraph, new_paragraph in zip(olds, news, strict=False):
            left, right = word_runs(aligner, old_paragraph, new_paragraph)
            before.append(left)
            after.append(right)
        before.extend([("del", paragraph)] for paragraph in olds[len(news) :])
        after.extend([("ins", paragraph)] for paragraph in news[len(olds) :])
    return SideBySide(before, after)


def word_runs(aligner: "Aligner", old: str, new: str) -> tuple[list[Run], list[Run]]:
    """One paragraph in both versions, with removed words marked in the old one and added words
    in the new one."""
    a, b = words(old), words(new)
    left: list[Run] = []
    right: list[Run] = []
    for op, i1, i2, j1, j2 in aligner.opcodes(a, b):
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


def words(text: str) -> list[str]:
    """The text's words and the spaces between them, in order."""
    return [token for token in SPACES.split(text) if token]


class Aligner:
    """difflib's opcodes for two sequences, in near-linear time whatever they hold: the common
    start and end are matched first; what lies between goes to difflib while the diff's
    STEP_BUDGET lasts, and past it is split on the items found once on each side (patience
    diff); a stretch with none of those reads as replaced whole."""

    def __init__(self):
        self.budget = STEP_BUDGET

    def opcodes(self, a: list[str], b: list[str]) -> list[Opcode]:
        found: list[Opcode] = []
        self.align(a, b, 0, 0, ANCHOR_DEPTH, found)
        return merged(found)

    def align(self, a: list[str], b: list[str], i: int, j: int, depth: int, found: list[Opcode]) -> None:
        """Appends the opcodes of a against b, which start at i and j in the whole sequences."""
        start = common_start(a, b)
        end = common_start(a[start:][::-1], b[start:][::-1])
        found.append(("equal", i, i + start, j, j + start))
        a, b, i, j = a[start : len(a) - end], b[start : len(b) - end], i + start, j + start
        steps = len(a) * len(b) * min(len(a), len(b))
        if steps <= self.budget:
            self.budget -= steps
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            found.extend((op, i + i1, i + i2, j + j1, j + j2) for op, i1, i2, j1, j2 in matcher.get_opcodes())
        elif depth and (anchors := unique_anchors(a, b)):
            last_a = last_b = 0
            for in_a, in_b in anchors:
                self.align(a[last_a:in_a], b[last_b:in_b], i + last_a, j + last_b, depth - 1, found)
                found.append(("equal", i + in_a, i + in_a + 1, j + in_b, j + in_b + 1))
                last_a, last_b = in_a + 1, in_b + 1
            self.align(a[last_a:], b[last_b:], i + last_a, j + last_b, depth - 1, found)
        else:
            found.append(("replace", i, i + len(a), j, j + len(b)))
        i, j = i + len(a), j + len(b)
        found.append(("equal", i, i + end, j, j + end))


def common_start(a: list[str], b: list[str]) -> int:
    """How many items a and b start with alike."""
    size = min(len(a), len(b))
    return next((n for n in range(size) if a[n] != b[n]), size)


def unique_anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The positions (in a, in b) of items found exactly once in each, as many of them as keep
    the same order on both sides (the longest increasing run, found by patience sorting)."""
    counts_a, counts_b = Counter(a), Counter(b)
    once = {item for item, count in counts_b.items() if count == 1 and counts_a.get(item) == 1}
    if not once:
        return []
    in_b = {item: n for n, item in enumerate(b) if item in once}
    pairs = [(n, in_b[item]) for n, item in enumerate(a) if item in once]
    # piles[k]: the pair that ends the best run of k + 1 pairs so far with the smallest
    # position in b (pile_tops[k]); previous[n]: the pair before pair n in its run.
    pile_tops: list[int] = []
    piles: list[int] = []
    previous: list[int | None] = []
    for n, (_, position) in enumerate(pairs):
        k = bisect_left(pile_tops, position)
        previous.append(piles[k - 1] if k else None)
        if k == len(piles):
            piles.append(n)
            pile_tops.append(position)
        else:
            piles[k], pile_tops[k] = n, position
    run: list[tuple[int, int]] = []
    n = piles[-1] if piles else None
    while n is not None:
        run.append(pairs[n])
        n = previous[n]
    return run[::-1]


def merged(opcodes: list[Opcode]) -> list[Opcode]:
    """Opcodes as difflib gives them: empty ones dropped, and neighbours of one kind (equal, or
    changed) joined, so that a change reads as one "replace", "delete" or "insert"."""
    out: list[Opcode] = []
    for op, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (op == "equal"):
            _, i1, _, j1, _ = out.pop()
        if op != "equal":
            op = "replace" if i2 > i1 and j2 > j1 else "delete" if i2 > i1 else "insert"
        out.append((op, i1, i2, j1, j2))
    return out
