"""Surrogate keys: the names of what a cached response shows.

Views tag their responses with the keys of everything on the page; the rules each app
registers (core/pagecache/signals.py) purge the keys of what a change touches. Keys are
named after models, so no app's names are written here:

- `key(obj)`, e.g. "article-12", "film-3", "tag-7": a page shows that object (its own page,
  a card, a teaser, a name in a byline or a film box).
- `key(Model)`, e.g. "article", "film": a page lists every object of that kind (the home
  page and site feed list stories; sitemaps and search list films...).
- `list_key(obj)`, e.g. "stories-film-3": a page lists the stories linked to that object
  (its page and feeds; a story's related box until it is first scored). A story that starts
  to appear there purges it; one that changes or leaves is already named on the page by `key()`.
"""

from collections.abc import Iterable

from django.db import models
from django.http import HttpResponse

# Every stored page carries it: purging it empties the cache (bulk imports, restores).
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


def tag(response: HttpResponse, keys: Iterable[str]) -> HttpResponse:
    """Say what `response` shows: the page cache indexes it by these keys, and so do proxies."""
    known = set(response.get("Surrogate-Key", "").split())
    response["Surrogate-Key"] = " ".join(sorted(known.union(keys)))
    return response
