"""Django's SQLite backend, with each SQL text's placeholders rewritten once per worker.

Django writes SQL with %s placeholders, and its SQLite cursor turns them into ? with a regex
on every execute: 66 µs for the 2.9 KB related-stories query, several per cent of a story
page. Readers' pages send the same texts on every request (newsroom/prepared.py), so the
rewrite is remembered per text, in a bounded LRU. Settings select this backend for SQLite.
"""

from functools import lru_cache

from django.db.backends.sqlite3 import base


@lru_cache(maxsize=1024)
def qmark_style(query: str) -> str:
    """Django's own rewrite (SQLiteCursorWrapper.convert_query), remembered."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
