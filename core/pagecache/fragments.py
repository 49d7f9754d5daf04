"""Rendered fragments (a story's card, a story page's article, a feed item) in the page store,
so that a page the page cache misses is assembled from them rather than rebuilt from the ORM.

A fragment is rendered inside its own `recording()`: the keys it records are stored with it,
go to every page that includes it (from the store or freshly rendered alike), and a purge of
any of them deletes it with the pages, in the store of this machine or of every server
(REDIS_URL). The purge-before-store race is closed as for pages: the store's sequence is read
before the rows a fragment is rendered from, and `put_many(since=)` refuses a fragment one of
whose keys was purged after that. A fragment is the exact markup the uncached path renders,
because it is that path's output: the same template, given the same objects.

Names carry a version made from the readers' templates and SITE_URL, so a release that
changes markup does not replay the old one. A store that fails means rendering, never an error.
"""

import hashlib
import time
from collections.abc import Callable, Hashable, Mapping
from functools import cache
from pathlib import Path

from django.conf import settings

from core.pagecache.keys import ALL, record, recording
from core.pagecache.middleware import Unavailable, attempt
from core.pagecache.purge import page_store
from core.pagecache.stores import Entry

KEYS_HEADER = "Surrogate-Key"


@cache
def version() -> str:
    """A digest of every readers' template and of SITE_URL (absolute addresses in feeds)."""
    digest = hashlib.sha256(settings.SITE_URL.encode())
    for config in settings.TEMPLATES:
        if config["BACKEND"].endswith("Jinja2"):
            for folder in config.get("DIRS", []):
                for path in sorted(Path(folder).rglob("*.html")):
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0


def cached[K: Hashable, T](
    names: Mapping[K, str], load: Callable[[list[K]], Mapping[K, T]], render: Callable[[T], str]
) -> dict[K, str]:
    """The fragment of each key of `names`, named by its value: the stored ones in one read;
    the others loaded together (`load` gets their keys and returns the objects it finds),
    rendered one by one (`render`), and stored under the keys each recorded. A key whose object
    `load` does not return has no fragment."""
    store = page_store() if enabled() else None
    stored = {f"fragment:{version()}:{name}": key for key, name in names.items()}
    found: dict[K, str] = {}
    if store is not None:
        try:
            entries = attempt(store.get_many, list(stored))
        except Unavailable:
            store, entries = None, {}
        for name, entry in entries.items():
            found[stored[name]] = entry.body.decode()
            record(*dict(entry.headers)[KEYS_HEADER].split())
    missing = [key for key in names if key not in found]
    if not missing:
        return found
    since = None
    if store is not None:
        try:
            since = attempt(store.sequence)  # before the rows are read
        except Unavailable:
            store = None
    objects = load(missing)
    rendered: dict[K, tuple[str, set[str]]] = {}
    for key in missing:
        if key in objects:
            with recording() as keys:
                found[key] = render(objects[key])
            rendered[key] = (found[key], keys)
    if store is not None and rendered:
        keep(store, {names[key]: value for key, value in rendered.items()}, since)
    return found


def keep(store, rendered: dict[str, tuple[str, set[str]]], since: int) -> None:
    """Store fragments until a purge names one of their keys, FRAGMENT_CACHE_SECONDS at most,
    and never past a change already scheduled for one of their keys (a story going live)."""
    now = time.time()
    try:
        shown = set().union(*(keys for _, keys in rendered.values()))
        change = attempt(store.next_change, sorted(shown), now)
        expires = min(now + settings.FRAGMENT_CACHE_SECONDS, change or now + settings.FRAGMENT_CACHE_SECONDS)
        entries = {
            # Indexed under ALL too, as pages are: a clear() empties the store of both.
            f"fragment:{version()}:{name}": (
                Entry(200, [(KEYS_HEADER, " ".join(sorted(keys)))], html.encode(), expires),
                sorted(keys | {ALL}),
            )
            for name, (html, keys) in rendered.items()
        }
        attempt(store.put_many, entries, since=since)
    except Unavailable:
        pass
