"""The page stores: one behaviour for the embedded SQLite file and for Redis."""

import os
import time
import uuid

import pytest

from core.pagecache.stores import Entry, RedisStore, SQLiteStore


def redis_store() -> RedisStore:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"needs a reachable Redis at {url} ({error})")
    return RedisStore(url, prefix=f"test-{uuid.uuid4().hex}")


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteStore(tmp_path / "pages.sqlite3", max_bytes=10_000_000)
    return redis_store()


def entry(body: bytes = b"<p>page</p>", seconds: float = 60) -> Entry:
    return Entry(200, [("Content-Type", "text/html")], body, time.time() + seconds)


def test_an_entry_comes_back_as_stored(store):
    store.put("home", entry(b"hello"), ["article", "all"], since=store.sequence())
    found = store.get("home")
    assert (found.status, found.headers, found.body) == (200, [("Content-Type", "text/html")], b"hello")
    assert store.get("elsewhere") is None


def test_purge_removes_exactly_the_entries_showing_a_key(store):
    since = store.sequence()
    store.put("story", entry(), ["article-1", "section-2"], since=since)
    store.put("section", entry(), ["article-1", "article-3", "section-2"], since=since)
    store.put("other", entry(), ["article-3"], since=since)
    store.purge(["article-1"])
    assert store.get("story") is None and store.get("section") is None
    assert store.get("other") is not None


def test_a_page_rendered_before_a_purge_is_not_stored_after_it(store):
    """The renderer read the rows before the change; storing its page would keep them."""
    since = store.sequence()
    store.purge(["article-1"])
    assert not store.put("story", entry(), ["article-1"], since=since)
    assert store.get("story") is None
    assert store.put("other", entry(), ["article-2"], since=since)


def test_no_entry_outlives_a_scheduled_change_of_its_keys(store):
    since = store.sequence()
    store.put("before", entry(seconds=3600), ["list-film-1"], since=since)
    at = time.time() + 1
    store.schedule(["list-film-1"], at)
    assert store.next_change(["list-film-1", "other"], time.time()) == pytest.approx(at)
    assert store.next_change(["other"], time.time()) is None
    time.sleep(1.1)
    assert store.get("before") is None


def test_expired_entries_are_misses(store):
    store.put("old", entry(seconds=-1), ["article"], since=store.sequence())
    assert store.get("old") is None


def test_clear_empties_everything(store):
    store.put("a", entry(), ["all", "article-1"], since=store.sequence())
    store.clear()
    assert store.get("a") is None


def test_the_file_store_keeps_to_its_byte_budget(tmp_path):
    """Past the budget the oldest stored go first; the newest stay."""
    store = SQLiteStore(tmp_path / "pages.sqlite3", max_bytes=10_000)
    for number in range(30):
        store.put(f"page-{number}", entry(b"x" * 1000), [f"article-{number}"], since=store.sequence())
    kept = [number for number in range(30) if store.get(f"page-{number}")]
    assert 5 <= len(kept) <= 10 and kept[-1] == 29
    total = store.connection().execute("SELECT sum(size) FROM entries").fetchone()[0]
    assert total <= 10_000


def test_every_process_sees_another_process_purge(tmp_path):
    """Two handles on one file (two workers) agree at once."""
    first = SQLiteStore(tmp_path / "pages.sqlite3", max_bytes=10_000_000)
    second = SQLiteStore(tmp_path / "pages.sqlite3", max_bytes=10_000_000)
    first.put("story", entry(), ["article-1"], since=first.sequence())
    assert second.get("story") is not None
    second.purge(["article-1"])
    assert first.get("story") is None
