"""Querysets compiled to SQL once per process, run many times with new values.

Django turns a queryset into SQL on every evaluation. For the reads every page makes (the signed-in user with
its roles, the statement with its account, customer and agreement, its answers and versions) that compilation
costs more Python than running the query: 0.2-0.8 ms each against ~0.1 ms to send it and read the rows
(``bench/web/profile_web.py``, ``bench/README.md`` section 4). Capacity per core is what limits the portal, so
these reads compile once and then only bind their values.

How: the queryset is built and compiled twice, with two sets of stand-in values for the parameters; where the two
compiled parameter lists differ are the parameters' positions (the rest are the queryset's constants), and two SQL
texts that differ mean a value was written into the SQL, which is refused. A call copies the compiled compiler,
binds the real values at those positions and evaluates a clone of the queryset through it, so rows become model
instances (``select_related``, annotations, ``prefetch_related``) or tuples (``values_list``) exactly as Django
builds them. The result is evaluated at once (a list): nobody can chain a filter onto SQL that was already compiled.

Rules for a build function: it is called ``build(**values)``, or ``build(shape, **values)`` where the caller
gives a ``shape`` (a hashable key, for example ``reconcile.selectors.Scope.shape()``); what the queryset looks like
may depend only on that shape, and every value that varies between calls must be one of its keyword parameters. A value Django writes into the SQL text instead of the parameters (a LIMIT, an ``__in`` list
whose length varies) cannot be a parameter: compiling refuses it. ``tests/core/test_prepared.py`` checks that
each prepared read returns what the plain queryset returns, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable
from django.db.transaction import TransactionManagementError

# A row: a model instance, or a tuple or value of values_list().
M = TypeVar("M")

_BIGINT = (-(2**63), 2**63 - 1)


def _sentinels(parameters: dict[str, type], variant: int) -> dict[str, int | str]:
    """Stand-in values of one compile (``variant`` 0 or 1: two compiles with different stand-ins tell the bound
    parameters from constants). Integers are small and positive so that every integer column takes them: Django
    turns a value outside a column's range (a SmallIntegerField's) into "matches nothing" at compile time."""
    values: dict[str, int | str] = {}
    for i, (name, kind) in enumerate(parameters.items()):
        if kind is int:
            values[name] = 30_011 + 2 * i + variant
        elif kind is str:
            values[name] = f"\x1fprepared-{variant}-{i}\x1f"
        else:
            raise TypeError(f"a prepared parameter is an int or a str, not {kind.__name__}")
    return values


@dataclass(frozen=True)
class _Compiled:
    template: QuerySet[Any]
    compiler: Any  # django.db.models.sql.compiler.SQLCompiler, set up (select, klass_info, col_count)
    sql: str
    params: tuple[Any, ...]
    positions: dict[str, tuple[int, ...]]
    # (column, (converter functions, expression)) for tuples(); None where a column is a composite key
    converters: list[tuple[int, tuple[list[Any], Any]]] | None


class PreparedQuery(Generic[M]):
    """A queryset shape compiled once per database and shape; ``fetch(**values)`` runs it."""

    def __init__(self, build: Callable[..., QuerySet[Any, M]], **parameters: type) -> None:
        self._build = build
        self._parameters = parameters
        self._compiled: dict[tuple[str, Hashable], _Compiled | None] = {}
        self._lock = threading.Lock()

    def _compile_with(self, alias: str, shape: Hashable, sentinels: dict[str, Any]) -> tuple[Any, Any, Any] | None:
        template = self._build(shape, **sentinels) if shape is not None else self._build(**sentinels)
        template = template.using(alias)
        compiler = template.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return template, compiler, (sql, tuple(params))

    def _compile(self, alias: str, shape: Hashable) -> _Compiled | None:
        # Compiled twice with different stand-ins: the positions where the parameters differ are the bound values;
        # everything else (constants of the queryset) is the same in both. SQL that differs means a value was
        # written into the SQL text, which would be compiled in for good: refused.
        first = _sentinels(self._parameters, 0)
        second = _sentinels(self._parameters, 1)
        a, b = self._compile_with(alias, shape, first), self._compile_with(alias, shape, second)
        if a is None or b is None:
            if a is None and b is None:
                return None  # a shape that matches nothing: the plain queryset knows without a query
            raise ValueError("a prepared parameter decides whether the query matches anything; it cannot be bound")
        template, compiler, (sql, params) = a
        other_sql, other_params = b[2]
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError("a prepared parameter is written into the SQL text, not bound")
        by_pair = {(first[name], second[name]): name for name in self._parameters}
        found: dict[str, list[int]] = {name: [] for name in self._parameters}
        for i, (x, y) in enumerate(zip(params, other_params, strict=True)):
            if x == y and type(x) is type(y):
                continue  # a constant of the query
            name = by_pair.get((x, y))
            if name is None:  # e.g. a lookup that wraps the value (icontains: %value%)
                raise ValueError(f"the compiled query binds a value derived from a parameter ({x!r}); bind it plainly")
            found[name].append(i)
        positions = {name: tuple(where) for name, where in found.items()}
        # The converters of the selected columns (Django works them out again on every evaluation): computed once
        # here. They are the backend's conversion functions, which read only settings (USE_TZ, the time zone).
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(columns)
        compiler.get_converters = lambda expressions: converters
        # tuples() applies these itself; a composite key's columns (Django groups them) it leaves to fetch()
        by_column = None if compiler.has_composite_fields(columns) else list(converters.items())
        return _Compiled(template, compiler, sql, tuple(params), positions, by_column)

    def _entry(self, alias: str, shape: Hashable) -> _Compiled | None:
        key = (alias, shape)
        try:
            return self._compiled[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._compiled:
                self._compiled[key] = self._compile(alias, shape)
            return self._compiled[key]

    def _bind(self, shape: Hashable, using: str, values: dict[str, Any]) -> tuple[_Compiled, tuple[Any, ...]] | None:
        """The compiled entry and its parameters with these values; None where nothing can match."""
        if values.keys() != self._parameters.keys():
            raise TypeError(f"expected values for {sorted(self._parameters)}, got {sorted(values)}")
        for name, kind in self._parameters.items():
            # Bound as given (Django's lookups would convert "5" or True): a value of another type is a caller's bug.
            if type(values[name]) is not kind:
                raise TypeError(f"{name} must be {kind.__name__}, not {type(values[name]).__name__}")
        if any(type(v) is int and not _BIGINT[0] <= v <= _BIGINT[1] for v in values.values()):
            return None  # no id column holds it (Django's own lookups say the same, without a query)
        entry = self._entry(using, shape)
        if entry is None:
            return None
        params = list(entry.params)
        for name, where in entry.positions.items():
            for i in where:
                params[i] = values[name]
        return entry, tuple(params)

    def _statement(
        self, shape: Hashable, using: str, limit: int | None, offset: int, values: dict[str, Any]
    ) -> tuple[_Compiled, str, tuple[Any, ...]] | None:
        """The compiled entry, its SQL (paged where ``limit`` is given) and bound parameters; None where no row can
        match."""
        bound_entry = self._bind(shape, using, values)
        if bound_entry is None:
            return None
        if limit is not None and not (0 <= limit <= _BIGINT[1] and 0 <= offset <= _BIGINT[1]):
            # A window no SQL integer holds (a page number from the URL, 10^20) has no rows: the database would
            # refuse to bind it (SQLite's OverflowError, PostgreSQL's bigint out of range), a 500 for a link.
            return None
        entry, bound = bound_entry
        sql = entry.sql
        if limit is not None:
            if entry.template.query.is_sliced:
                raise ValueError("this prepared query is sliced already; page it with limit and offset instead")
            # The same LIMIT/OFFSET clause SQLite and PostgreSQL both read, as parameters.
            sql, bound = f"{sql} LIMIT %s OFFSET %s", (*bound, int(limit), int(offset))
        if entry.template.query.select_for_update and connections[using].get_autocommit():
            # Django's compiler refuses this on every compile; the bound SQL must refuse it too.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        return entry, sql, bound

    def fetch(
        self,
        *,
        shape: Hashable = None,
        using: str = "default",
        limit: int | None = None,
        offset: int = 0,
        **values: Any,
    ) -> list[M]:
        """The rows for these values, as the built queryset would return them; ``limit`` and ``offset`` page them
        (as a slice of the queryset would, but bound as parameters, so every page runs the same compiled SQL)."""
        statement = self._statement(shape, using, limit, offset, values)
        if statement is None:
            return []
        entry, sql, bound = statement
        compiler = copy.copy(entry.compiler)
        compiler.connection = connections[using]  # this thread's connection, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (sql, bound)
        queryset = entry.template._chain()  # type: ignore[attr-defined]  # Django's clone, kept private
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def tuples(
        self,
        *,
        shape: Hashable = None,
        using: str = "default",
        limit: int | None = None,
        offset: int = 0,
        **values: Any,
    ) -> list[tuple[Any, ...]]:
        """``fetch`` of a query built with ``values_list(...)`` (neither flat nor named), without a queryset: the
        compiled SQL on a cursor, each column through the converters Django's ``results_iter`` applies. A page's
        main read (the statement page's statement, the list's rows) then costs the query and a loop, not a clone
        of the queryset, its iterable and compiler (~0.1 ms a read)."""
        statement = self._statement(shape, using, limit, offset, values)
        if statement is None:
            return []
        entry, sql, bound = statement
        if entry.template._iterable_class is not ValuesListIterable or entry.converters is None:
            raise TypeError(
                "tuples() reads a values_list() query (neither flat nor named, no composite key): use fetch()"
            )
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            rows = cursor.fetchall()
        width, converters = entry.compiler.col_count, entry.converters
        if not converters:
            return [tuple(row[:width]) for row in rows]
        out = []
        for row in rows:
            values_ = list(row[:width])
            for pos, (functions, expression) in converters:
                value = values_[pos]
                for convert in functions:
                    value = convert(value, expression, connection)
                values_[pos] = value
            out.append(tuple(values_))
        return out

    def count(self, *, shape: Hashable = None, using: str = "default", **values: Any) -> int:
        """How many rows ``fetch`` would return. Build the query unordered for this (an ORDER BY would be sorted
        for nothing inside the count)."""
        bound_entry = self._bind(shape, using, values)
        if bound_entry is None:
            return 0
        entry, bound = bound_entry
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({entry.sql}) prepared_count", bound)
            row = cursor.fetchone()
        return int(row[0])

    def first(self, *, shape: Hashable = None, using: str = "default", **values: Any) -> M | None:
        """The first row, for a query that selects at most one (by a key): it reads every row the query returns, and
        a LIMIT cannot be appended after a FOR UPDATE."""
        rows = self.fetch(shape=shape, using=using, **values)
        return rows[0] if rows else None
