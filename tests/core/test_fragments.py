"""The fragment store (core/pagecache/fragments.py): fragments carry the keys they recorded
into every page, are purged by them, never stored across a purge that raced their render,
stay within the store's byte bound, and a store that is down means rendering, not errors."""

import pytest

from core.pagecache.fragments import cached
from core.pagecache.keys import record, recording
from core.pagecache.purge import page_store, purge
from core.pagecache.stores import Entry, SQLiteStore


@pytest.fixture
def fragments(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600
    page_store.cache_clear()
    yield
    page_store.cache_clear()


def show(thing: str) -> str:
    record(f"thing-{thing}")
    return f"<p>{thing}</p>"


def test_stored_fragments_give_their_keys_to_the_page(fragments):
    loads = []

    def load(missing):
        loads.append(missing)
        return {name: name for name in missing}

    for _ in range(2):
        with recording() as page:
            found = cached({"a": "frag-a", "b": "frag-b"}, load, show)
        assert found == {"a": "<p>a</p>", "b": "<p>b</p>"}
        assert page == {"thing-a", "thing-b"}
    assert loads == [["a", "b"]]  # the second page read both from the store


def test_a_purge_of_a_fragment_s_key_renders_it_again(fragments):
    cached({"a": "frag-a"}, lambda missing: {"a": "a"}, show)
    purge(["thing-a"])
    again = []
    cached({"a": "frag-a"}, lambda missing: again.append(missing) or {"a": "a"}, show)
    assert again == [["a"]]


def test_a_fragment_rendered_across_a_purge_of_its_key_is_not_stored(fragments):
    """The rows it was rendered from may predate the change the purge announced."""

    def load_then_change(missing):
        purge(["thing-a"])  # another process commits a change while these rows are read
        return {"a": "a"}

    cached({"a": "frag-a"}, load_then_change, show)
    again = []
    cached({"a": "frag-a"}, lambda missing: again.append(missing) or {"a": "a"}, show)
    assert again == [["a"]]


def test_a_key_that_load_does_not_find_has_no_fragment(fragments):
    assert cached({"a": "frag-a", "gone": "frag-gone"}, lambda missing: {"a": "a"}, show) == {"a": "<p>a</p>"}


def test_a_store_that_is_down_means_rendering(fragments, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    page_store.cache_clear()
    for _ in range(2):
        with recording() as page:
            assert cached({"a": "frag-a"}, lambda missing: {"a": "a"}, show) == {"a": "<p>a</p>"}
        assert page == {"thing-a"}


def test_the_store_keeps_within_its_byte_bound(tmp_path):
    store = SQLiteStore(tmp_path / "pages.sqlite3", max_bytes=50_000)
    body = b"x" * 1000
    for batch in range(20):
        entries = {
            f"fragment:{batch}:{n}": (
                Entry(200, [("Surrogate-Key", f"thing-{n}")], body, 2e9),
                [f"thing-{n}"],
            )
            for n in range(10)
        }
        store.put_many(entries, since=store.sequence())
    stored = store.connection().execute("SELECT sum(size), count(*) FROM entries").fetchone()
    assert stored[0] <= 50_000 and stored[1] > 10
    assert store.get_many([f"fragment:19:{n}" for n in range(10)]).keys() == {
        f"fragment:19:{n}" for n in range(10)
    }  # the newest stay
