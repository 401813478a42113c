"""Bulk inserts of model instances with PostgreSQL's ``COPY ... FROM STDIN`` (issue 20 item 4).

A publishing chunk inserts 1,000 statements and about 900 notification rows. Profiling it on PostgreSQL showed most of
the client's time in Django's ``bulk_create``: the SQL compiler building one parameter per field per row, and psycopg
converting a 20,000-parameter query, before the server parses it. ``COPY`` streams the same values instead. The
values are exactly those ``bulk_create`` would send (each field's ``pre_save(add=True)`` and ``get_db_prep_save``),
the table's constraints check every row as before, and it all happens in the caller's transaction.

PostgreSQL only: callers keep ``bulk_create`` (or their INSERT) on other backends.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


def _fields(model: type[models.Model], *, with_pk: bool) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]


def _columns(connection: BaseDatabaseWrapper, fields: list[models.Field]) -> str:
    # Concrete fields all have a column (only a reverse relation has none).
    return ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)


def _rows(objs: Sequence[models.Model], fields: list[models.Field], connection: BaseDatabaseWrapper):
    # What SQLInsertCompiler.prepare_value does for a plain field value (no expressions here).
    for obj in objs:
        yield tuple(f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields)


def _copy(
    connection: BaseDatabaseWrapper, table: str, fields: list[models.Field], objs: Sequence[models.Model]
) -> None:
    names = _columns(connection, fields)
    # The raw psycopg cursor has no Django error wrapping: a refused row raises django.db.IntegrityError, as from
    # bulk_create.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in _rows(objs, fields, connection):
                copy.write_row(row)


def _allocate_ids(connection: BaseDatabaseWrapper, model: type[models.Model], count: int) -> list[int]:
    """``count`` values of the primary key's sequence, ascending (as the ids of a multi-row INSERT would be)."""
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def copy_create(connection: BaseDatabaseWrapper, objs: Sequence[models.Model]) -> None:
    """Insert unsaved instances of one model, as ``bulk_create(objs)`` without conflict handling would.

    Each instance gets its primary key from the table's own sequence first (COPY returns nothing), and is marked
    saved on ``connection`` afterwards, as ``bulk_create`` leaves them.
    """
    if not objs:
        return
    model = type(objs[0])
    for obj in objs:
        if obj.pk is not None or not obj._state.adding:
            raise ValueError("copy_create inserts new rows only (instances without a primary key)")
        # Related instances must be saved already; this raises as bulk_create would (Django's own method, which the
        # type stubs lack).
        obj._prepare_related_fields_for_save(operation_name="copy_create")  # type: ignore[attr-defined]
    for obj, pk in zip(objs, _allocate_ids(connection, model, len(objs)), strict=True):
        obj.pk = pk
    _copy(connection, connection.ops.quote_name(model._meta.db_table), _fields(model, with_pk=True), objs)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_insert_ignoring_conflicts(connection: BaseDatabaseWrapper, objs: Sequence[models.Model]) -> int:
    """``INSERT ... ON CONFLICT DO NOTHING`` of unsaved instances through COPY; returns the rows inserted.

    COPY itself cannot skip a conflicting row, so the rows go to a temporary table first and one INSERT ... SELECT
    moves them, skipping those that conflict with a unique constraint (a concurrent writer's row). Must run inside a
    transaction. The instances are not given their ids (the callers need only the count).
    """
    if not objs:
        return 0
    if not connection.in_atomic_block:
        raise RuntimeError("copy_insert_ignoring_conflicts must run inside a transaction")
    model = type(objs[0])
    for obj in objs:
        # As bulk_create: an unsaved related instance raises (Django's own method, which the type stubs lack).
        obj._prepare_related_fields_for_save(operation_name="copy_insert")  # type: ignore[attr-defined]
    ops = connection.ops
    fields = _fields(model, with_pk=False)
    names = _columns(connection, fields)
    table = ops.quote_name(model._meta.db_table)
    staging = ops.quote_name(f"copy_staging_{model._meta.db_table}")
    with connection.cursor() as cursor:
        # The columns and types only (no constraints, no identity): the real table checks the rows on the INSERT.
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA")
        _copy(connection, staging, fields, objs)
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} ON CONFLICT DO NOTHING")
        inserted = cursor.rowcount
        # Now, not at commit: a second call in the same transaction creates it again. (After an error the
        # transaction rolls back, and the table with it.)
        cursor.execute(f"DROP TABLE {staging}")
    return inserted
