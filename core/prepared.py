"""ORM queries compiled once per process, for the pages readers load most.

Turning a QuerySet into SQL costs far more than running it: a one-row lookup by primary key
takes 0.68 ms through the ORM and 0.02 ms as SQL on SQLite (measured in session 2), and the
story page needs seven queries. A `PreparedQuery` builds its QuerySet once with stand-in
values, keeps the compiled SQL, and on each call runs that SQL with the real values; the rows
become model instances (or values_list() tuples) through Django's own iterators, so
select_related, deferred fields and annotations behave exactly as with the QuerySet
(tests/newsroom/test_prepared.py compares both).

Parameters are found by compiling once more per parameter with only that value changed, so a
value the ORM transforms (`__icontains` wraps it in %...%) is refused at the first call instead
of being sent wrong. LIMIT and OFFSET are part of the SQL: pass them as `shape` arguments,
which get one compiled plan per distinct value.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable


def _changed(value):
    """A value of the same type that the compiled SQL will show in a different parameter."""
    if isinstance(value, bool):
        raise TypeError("PreparedQuery cannot find a boolean parameter: pass it as a shape argument")
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "~"
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    raise TypeError(
        f"PreparedQuery parameters must be int, str, date or datetime, not {type(value).__name__}"
    )


def _adapt(connection, value):
    """The value as the ORM hands it to the driver (SQLite stores times as text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


class _CompiledQuery:
    """Stands in for `QuerySet.query`: gives Django's iterator a compiler that already holds
    its SQL (and the select list it was built with), so nothing is compiled again. The
    value converters of each connection are worked out once too."""

    def __init__(self, compiler, sql: str, params: list, converters: dict):
        self.compiler, self.sql, self.params, self.converters = compiler, sql, params, converters

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = object.__new__(type(self.compiler))
        compiler.__dict__.update(self.compiler.__dict__)
        connection = compiler.connection = connections[using]  # this thread's, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (self.sql, self.params)
        if connection not in self.converters:
            self.converters[connection] = compiler.get_converters(
                [column[0] for column in compiler.select[: compiler.col_count]]
            )
        converters = self.converters[connection]
        compiler.get_converters = lambda expressions: converters
        return compiler


@dataclass
class _Plan:
    queryset: QuerySet
    compiler: object
    sql: str
    params: list
    slots: dict[tuple, list[int]]  # (name,) or (name, index in a list) -> positions in params
    converters: dict = field(default_factory=lambda: WeakKeyDictionary())  # per connection


def _slots(arguments: dict, shape: tuple[str, ...]):
    """(slot, value) of every substitutable value: scalars, and each item of a list."""
    for name, value in arguments.items():
        if name in shape:
            continue
        if isinstance(value, (list, tuple)):
            if len(set(value)) != len(value):
                raise ValueError(f"PreparedQuery needs distinct values in {name!r}")
            for index, item in enumerate(value):
                yield (name, index), item
        else:
            yield (name,), value


def _replaced(arguments: dict, slot: tuple):
    """`arguments` with only the value in `slot` changed (a list item to one not in the list)."""
    name, *index = slot
    value = arguments[name]
    if not index:
        return {**arguments, name: _changed(value)}
    items = list(value)
    new = _changed(max(items)) if all(isinstance(item, int) for item in items) else _changed(items[index[0]])
    items[index[0]] = new
    return {**arguments, name: items}


class PreparedQuery:
    """`build(**arguments)` returns a QuerySet; calling the PreparedQuery with the same keyword
    arguments returns that QuerySet's rows as a list, compiling only on the first call.

    Arguments may be int, str, date, datetime, or lists of them (for `__in`: one plan per
    length); `shape` arguments (slice bounds, say) get one plan per value.
    """

    def __init__(self, build: Callable[..., QuerySet], *, shape: tuple[str, ...] = ()):
        self.build = build
        self.shape = shape
        self.names = tuple(inspect.signature(build).parameters)
        self._plans: dict[tuple, _Plan] = {}

    def __call__(self, **arguments) -> list:
        if set(arguments) != set(self.names):
            raise TypeError(f"expected arguments {sorted(self.names)}, got {sorted(arguments)}")
        key = tuple(
            arguments[name] if name in self.shape else len(arguments[name])
            for name in self.names
            if name in self.shape or isinstance(arguments[name], (list, tuple))
        )
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._compile(arguments)
        connection = connections[plan.queryset.db]
        params = list(plan.params)
        for slot, value in _slots(arguments, self.shape):
            value = _adapt(connection, value)
            for position in plan.slots[slot]:
                params[position] = value
        stand_in = object.__new__(type(plan.queryset))
        stand_in.__dict__.update(plan.queryset.__dict__)
        stand_in._query = _CompiledQuery(plan.compiler, plan.sql, params, plan.converters)
        return list(plan.queryset._iterable_class(stand_in))

    def _compile(self, arguments: dict) -> _Plan:
        queryset = self.build(**arguments)
        if queryset._prefetch_related_lookups:
            raise ValueError("PreparedQuery runs one query: load related rows with their own PreparedQuery")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ValueError("PreparedQuery gives model instances or values_list() tuples")
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        params = list(params)
        if list(self.build(**arguments).query.sql_with_params()[1]) != params:
            raise ValueError(
                "PreparedQuery needs a build that gives the same SQL for the same arguments (pass `now` in)"
            )
        slots = {}
        for slot, value in _slots(arguments, self.shape):
            other_sql, other_params = self.build(**_replaced(arguments, slot)).query.sql_with_params()
            positions = [i for i, (a, b) in enumerate(zip(params, other_params, strict=False)) if a != b]
            expected = _adapt(connection, value)
            if (
                other_sql != sql
                or len(other_params) != len(params)
                or not positions
                or any(params[i] != expected for i in positions)
            ):
                raise ValueError(
                    f"PreparedQuery cannot substitute {slot[0]!r}: the ORM transforms it or it shapes the SQL"
                )
            slots[slot] = positions
        return _Plan(queryset, compiler, sql, params, slots)


def attach(instance, name: str, model, rows: list) -> None:
    """Make `instance.<name>.all()` return `rows` without a query, as prefetch_related does."""
    queryset = QuerySet(model=model)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
