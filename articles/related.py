"""Which stories a story's page offers as related: scored when stories and links change, and
stored on the story (`Article.related_ids`), so that a reader's request only fetches them.

A story's candidates are the newest RELATED_CANDIDATES published or scheduled stories
sharing each kind of link with it (films, people, tags); they rank by how many links they
share, then newest first. The list keeps RELATED_STORED of them, more than a page shows: the
page drops those it already links from READ MORE and those not live (yet, or any more).

When a story enters or leaves the candidates, moves in time, or gains or loses a link, it is
scored again after the commit, with the stories whose lists it may enter: the newest
RELATED_CANDIDATES candidates sharing each of its links, the window they are scored from. An
older story outside that window keeps its list: it stops gaining new neighbours, which its
readers would hardly see, so that one publish rescores a bounded number of stories however
popular its tags. A story that goes live at its publish time needs nothing: lists already
hold it, and its page purge (key(story)) reaches the pages that list it.
"""

import heapq
import threading
from collections import defaultdict
from collections.abc import Iterable
from itertools import batched

from django.db import connections, router, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import post_delete, post_save

from articles.models import FILM_LINKS, PERSON_LINKS, TAG_LINKS, Article
from core.pagecache.keys import key
from core.pagecache.purge import purge
from core.pagecache.signals import IN_BULK_CHANGE

RELATED_LIMIT = 6
# The newest sharers of each kind (film, person, tag) that are scored. 30 instead of 50 kept
# 4.9 of the 6 stories shown, and 94.5% of their shared links, over 200 stories of the
# 100,000-story bench corpus; it also bounds how many lists one publish rescores.
RELATED_CANDIDATES = 30
# Stored per story: the page's six, plus room for READ MORE picks and neighbours not live.
RELATED_STORED = 12
# Stories scored per round of queries.
BATCH = 500

# The kinds of link that make stories related, by number.
KINDS = (FILM_LINKS, PERSON_LINKS, TAG_LINKS)


def related_key(pk: int) -> str:
    """The related box of the story `pk`: on its page only, purged when its stored list changes."""
    return f"{key(Article, pk)}-related"


def candidates():
    """Stories that may be offered as related: published, live or scheduled; never a draft,
    a story in review or a withdrawn one."""
    return Article.objects.filter(status=Article.Status.PUBLISHED)


