"""How a name written in a story matches a stored title or name, whatever the typography.

Writers type "Josh O’Connor" with a typographic apostrophe, or “quotes” and en dashes; the
film and people tables may hold either form. `plain_typography` maps those characters one
for one to their ASCII forms, so offsets found in the mapped text hold in the original;
`match_key` also folds accents and case, for comparing two names.
"""

import unicodedata

TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, the typographic apostrophe
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u201c": '"',
        "\u201d": '"',
        "\u2033": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
    }
)


def plain_typography(text: str) -> str:
    """`text` with typographic quotes, apostrophes, dashes and spaces in ASCII, same length."""
    return text.translate(TYPOGRAPHIC)


def match_key(text: str) -> str:
    """A name folded for comparison: plain typography, no accents, no case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", plain_typography(text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def typographic_variants(phrases: list[str]) -> list[str]:
    """`phrases` (in plain typography) and, for those with an apostrophe, quote or dash, the
    typographic form a table may store: exact lookups then find either."""
    variants = list(phrases)
    for phrase in phrases:
        if "'" in phrase or '"' in phrase or "-" in phrase:
            typographic = phrase.replace("'", "\u2019").replace("-", "\u2013")
            variants.append(typographic)
            if '"' in typographic:
                variants.append(typographic.replace('"', "\u201c", 1).replace('"', "\u201d", 1))
    return variants
