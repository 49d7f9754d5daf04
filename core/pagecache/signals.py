"""Purge on change: each app says which keys a change of its models touches.

A rule gets the instance and what happened, and returns the keys to purge once the
transaction commits (after commit, readers see the new rows: a page rendered then is fresh).
Rules run on model signals, so saves from the admin, services, management commands and
imports all purge alike; a write that sends no signal (QuerySet.update) must call purge().
"""

import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.pagecache.keys import MISSING, key
from core.pagecache.purge import purge, purge_everything, schedule

Rule = Callable[..., Collection[str]]
# True inside bulk_change(): rules are not run, one purge_everything() follows instead.
IN_BULK_CHANGE = ContextVar("pagecache_in_bulk_change", default=False)


@contextmanager
def bulk_change() -> Iterator[None]:
    """For a write of thousands of rows (an import): no rule run and no purge per row, and
    every cached page stale once the block ends. The caller commits inside the block, and
    schedules (schedule_on_commit) what goes live later by itself, which no purge covers."""
    token = IN_BULK_CHANGE.set(True)
    try:
        yield
    finally:
        IN_BULK_CHANGE.reset(token)
        purge_everything()


def entity_keys(instance, *, created: bool = False, deleted: bool = False, **kwargs) -> set[str]:
    """The default rule: pages showing the object; lists of its kind, and 404s, when the set
    of objects (or their addresses) may have changed."""
    return {key(instance), key(type(instance)), MISSING}


def shown_keys(instance, *, created: bool = False, deleted: bool = False, **kwargs) -> set[str]:
    """For objects shown only through stories (tags, authors): a new one is on no page yet;
    the story that first shows it purges the lists and 404s it enters."""
    if created:
        return set()
    return {key(instance), key(type(instance))} if deleted else {key(instance)}


def watch(model, rule: Rule = entity_keys) -> None:
    """Purge what `rule` names whenever an instance of `model` is saved or deleted."""

    def saved(sender, instance, created=False, raw=False, using=None, **kwargs):
        if not raw and not IN_BULK_CHANGE.get():
            purge_on_commit(rule(instance, created=created), using=using)

    def deleted(sender, instance, using=None, **kwargs):
        if not IN_BULK_CHANGE.get():
            purge_on_commit(rule(instance, deleted=True), using=using)

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


# (token, keys) of each purge_on_commit() of this thread not yet sent, oldest first.
pending = threading.local()


def purge_on_commit(keys: Collection[str], using: str | None = None) -> None:
    """Purge `keys` once the transaction commits, in one purge with all the others it collects."""
    if not keys:
        return
    token = object()
    pending.__dict__.setdefault("entries", []).append((token, set(keys)))
    transaction.on_commit(lambda: purge_since(token), using=using)


def purge_since(token: object) -> None:
    """After a commit, its first callback purges every key collected from its own on: entries
    before it belong to transactions rolled back (their callbacks were dropped), and the commit's
    later callbacks find theirs sent already."""
    entries = getattr(pending, "entries", [])
    place = next((n for n, (mark, _) in enumerate(entries) if mark is token), None)
    if place is None:
        return
    pending.entries = []
    purge(set().union(*(keys for _, keys in entries[place:])))


def schedule_on_commit(keys: Collection[str], at, using: str | None = None) -> None:
    if keys:
        transaction.on_commit(lambda: schedule(keys, at), using=using)