class Links:
    """What scoring reads: each story's links by kind, each object's newest candidate stories,
    and candidates' publish times. Loaded for some stories, or for every candidate."""

    def __init__(self):
        self.own: list[dict[int, tuple[int, ...]]] = [{} for _ in KINDS]  # story -> objects
        self.newest: list[dict[int, list[int]]] = [{} for _ in KINDS]  # object -> stories
        self.published_at: dict[int, float] = {}  # as a timestamp, to sort by
        self._every: dict[int, list[int]] | None = None
        self._newness: dict[int, int] | None = None
        self.by_newness: list[int] = []

    def load_links(self, kind: int, stories: Iterable[int] | None, objects: set[int] | None = None):
        """The links of this kind of `stories` (None: of all), to `objects` only if given."""
        table = KINDS[kind]
        owner, field = table.story_field, table.object_field
        rows = table.model.objects.order_by()
        if stories is not None:
            rows = rows.filter(**{f"{owner}_id__in": stories})
        if objects is not None:
            rows = rows.filter(**{f"{field}_id__in": objects})
        found: dict[int, list[int]] = defaultdict(list)
        for story, thing in rows.values_list(f"{owner}_id", f"{field}_id").iterator(chunk_size=10_000):
            found[story].append(thing)
        self.own[kind].update((story, tuple(things)) for story, things in found.items())

    def load_newest(self, kind: int, objects: set[int] | None) -> None:
        """The newest candidates linking each object (one more than the window: the story
        being scored is not its own candidate). Ids grow with time."""
        table = KINDS[kind]
        owner, field = table.story_field, table.object_field
        rows = table.model.objects.filter(**{f"{owner}__status": Article.Status.PUBLISHED})
        if objects is not None:
            rows = rows.filter(**{f"{field}_id__in": objects})
        rows = rows.annotate(
            place=Window(RowNumber(), partition_by=[F(f"{field}_id")], order_by=F(f"{owner}_id").desc())
        ).filter(place__lte=RELATED_CANDIDATES + 1)
        newest = self.newest[kind]
        for thing, story in rows.values_list(f"{field}_id", f"{owner}_id").order_by():
            newest.setdefault(thing, []).append(story)
        for stories in newest.values():
            stories.sort(reverse=True)

    def add_times(self, stories) -> None:
        for pk, when in stories.values_list("pk", "published_at").iterator(chunk_size=10_000):
            self.published_at[pk] = when.timestamp()

    @classmethod
    def of(cls, stories: list[int]) -> "Links":
        """Enough to score `stories`: about ten queries."""
        links = cls()
        objects = []
        for kind in range(len(KINDS)):
            links.load_links(kind, stories)
            objects.append({thing for things in links.own[kind].values() for thing in things})
            links.load_newest(kind, objects[kind])
        found = {story for kind in links.newest for sharers in kind.values() for story in sharers}
        found.difference_update(stories)
        for kind in range(len(KINDS)):
            for part in batched(found, BATCH, strict=False):
                # Only the links a score counts: those to the scored stories' objects.
                links.load_links(kind, part, objects[kind])
        for part in batched(found | set(stories), BATCH, strict=False):
            links.add_times(candidates().filter(pk__in=part))
        return links

    @classmethod
    def everything(cls) -> "Links":
        """Every candidate's links: for scoring them all at once (seeding, the command)."""
        links = cls()
        links.add_times(candidates())
        for kind in range(len(KINDS)):
            links.load_links(kind, None)
            links.load_newest(kind, None)
        return links

    def window(self, kind: int, story: int) -> list[int]:
        """The newest RELATED_CANDIDATES candidates sharing a link of this kind with `story`."""
        newest = self.newest[kind]
        found = set().union(*(newest.get(thing, ()) for thing in self.own[kind].get(story, ())))
        found.discard(story)
        return sorted(found, reverse=True)[:RELATED_CANDIDATES]

    def rank(self, story: int) -> list[int]:
        """`story`'s related stories, best first: most links shared, then newest."""
        newness = self.newness()
        found = newness.keys() & set().union(*(self.window(kind, story) for kind in range(len(KINDS))))
        every = self.every_link()
        mine = set(every.get(story, ()))
        # A number per candidate, larger is better: links shared, then its place in time.
        scores = [len(mine.intersection(every[pk])) << 32 | newness[pk] for pk in found]
        return [self.by_newness[score & 0xFFFFFFFF] for score in heapq.nlargest(RELATED_STORED, scores)]

    def newness(self) -> dict[int, int]:
        """Each candidate's place from the oldest (by publish time, then id); candidates gone
        since the links were read have none."""
        if self._newness is None:
            self.by_newness = sorted(self.published_at, key=lambda pk: (self.published_at[pk], pk))
            self._newness = {pk: place for place, pk in enumerate(self.by_newness)}
        return self._newness

    def every_link(self) -> dict[int, list[int]]:
        """Each story's links of every kind in one list, a link as one number: one set
        intersection counts what two stories share (scoring 100,000 stories takes seconds)."""
        if self._every is None:
            self._every = defaultdict(list)
            for kind, links in enumerate(self.own):
                for story, things in links.items():
                    self._every[story] += [thing * len(KINDS) + kind for thing in things]
        return self._every


def store(ranked: dict[int, list[int]]) -> list[int]:
    """Write the lists that changed, with no save (no signal, revision or purge per story).
    Returns the stories whose list changed."""
    current = dict(Article.objects.filter(pk__in=list(ranked)).values_list("pk", "related_ids"))
    changed = [pk for pk, ids in ranked.items() if pk in current and current[pk] != ids]
    # One statement run for every row: an UPDATE per story through the ORM (or bulk_update's
    # CASE) cost as much as scoring them when a seed or the command writes them all.
    field = Article._meta.get_field("related_ids")
    connection = connections[router.db_for_write(Article)]
    table, column, pk = map(connection.ops.quote_name, [Article._meta.db_table, field.column, "id"])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",
            [(field.get_db_prep_save(ranked[pk], connection), pk) for pk in changed],
        )
    return changed


def rank(story: int) -> list[int]:
    """One story's list, scored now (for a story whose list was never stored)."""
    return Links.of([story]).rank(story)


def refresh(stories: Iterable[int]) -> list[int]:
    """Score `stories` again and store their lists; returns those whose list changed."""
    changed = []
    for part in batched(sorted(set(stories)), BATCH, strict=False):
        links = Links.of(list(part))
        changed += store({pk: links.rank(pk) for pk in part})
    return changed


