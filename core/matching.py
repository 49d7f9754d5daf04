"""How a name written in a story matches a stored title or name, whatever the typography.

Writers type "Josh O’Connor" with a typographic apostrophe, or “quotes” and en dashes; the
film and people tables may hold either form. `plain_typography` maps those characters one
for one to their ASCII forms, so offsets found in the mapped text hold in the original;
`match_key` also folds accents and case, for comparing two names ("jose garcia" is José
García), and `MatchKeyField` stores it beside a title or name for indexed lookups.
"""

import unicodedata

from django.apps import apps
from django.db import models

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


class MatchKeyField(models.TextField):
    """The `match_key` of another field of the row (`source`), indexed, never edited by hand.

    Set whenever the row is written through `save()` or `bulk_create()` (both call
    `pre_save`); `QuerySet.update()`, `bulk_update()` and `save(update_fields=[...])` without
    this field leave it as it was, so change titles and names through `save()`.
    """

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "source": self.source}

    def pre_save(self, model_instance, add):
        value = match_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def fill_match_keys() -> int:
    """Give every row without its key one. Rows loaded raw skip `pre_save`: a fixture, or a
    backup made before the column existed (`manage.py restore` calls this). Returns how many."""
    filled = 0
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, MatchKeyField):
                continue
            rows = model._default_manager.filter(**{field.name: ""}).exclude(**{field.source: ""})
            batch = []
            for row in rows.only("pk", field.source).iterator(chunk_size=1000):
                setattr(row, field.attname, match_key(getattr(row, field.source)))
                batch.append(row)
            model._default_manager.bulk_update(batch, [field.name], batch_size=1000)
            filled += len(batch)
    return filled
