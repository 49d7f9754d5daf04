"""Surrogate keys: the names of what a cached response shows.

Rendering records them: the macros and helpers that show an object call `shows(obj)` (or
`record(...)`) while a response is rendered inside `recording()`, which the page cache
middleware opens per request, and the response's `Surrogate-Key` is what was recorded. A
cached fragment (core/pagecache/fragments.py) is rendered inside a nested `recording()`, and
its keys go with it into every page that includes it. The rules each app registers
(core/pagecache/signals.py) purge the keys of what a change touches. Keys are named after
models, so no app's names are written here:

- `key(obj)`, e.g. "article-12", "film-3", "tag-7": a page shows that object (its own page,
  a card, a teaser, a name in a byline or a film box).
- `key(Model)`, e.g. "article", "film": a page lists every object of that kind (the home
  page and site feed list stories; sitemaps and search list films...).
- `list_key(obj)`, e.g. "stories-film-3": a page lists the stories linked to that object
  (its page and feeds; a story's related box until it is first scored). A story that starts
  to appear there purges it; one that changes or leaves is already named on the page by `key()`.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.db import models
from django.http import HttpResponse

# Every stored page and fragment carries it: purging it (a store's clear()) makes everything
# stale (bulk imports, restores).
ALL = "all"
# Every stored 404 or 410: purged when something new may answer at an address.
MISSING = "missing"


def key(obj: models.Model | type[models.Model], pk=None) -> str:
    """The key of one object (an instance, or a model and a primary key), or of a whole model."""
    name = obj._meta.model_name
    if pk is None and isinstance(obj, models.Model):
        pk = obj.pk
    return name if pk is None else f"{name}-{pk}"


def list_key(obj: models.Model | type[models.Model], pk=None) -> str:
    return f"stories-{key(obj, pk)}"


def add_surrogate_keys(response: HttpResponse, keys: Iterable[str]) -> HttpResponse:
    """Say what `response` shows: the page cache indexes it by these keys, and so do proxies."""
    known = set(response.get("Surrogate-Key", "").split())
    response["Surrogate-Key"] = " ".join(sorted(known.union(keys)))
    return response


# The keys being recorded, innermost render last; empty outside any recording().
RECORDING: ContextVar[tuple[set[str], ...]] = ContextVar("pagecache_recording", default=())


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the keys recorded inside the block; they also count for any enclosing recording,
    so a fragment's keys reach the page that includes it."""
    keys: set[str] = set()
    token = RECORDING.set((*RECORDING.get(), keys))
    try:
        yield keys
    finally:
        RECORDING.reset(token)
        if outer := RECORDING.get():
            outer[-1].update(keys)


def record(*keys: str) -> str:
    """Say that what is being rendered shows these keys. Returns "" so templates can call it."""
    if current := RECORDING.get():
        current[-1].update(keys)
    return ""


def shows(*objects: models.Model | type[models.Model] | None) -> str:
    """Record the key of each object shown (or of each model listed whole); None is skipped."""
    return record(*(key(obj) for obj in objects if obj is not None))


def every(*labels: str) -> str:
    """Record that a page lists every object of these models ("app_label.Model"), so that one
    added or deleted purges it."""
    return shows(*(apps.get_model(label) for label in labels))


def lists(obj: models.Model) -> str:
    """Record that a page lists the stories linked to `obj` (its page and feeds)."""
    return record(list_key(obj))
