"""The embedded default (SQLite) queues concurrent writers instead of failing one with "database is locked".

Two requests that read and then write in one transaction (a double-clicked "agree": lock the statement, check
its status, write the answer) used to make SQLite refuse one of them with OperationalError, a 500. With the
project's SQLITE_OPTIONS every transaction begins IMMEDIATE, so the second waits for the first and then sees its
result, and the service refuses it cleanly.
"""

from __future__ import annotations

import sqlite3
import threading

from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings.base import SQLITE_OPTIONS


def _race(path, options: dict) -> tuple[list[str], int]:
    """Three threads, each on its own connection: in one transaction read the counter, pause, write it + 1."""
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE IF NOT EXISTS answer (id INTEGER PRIMARY KEY, n INTEGER)")
    setup.execute("DELETE FROM answer")
    setup.execute("INSERT INTO answer VALUES (1, 0)")
    setup.commit()
    setup.close()
    errors: list[str] = []
    barrier = threading.Barrier(3)

    def worker(k: int) -> None:
        conn = DatabaseWrapper(
            {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": options,
                "TIME_ZONE": None,
                "CONN_MAX_AGE": 0,
                "CONN_HEALTH_CHECKS": False,
                "AUTOCOMMIT": True,
                "ATOMIC_REQUESTS": False,
            },
            alias=f"race{k}",
        )
        try:
            conn.ensure_connection()
            barrier.wait()
            conn._start_transaction_under_autocommit()  # what transaction.atomic() does on SQLite
            with conn.cursor() as cursor:
                cursor.execute("SELECT n FROM answer WHERE id = 1")
                (n,) = cursor.fetchone()
                threading.Event().wait(0.2)  # the others read meanwhile (DEFERRED) or wait (IMMEDIATE)
                cursor.execute("UPDATE answer SET n = %s WHERE id = 1", [n + 1])
            conn.commit()
        except Exception as exc:  # noqa: BLE001 - the point of the test is which errors happen
            errors.append(str(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = sqlite3.connect(path)
    (final,) = check.execute("SELECT n FROM answer").fetchone()
    check.close()
    return errors, final


def test_immediate_transactions_serialise_read_then_write(tmp_path, django_db_blocker) -> None:
    with django_db_blocker.unblock():  # our own files, not the test database
        errors, final = _race(tmp_path / "race.sqlite3", SQLITE_OPTIONS)
    assert errors == [] and final == 3


def test_sqlite_default_would_fail_the_race(tmp_path, django_db_blocker) -> None:
    # The same race with SQLite's default DEFERRED transactions: the reason for the setting above.
    options = {k: v for k, v in SQLITE_OPTIONS.items() if k != "transaction_mode"}
    with django_db_blocker.unblock():
        errors, final = _race(tmp_path / "race.sqlite3", options)
    assert errors and all("locked" in e for e in errors) and final == 3 - len(errors)
