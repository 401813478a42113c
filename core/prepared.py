"""Querysets compiled to SQL once per process, run many times with new values.

Django turns a queryset into SQL on every evaluation. For the reads every page makes (the signed-in user with
its roles, the statement with its account, customer and agreement, its answers and versions) that compilation
costs more Python than running the query: 0.2-0.8 ms each against ~0.1 ms to send it and read the rows
(``bench/web/profile_web.py``, ``bench/README.md`` section 4). Capacity per core is what limits the portal, so
these reads compile once and then only bind their values.

How: the queryset is built once with *sentinel* values standing for the parameters (unique integers or
strings), compiled, and the positions of the sentinels in the parameter list recorded. A call copies the
compiled compiler, binds the real values at those positions and evaluates a clone of the queryset through it,
so rows become model instances (``select_related``, annotations, ``prefetch_related``) or tuples
(``values_list``) exactly as Django builds them. The result is evaluated at once (a list): nobody can chain a
filter onto SQL that was already compiled.

Rules for a build function: it is called ``build(**values)``, or ``build(shape, **values)`` where the caller
gives a ``shape`` (a hashable key, for example ``reconcile.selectors.Scope.shape()``); what the queryset looks like
may depend only on that shape, and every value that varies between calls must be one of its keyword parameters. A value Django writes into the SQL text instead of the parameters (a LIMIT, an ``__in`` list
whose length varies) cannot be a parameter: compiling refuses it. Nor can one whose stand-in changes the SQL (an
integer field whose range excludes it, where Django drops the condition) or that Django rewrites (a LIKE pattern):
compiling checks the SQL against the same build with ordinary values, and refuses both. ``tests/core/test_prepared.py`` checks that
each prepared read returns what the plain queryset returns, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.transaction import TransactionManagementError

# A row: a model instance, or a tuple or value of values_list().
M = TypeVar("M")

_counter = itertools.count(1)
_BIGINT = (-(2**63), 2**63 - 1)
# Values every field of the kind takes (1 is within every integer field's range): the SQL they compile to is the
# SQL the sentinels must compile to.
_ORDINARY: dict[type, int | str] = {int: 1, str: "x"}


def _sentinel(kind: type) -> int | str:
    n = next(_counter)
    if kind is int:
        return -(7_300_000_000_000_000 + n)  # an id no table holds, far from any real value
    if kind is str:
        return f"\x1fprepared-{n}\x1f"
    raise TypeError(f"a prepared parameter is an int or a str, not {kind.__name__}")


@dataclass(frozen=True)
class _Compiled:
    template: QuerySet[Any]
    compiler: Any  # django.db.models.sql.compiler.SQLCompiler, set up (select, klass_info, col_count)
    sql: str
    params: tuple[Any, ...]
    positions: dict[str, tuple[int, ...]]


class PreparedQuery(Generic[M]):
    """A queryset shape compiled once per database and shape; ``fetch(**values)`` runs it."""

    def __init__(self, build: Callable[..., QuerySet[Any, M]], **parameters: type) -> None:
        self._build = build
        self._parameters = parameters
        self._compiled: dict[tuple[str, Hashable], _Compiled | None] = {}
        self._lock = threading.Lock()

    def _template(self, alias: str, shape: Hashable, values: dict[str, Any]) -> QuerySet[Any]:
        template = self._build(shape, **values) if shape is not None else self._build(**values)
        return template.using(alias)

    def _plain_sql(self, alias: str, shape: Hashable) -> tuple[str, int] | None:
        """The SQL text and parameter count Django writes for ordinary values (1, "x"), None where it matches
        nothing: what the sentinels' SQL must be, or a sentinel changed the query."""
        template = self._template(alias, shape, {name: _ORDINARY[kind] for name, kind in self._parameters.items()})
        try:
            sql, params = template.query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:
            return None
        return sql, len(params)

    def _compile(self, alias: str, shape: Hashable) -> _Compiled | None:
        sentinels = {name: _sentinel(kind) for name, kind in self._parameters.items()}
        template = self._template(alias, shape, sentinels)
        compiler = template.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = "", []
        for name, value in sentinels.items():
            # A parameter may go unused by a shape (bank staff are not filtered by customer), but one that Django
            # wrote into the SQL text would be compiled in for good: refused.
            if str(value) in sql:
                raise ValueError(f"prepared parameter {name!r} is written into the SQL text, not bound")
        # Django leaves out a condition whose integer is beyond its field's range (a negative sentinel against a
        # PositiveIntegerField: "> -7.3e18" is always true, "= -7.3e18" never), so the SQL would filter by nothing, or
        # match nothing, for every value bound later. The same build with ordinary values must give the same SQL.
        if (sql, len(params)) != (self._plain_sql(alias, shape) or ("", 0)):
            raise ValueError(
                f"prepared parameters {sorted(sentinels)} change the SQL Django writes (an integer field whose range "
                "excludes the stand-in value, or a query whose form depends on a value): it cannot be compiled once"
            )
        if not sql:
            return None  # a shape that matches nothing: the plain queryset knows without a query
        positions: dict[str, tuple[int, ...]] = {}
        for name, value in sentinels.items():
            positions[name] = tuple(i for i, p in enumerate(params) if type(p) is type(value) and p == value)
            # Nor may Django have made another value of it (a LIKE pattern "%value%" for __contains): binding the
            # plain value there would search for something else, and leaving the sentinel would find nothing.
            if any(isinstance(p, str) and str(value) in p and p != value for p in params):
                raise ValueError(f"prepared parameter {name!r} is rewritten by Django (a pattern?), not bound as given")
        # The converters of the selected columns (Django works them out again on every evaluation): computed once
        # here. They are the backend's conversion functions, which read only settings (USE_TZ, the time zone).
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(columns)
        compiler.get_converters = lambda expressions: converters
        return _Compiled(template, compiler, sql, tuple(params), positions)

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

    def fetch(self, *, shape: Hashable = None, using: str = "default", **values: Any) -> list[M]:
        """The rows for these values, as the built queryset would return them."""
        if values.keys() != self._parameters.keys():
            raise TypeError(f"expected values for {sorted(self._parameters)}, got {sorted(values)}")
        if any(type(v) is int and not _BIGINT[0] <= v <= _BIGINT[1] for v in values.values()):
            return []  # no id column holds it (Django's own lookups say the same, without a query)
        entry = self._entry(using, shape)
        if entry is None:
            return []
        params = list(entry.params)
        for name, where in entry.positions.items():
            for i in where:
                params[i] = values[name]
        bound = tuple(params)
        connection = connections[using]
        if entry.template.query.select_for_update and connection.get_autocommit():
            # Django's compiler refuses this on every compile; the bound SQL must refuse it too.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        compiler = copy.copy(entry.compiler)
        compiler.connection = connection  # this thread's connection, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (entry.sql, bound)
        queryset = entry.template._chain()  # type: ignore[attr-defined]  # Django's clone, kept private
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def first(self, *, shape: Hashable = None, using: str = "default", **values: Any) -> M | None:
        rows = self.fetch(shape=shape, using=using, **values)
        return rows[0] if rows else None
