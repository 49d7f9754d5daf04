"""Purging: the page store of this site and every configured proxy or CDN, by key.

The store is purged at once, so the next reader here gets a fresh page. Proxies and CDNs are
purged from a task on the worker (core/pagecache/tasks.py), retried with backoff: a slow or
dead CDN never holds an editor's save.
"""

import logging
import time
from collections.abc import Collection
from datetime import datetime
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from core.pagecache.keys import ALL
from core.pagecache.stores import RedisStore, SQLiteStore

logger = logging.getLogger("core.pagecache")


@cache
def page_store() -> SQLiteStore | RedisStore:
    """This process's handle on the shared store: Redis when REDIS_URL is set, else the file."""
    if settings.REDIS_URL:
        return RedisStore(settings.REDIS_URL)
    return SQLiteStore(settings.PAGE_CACHE_FILE, max_bytes=settings.PAGE_CACHE_MAX_BYTES)


@receiver(setting_changed)
def forget_store(*, setting, **kwargs):
    if setting in {"REDIS_URL", "PAGE_CACHE_FILE", "PAGE_CACHE_MAX_BYTES"}:
        page_store.cache_clear()


def proxies() -> list:
    from core.pagecache.proxies import configured_purgers

    return configured_purgers()


def purge(keys: Collection[str]) -> None:
    """Make every cached page showing one of `keys` stale, here now and at every proxy soon."""
    keys = sorted(set(keys))
    if not keys:
        return
    try:
        page_store().purge(keys)
    except Exception:  # a store that is down holds nothing to purge; pages render uncached
        logger.warning("Could not purge %s from the page store", keys, exc_info=True)
    purge_proxies_later(keys)


def purge_proxies_later(keys: list[str]) -> None:
    if not proxies():
        return
    from core.pagecache.tasks import purge_proxies

    try:
        purge_proxies.enqueue(keys)
    except Exception:  # the queue's database is down: proxies keep pages for s-maxage at most
        logger.error("Could not queue the purge of %s at the proxies", keys, exc_info=True)


def schedule(keys: Collection[str], at: datetime) -> None:
    """These keys change by themselves at `at` (a story scheduled to go live): no cached page
    showing one of them outlives that moment, and proxies refetch them with that limit."""
    keys = sorted(set(keys))
    if not keys or at.timestamp() <= time.time():
        return purge(keys)
    try:
        page_store().schedule(keys, at.timestamp())
    except Exception:
        logger.warning("Could not schedule %s in the page store", keys, exc_info=True)
    purge_proxies_later(keys)


def purge_everything() -> None:
    """After a bulk change (seeding, a restore, an import): every cached page is stale."""
    try:
        page_store().clear()
    except Exception:
        logger.warning("Could not clear the page store", exc_info=True)
    purge_proxies_later([ALL])


def expire_at(keys: Collection[str], at: datetime) -> None:
    """Pages showing these keys go stale by themselves at `at` (a page of "this week"): none is
    stored past it, and proxies are told so (middleware `prepare`). Unlike schedule(), what is
    stored now stays right until then, so nothing is purged; a change already known is kept once."""
    keys = sorted(set(keys))
    try:
        store = page_store()
        if store.next_change(keys, time.time()) != at.timestamp():
            store.schedule(keys, at.timestamp())
    except Exception:
        logger.warning("Could not schedule %s in the page store", keys, exc_info=True)