def refresh_all(*, missing_only: bool = False, progress=lambda done, total: None) -> list[int]:
    """Score every candidate (or those never scored) from one read of all links: for seeding,
    imports and the refresh_related_stories command. Returns the stories whose list changed."""
    stories = candidates().order_by("pk")
    if missing_only:
        stories = stories.filter(related_ids__isnull=True)
    stories = list(stories.values_list("pk", flat=True))
    if not stories:
        return []
    links = Links.everything()
    changed: list[int] = []
    done = 0
    for part in batched(stories, BATCH * 4, strict=False):
        changed += store({pk: links.rank(pk) for pk in part if pk in links.published_at})
        done += len(part)
        progress(done, len(stories))
    return changed


def neighbours(objects: list[set[int]]) -> set[int]:
    """The newest candidates linking each of `objects` (by kind): the stories whose lists a
    change to them may enter."""
    links = Links()
    for kind, things in enumerate(objects):
        if things:
            links.load_newest(kind, things)
    return {pk for kind in links.newest for sharers in kind.values() for pk in sharers[:RELATED_CANDIDATES]}


def refresh_around(stories: set[int], links: set[tuple[int, int, int]] = frozenset()) -> list[int]:
    """After `stories` entered or left the candidates or moved in time, and `links` (story,
    kind, object) were made or removed: score again those of them still candidates, and
    their neighbours; purge the related box of each story whose list changed."""
    linked = {story for story, _kind, _thing in links}
    live = set(candidates().filter(pk__in=stories | linked).values_list("pk", flat=True))
    existing = set(Article.objects.filter(pk__in=linked).values_list("pk", flat=True))
    objects: list[set[int]] = [set() for _ in KINDS]
    for story, kind, thing in links:
        # A draft's links change nothing readers see; a deleted story's did, if it was public.
        if story in live or story not in existing:
            objects[kind].add(thing)
    moved = stories | (linked & live)
    for kind, table in enumerate(KINDS):
        rows = table.model.objects.filter(**{f"{table.story_field}_id__in": stories})
        objects[kind].update(rows.values_list(f"{table.object_field}_id", flat=True))
    changed = refresh((moved & live) | neighbours(objects))
    # The pages of `moved` stories are purged whole already (articles.purges).
    purge([related_key(pk) for pk in changed if pk not in moved])
    return changed


# Past this many stories changed at once, scoring every story from one read of all links is
# quicker than scoring around each batch of them.
SCORE_ALL_ABOVE = 5000


def refresh_after_bulk_change(stories: set[int]) -> None:
    """After an import wrote `stories` inside core.pagecache.signals.bulk_change(), where no
    save scores anything: one pass for them all (the bulk change purges every page after)."""
    if len(stories) > SCORE_ALL_ABOVE:
        refresh_all()
    elif stories:
        refresh_around(stories)


class Pending(threading.local):
    """What this thread's transaction changed, scored once when it commits."""

    def __init__(self):
        self.stories: set[int] = set()
        self.links: set[tuple[int, int, int]] = set()

    def add(self, *, story: int | None = None, link: tuple[int, int, int] | None = None, using=None):
        if story is not None:
            self.stories.add(story)
        if link is not None:
            self.links.add(link)
        # One callback per change; the first to run takes them all. After a rollback, what
        # was noted waits for the next commit: scoring again what did not change is harmless.
        transaction.on_commit(self.flush, using=using, robust=True)

    def flush(self):
        stories, links = self.stories, self.links
        self.stories, self.links = set(), set()
        if stories or links:
            refresh_around(stories, links)


pending = Pending()


def story_saved(sender, instance: Article, created=False, raw=False, using=None, **kwargs):
    """A story entering or leaving the candidates, or moving in time (not an edit of its text)."""
    if raw or IN_BULK_CHANGE.get():
        return
    # The row as it was: articles.purges.remember_before reads it before every save.
    before = getattr(instance, "_public_before", None) or Article()
    was = before.status == Article.Status.PUBLISHED
    now = instance.status == Article.Status.PUBLISHED
    if was != now or (now and before.published_at != instance.published_at):
        pending.add(story=instance.pk, using=using)


def link_changed(sender, instance, raw=False, using=None, **kwargs):
    """A film, person or tag linked or unlinked; deleting a story deletes its links first."""
    if raw or IN_BULK_CHANGE.get():
        return
    kind = next(number for number, table in enumerate(KINDS) if table.model is sender)
    table = KINDS[kind]
    pending.add(link=(table.story_id(instance), kind, table.object_id(instance)), using=using)


def connect() -> None:
    """Called once from ArticlesConfig.ready(), after articles.purges.connect()."""
    post_save.connect(story_saved, sender=Article, dispatch_uid="related-story-saved")
    for table in KINDS:
        uid = f"related-{table.model._meta.model_name}"
        post_save.connect(link_changed, sender=table.model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(link_changed, sender=table.model, dispatch_uid=f"{uid}-deleted")
