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
