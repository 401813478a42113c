"""A command on a database that was never migrated (a fresh clone before `make demo`, a release before `migrate`):
one line saying to run `migrate`, in the command's language, exit status 1, no traceback; other database errors are
not dressed up as this one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BANK = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-08,货款,,30000.00,130000.00\n"
BOOKS = "日期,凭证号,摘要,借方,贷方,余额\n2026-10-08,记-1,收货款,30000.00,,130000.00\n"


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "bank.csv").write_text(BANK, encoding="utf-8")
    (tmp_path / "books.csv").write_text(BOOKS, encoding="utf-8")
    return str(tmp_path / "bank.csv"), str(tmp_path / "books.csv")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "run `python manage.py migrate` first"), ("zh-hans", "请先运行 `python manage.py migrate`")],
)
def test_a_command_before_migrate_says_to_migrate(
    tmp_path: Path, files: tuple[str, str], language: str, expected: str
) -> None:
    bank, books = files
    done = _manage(
        tmp_path,
        "reconcile_files",
        "--bank",
        bank,
        "--journal",
        books,
        "--out",
        str(tmp_path / "out"),
        "--language",
        language,
    )
    assert done.returncode == 1
    assert expected in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.count("\n") == 1


def test_migrate_failing_shows_its_own_error_not_run_migrate(tmp_path: Path) -> None:
    """`migrate` itself failing (a table in its way) leaves migrations unapplied: telling the operator to run migrate
    hid the error that stops it."""
    import sqlite3

    with sqlite3.connect(tmp_path / "empty.sqlite3") as db:
        db.execute("CREATE TABLE django_content_type (x INTEGER)")
    done = _manage(tmp_path, "migrate", "--noinput")
    assert done.returncode != 0
    assert "already exists" in done.stderr
    assert "manage.py migrate` first" not in done.stderr


def _shell(tmp_path: Path, code: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`manage.py shell -c` running ``code``: a command whose database error escapes to manage.py."""
    if database_url is None:
        return _manage(tmp_path, "shell", "-c", code, "--no-imports")
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env = {**keep, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.embedded"}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code, "--no-imports"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


_HINT = "`python manage.py migrate`"  # in the hint, whichever its language
_RUN = "from django.db import connection; cursor = connection.cursor(); "


@pytest.mark.parametrize(
    "statements",
    [
        ["select * from portal_customer"],
        ["create table t (x integer)", "select y from t"],
        ["create table t (x integer)", "insert into t (y) values (1)"],
    ],
    ids=["no such table", "no such column", "has no column named"],
)
def test_a_missing_table_or_column_before_migrate_says_to_migrate(tmp_path: Path, statements: list[str]) -> None:
    done = _shell(tmp_path, _RUN + "".join(f"cursor.execute({sql!r}); " for sql in statements))
    assert done.returncode == 1
    assert "请先运行 `python manage.py migrate`" in done.stderr
    assert "Traceback" not in done.stderr


def test_another_database_error_before_migrate_is_shown_as_it_is(tmp_path: Path) -> None:
    """A constraint failing (or a lock, a syntax error) is not the schema being behind, even while migrations are
    pending: the operator sees that error, not "run migrate first"."""
    code = _RUN + "cursor.execute('create table t (x integer not null)'); cursor.execute('insert into t values (null)')"
    done = _shell(tmp_path, code)
    assert done.returncode != 0
    assert "NOT NULL constraint failed" in done.stderr
    assert _HINT not in done.stderr and "manage.py migrate" not in done.stderr


@pytest.fixture
def empty_postgres_url():
    """A database of its own on the integration tests' PostgreSQL server, never migrated, dropped afterwards."""
    import uuid

    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    server = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432, "user": db.get("USER") or ""}
    password = db.get("PASSWORD") or ""
    name = f"schema_guard_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**server, password=password, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = f"{server['user']}:{password}@" if password else f"{server['user']}@"
    try:
        yield f"postgres://{auth}{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server, password=password, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.integration
@pytest.mark.parametrize(
    ("code", "shown"),
    [
        (_RUN + "cursor.execute('select * from portal_customer')", _HINT),
        (_RUN + "cursor.execute('select 1 / 0')", "division by zero"),
    ],
    ids=["missing relation", "another error"],
)
def test_postgresql_missing_relation_says_to_migrate_other_errors_stand(
    tmp_path: Path, empty_postgres_url: str, code: str, shown: str
) -> None:
    done = _shell(tmp_path, code, empty_postgres_url)
    assert done.returncode != 0
    assert shown in done.stderr, done.stderr[-2000:]
    if shown != _HINT:
        assert _HINT not in done.stderr


_IN_FAILED_TRANSACTION = """
import django
django.setup()
from django.db import DatabaseError, connection, transaction
from config.schema_guard import schema_behind_message
with transaction.atomic():
    try:
        connection.cursor().execute("select * from portal_customer")
    except DatabaseError as exc:
        print(schema_behind_message(exc, ["manage.py", "reconcile_files"]))
"""


@pytest.mark.integration
def test_postgresql_guard_called_inside_the_failed_transaction_still_says_to_migrate(empty_postgres_url: str) -> None:
    """A failed statement leaves PostgreSQL's transaction aborted, refusing every statement until rolled back: the
    guard asked for the pending migrations on that connection, failed, and let the original error stand. A caller
    still inside the transaction (call_command under transaction.atomic) met it; manage.py closes the connection
    before it asks."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env = {**keep, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.embedded"}
    done = subprocess.run(
        [sys.executable, "-c", _IN_FAILED_TRANSACTION],
        cwd=ROOT,
        env={**env, "DATABASE_URL": empty_postgres_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _HINT in done.stdout
