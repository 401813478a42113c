"""A command run on a database that was never migrated (or is behind the code) stops with what to do, not a traceback.

``manage.py`` calls ``schema_behind_message`` for a database error that escaped a command: when it names a table or
column that does not exist and migrations are unapplied, that is the cause (a fresh clone, a new release before
``migrate``), and the operator gets one line naming the command that fixes it; any other database error is re-raised
as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.conf import settings
from django.db import DatabaseError, OperationalError, ProgrammingError, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import ngettext


def _unapplied(alias: str = "default") -> int:
    """Migrations not applied, asked on a connection of its own: the failed command's may still be inside the
    transaction its error aborted, where PostgreSQL refuses every statement until a rollback."""
    connection = connections.create_connection(alias)
    try:
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    finally:
        connection.close()


# What a database says of a table or column the code expects and the schema lacks. PostgreSQL: undefined_table and
# undefined_column (SQLSTATE 42P01, 42703), `relation "x" does not exist`; SQLite: `no such table`, `no such
# column`, `table x has no column named y`.
_MISSING_STATES = frozenset({"42P01", "42703"})
_MISSING_TEXT = re.compile(
    r"no such (?:table|column)|has no column named|(?:relation|table|column) \S+ does not exist", re.IGNORECASE
)


def _schema_missing(exc: DatabaseError) -> bool:
    """The error names a table or column that does not exist: the one a schema behind the code gives. Any other (a
    constraint, a lock, a full disk) is the command's own, whatever migrations are pending."""
    if not isinstance(exc, (OperationalError, ProgrammingError)):
        return False
    cause = exc.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)  # psycopg 3, psycopg2
    if state:
        return state in _MISSING_STATES
    return bool(_MISSING_TEXT.search(str(exc)))


def _language(argv: Sequence[str]) -> str | None:
    """The command's own ``--language`` (README: commands that take it print in it), else the active one."""
    known = {code for code, _name in settings.LANGUAGES}
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--language" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--language" or arg.startswith("--language=")) and value.lower() in known:
            return value.lower()
    return None


# Commands that apply or write migrations: their failure leaves migrations unapplied, and "run migrate" would hide
# the error that stops them (a table in the way, a data migration's constraint).
_MIGRATING = {"migrate", "makemigrations", "squashmigrations"}


def _command(argv: Sequence[str]) -> str:
    return next((arg for arg in argv[1:] if not arg.startswith("-")), "")


def schema_behind_message(exc: DatabaseError, argv: Sequence[str]) -> str | None:
    """The message for ``exc`` when the database's schema is behind the code; None when it is not (or unknown)."""
    if _command(argv) in _MIGRATING or not _schema_missing(exc):
        return None
    try:
        missing = _unapplied()
    except Exception:  # noqa: BLE001 - the database cannot even say: not ours to explain, the original error stands
        return None
    if not missing:
        return None
    with translation.override(_language(argv) or translation.get_language()):
        return ngettext(
            "The database is not set up for this version (%(n)s migration not applied): run "
            "`python manage.py migrate` first (`make demo` does it for the demo database), then run the command again.",
            "The database is not set up for this version (%(n)s migrations not applied): run "
            "`python manage.py migrate` first (`make demo` does it for the demo database), then run the command again.",
            missing,
        ) % {"n": missing}
