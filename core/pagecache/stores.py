"""Where cached pages live, shared by every process that serves the site.

Two stores with one behaviour: `SQLiteStore`, a file beside the site that every worker and
management command on the machine opens (the embedded default), and `RedisStore`, shared by
several servers (REDIS_URL). Each entry is indexed by the surrogate keys of what it shows;
`purge(keys)` deletes exactly the entries showing one of them.

Two races are closed here rather than by short lifetimes:
- A page rendered from rows read before a change, and stored after the change's purge, would
  keep the old content. Every purge advances a sequence number and records it per key; the
  renderer reads the sequence before it starts (`sequence()`), and `put(..., since=)` refuses
  an entry any of whose keys was purged after that.
- A scheduled story changes no row when it goes live. Its keys are scheduled (`schedule()`),
  and no entry showing one of them lives past that moment.

A store that fails (Redis down, a locked or unreadable file) answers as a miss and stores
nothing: pages are rendered uncached, never an error; `healthy()` tells /healthz.
"""

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from core.pagecache.keys import ALL

logger = logging.getLogger("core.pagecache")


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    expires: float

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


class SQLiteStore:
    """Pages in an SQLite file (WAL): one indexed read per hit, shared by every local process.

    Bounded by bytes: past `max_bytes` of pages, the oldest stored go first.
    """

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS entries (
            key TEXT PRIMARY KEY, expires REAL NOT NULL, size INTEGER NOT NULL,
            status INTEGER NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS entry_keys (surrogate TEXT NOT NULL, entry TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS entry_keys_surrogate ON entry_keys (surrogate);
        CREATE INDEX IF NOT EXISTS entry_keys_entry ON entry_keys (entry);
        CREATE TABLE IF NOT EXISTS purged (surrogate TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS scheduled (surrogate TEXT NOT NULL, at REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS scheduled_surrogate ON scheduled (surrogate, at);
        CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta VALUES ('seq', 0), ('bytes', 0);
    """

    def __init__(self, path: Path, max_bytes: int):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.local = threading.local()

    def connection(self) -> sqlite3.Connection:
        # One connection per process and thread: a connection must not cross a fork.
        conn = getattr(self.local, "conn", None)
        if conn is None or self.local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(self.SCHEMA)
            self.local.conn, self.local.pid = conn, os.getpid()
        return conn

    def get(self, key: str) -> Entry | None:
        row = (
            self.connection()
            .execute("SELECT status, headers, body, expires FROM entries WHERE key = ?", (key,))
            .fetchone()
        )
        if row is None or row[3] <= time.time():
            return None
        return Entry(row[0], [tuple(pair) for pair in json.loads(row[1])], row[2], row[3])

    def get_many(self, keys: Collection[str]) -> dict[str, Entry]:
        """The fresh entries of `keys` that are stored, in one read."""
        keys = list(keys)
        marks = ",".join("?" * len(keys))
        rows = self.connection().execute(
            f"SELECT key, status, headers, body, expires FROM entries WHERE key IN ({marks}) AND expires > ?",
            (*keys, time.time()),
        )
        return {
            key: Entry(status, [tuple(pair) for pair in json.loads(headers)], body, expires)
            for key, status, headers, body, expires in rows
        }

    def sequence(self) -> int:
        return self.connection().execute("SELECT value FROM meta WHERE name = 'seq'").fetchone()[0]

    def put(self, key: str, entry: Entry, surrogates: Collection[str], *, since: int) -> bool:
        """Store `entry` unless one of its keys was purged after `since`; False when refused."""
        return bool(self.put_many({key: (entry, surrogates)}, since=since))

    def put_many(self, entries: dict[str, tuple[Entry, Collection[str]]], *, since: int) -> int:
        """Store each (entry, its keys) in one transaction, less those with a key purged after
        `since`; how many were stored."""
        conn = self.connection()
        stored = 0
        with transaction(conn):
            for key, (entry, surrogates) in entries.items():
                marks = ",".join("?" * len(surrogates))
                purged = f"SELECT 1 FROM purged WHERE surrogate IN ({marks}) AND seq > ? LIMIT 1"
                if conn.execute(purged, (*surrogates, since)).fetchone():
                    continue
                self._delete(conn, [key])
                conn.execute(
                    "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                    (key, entry.expires, entry.size, entry.status, json.dumps(entry.headers), entry.body),
                )
                conn.executemany("INSERT INTO entry_keys VALUES (?, ?)", [(s, key) for s in surrogates])
                conn.execute("UPDATE meta SET value = value + ? WHERE name = 'bytes'", (entry.size,))
                stored += 1
            self._evict(conn)
        return stored

    def next_change(self, surrogates: Collection[str], now: float) -> float | None:
        """The first scheduled moment after `now` at which one of these keys changes."""
        marks = ",".join("?" * len(surrogates))
        row = (
            self.connection()
            .execute(
                f"SELECT min(at) FROM scheduled WHERE surrogate IN ({marks}) AND at > ?", (*surrogates, now)
            )
            .fetchone()
        )
        return row[0]

    def purge(self, surrogates: Collection[str]) -> None:
        conn = self.connection()
        marks = ",".join("?" * len(surrogates))
        with transaction(conn):
            conn.execute("UPDATE meta SET value = value + 1 WHERE name = 'seq'")
            seq = conn.execute("SELECT value FROM meta WHERE name = 'seq'").fetchone()[0]
            conn.executemany("INSERT OR REPLACE INTO purged VALUES (?, ?)", [(s, seq) for s in surrogates])
            keys = conn.execute(
                f"SELECT DISTINCT entry FROM entry_keys WHERE surrogate IN ({marks})", tuple(surrogates)
            ).fetchall()
            self._delete(conn, [key for (key,) in keys])

    def schedule(self, surrogates: Collection[str], at: float) -> None:
        conn = self.connection()
        with transaction(conn):
            conn.execute("DELETE FROM scheduled WHERE at <= ?", (time.time(),))
            conn.executemany("INSERT INTO scheduled VALUES (?, ?)", [(s, at) for s in surrogates])
            # Entries stored before this schedule was known must not outlive it either.
            marks = ",".join("?" * len(surrogates))
            conn.execute(
                f"UPDATE entries SET expires = min(expires, ?) WHERE key IN "
                f"(SELECT entry FROM entry_keys WHERE surrogate IN ({marks}))",
                (at, *surrogates),
            )

    def clear(self) -> None:
        conn = self.connection()
        with transaction(conn):
            conn.execute("UPDATE meta SET value = value + 1 WHERE name = 'seq'")
            conn.execute("DELETE FROM entries")
            conn.execute("DELETE FROM entry_keys")
            conn.execute("UPDATE meta SET value = 0 WHERE name = 'bytes'")
            # Everything rendered before now is stale: a marker every entry's keys include.
            seq = conn.execute("SELECT value FROM meta WHERE name = 'seq'").fetchone()[0]
            conn.execute("INSERT OR REPLACE INTO purged VALUES (?, ?)", (ALL, seq))

    def healthy(self) -> bool:
        self.sequence()
        return True

    def _delete(self, conn: sqlite3.Connection, keys: list[str]) -> None:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            freed = conn.execute(f"SELECT coalesce(sum(size), 0) FROM entries WHERE key IN ({marks})", chunk)
            conn.execute("UPDATE meta SET value = value - ? WHERE name = 'bytes'", freed.fetchone())
            conn.execute(f"DELETE FROM entries WHERE key IN ({marks})", chunk)
            conn.execute(f"DELETE FROM entry_keys WHERE entry IN ({marks})", chunk)

    def _evict(self, conn: sqlite3.Connection) -> None:
        excess = conn.execute("SELECT value FROM meta WHERE name = 'bytes'").fetchone()[0] - self.max_bytes
        if excess <= 0:
            return
        # Expired entries first, then the oldest stored (the lowest rowids), until within budget.
        victims, freed = [], 0
        for key, size in conn.execute(
            "SELECT key, size FROM entries ORDER BY expires > ?, rowid", (time.time(),)
        ):
            victims.append(key)
            freed += size
            if freed >= excess:
                break
        self._delete(conn, victims)


class transaction:
    """BEGIN IMMEDIATE ... COMMIT: writers queue on the file lock instead of failing mid-way."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, traceback):
        self.conn.execute("ROLLBACK" if kind else "COMMIT")


FIELDS = ("status", "headers", "body", "expires")


def entry_values(entry: Entry) -> tuple:
    return (entry.status, json.dumps(entry.headers), entry.body, entry.expires)


class RedisStore:
    """Pages in Redis, shared by every server: an entry per page, a set of entry keys per
    surrogate key, the purge sequence per surrogate key, a sorted set of scheduled moments.

    Bounded by Redis' own `maxmemory`: pages and their index sets carry a TTL, purge marks do
    not, so `maxmemory-policy volatile-lru` evicts pages and never a purge mark (docs/deploy.md).
    """

    def __init__(self, url: str, prefix: str = "pages"):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix

    def name(self, kind: str, value: str) -> str:
        return f"{self.prefix}:{kind}:{value}"

    def get(self, key: str) -> Entry | None:
        status, headers, body, expires = self.client.hmget(self.name("e", key), FIELDS)
        if status is None or float(expires) <= time.time():
            return None
        return Entry(int(status), [tuple(pair) for pair in json.loads(headers)], body, float(expires))

    def get_many(self, keys: Collection[str]) -> dict[str, Entry]:
        keys = list(keys)
        with self.client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.hmget(self.name("e", key), FIELDS)
            rows = pipe.execute()
        now = time.time()
        return {
            key: Entry(int(status), [tuple(pair) for pair in json.loads(headers)], body, float(expires))
            for key, (status, headers, body, expires) in zip(keys, rows, strict=True)
            if status is not None and float(expires) > now
        }

    def sequence(self) -> int:
        return int(self.client.get(self.name("seq", "")) or 0)

    def put_many(self, entries: dict[str, tuple[Entry, Collection[str]]], *, since: int) -> int:
        return sum(self.put(key, entry, keys, since=since) for key, (entry, keys) in entries.items())

    def put(self, key: str, entry: Entry, surrogates: Collection[str], *, since: int) -> bool:
        import redis

        marks = [self.name("p", s) for s in surrogates]
        ttl = max(1, int(entry.expires - time.time()) + 1)
        with self.client.pipeline() as pipe:
            try:
                # Optimistic: a purge of one of these keys between the check and the write
                # aborts the write (WATCH).
                pipe.watch(*marks)
                if any(int(seq) > since for seq in pipe.mget(marks) if seq is not None):
                    return False
                pipe.multi()
                name = self.name("e", key)
                pipe.delete(name)
                pipe.hset(name, mapping=dict(zip(FIELDS, entry_values(entry), strict=True)))
                pipe.expire(name, ttl)
                for surrogate in surrogates:
                    index = self.name("k", surrogate)
                    pipe.sadd(index, key)
                    pipe.expire(index, ttl, gt=True)
                    pipe.expire(index, ttl, nx=True)
                pipe.execute()
            except redis.WatchError:
                return False
        return True

    def next_change(self, surrogates: Collection[str], now: float) -> float | None:
        with self.client.pipeline(transaction=False) as pipe:
            for surrogate in surrogates:
                name = self.name("s", surrogate)
                pipe.zrangebyscore(name, f"({now}", "+inf", start=0, num=1, withscores=True)
            found = [rows[0][1] for rows in pipe.execute() if rows]
        return min(found) if found else None

    def purge(self, surrogates: Collection[str]) -> None:
        seq = self.client.incr(self.name("seq", ""))
        indexes = [self.name("k", s) for s in surrogates]
        with self.client.pipeline() as pipe:
            pipe.mset({self.name("p", s): seq for s in surrogates})
            pipe.sunion(indexes)
            keys = pipe.execute()[1]
        if keys:
            self.client.delete(*[self.name("e", key.decode()) for key in keys], *indexes)

    def schedule(self, surrogates: Collection[str], at: float) -> None:
        with self.client.pipeline() as pipe:
            for surrogate in surrogates:
                name = self.name("s", surrogate)
                pipe.zremrangebyscore(name, "-inf", time.time())
                pipe.zadd(name, {str(at): at})
            pipe.execute()
        # Entries stored before this schedule was known: simplest to let them go now.
        self.purge(surrogates)

    def clear(self) -> None:
        self.purge([ALL])

    def healthy(self) -> bool:
        return bool(self.client.ping())
