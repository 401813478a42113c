"""manage.py backup / restore on the embedded default (SQLite's online backup API): a demo installation backed up
and restored into a new database and MEDIA_ROOT is the same, its audit chain intact and every document present;
damaged backups and non-empty targets are refused before anything changes. PostgreSQL: tests/integration."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.embedded",
            "PORTAL_VAR_DIR": str(home),
            "MEDIA_ROOT": str(home / "media"),
            "DEBUG": "0",
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def says(output: str, english: str, chinese: str) -> bool:
    """The commands speak Chinese by default (the English text, of the same message, must not be there)."""
    return chinese in output and english not in output


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    home = tmp_path_factory.mktemp("live")
    for command in (("migrate", "--noinput"), ("seed_demo",)):
        result = manage(*command, home=home)
        assert result.returncode == 0, result.stderr[-3000:]
    backup = tmp_path_factory.mktemp("backups") / "2026-12-05"
    result = manage("backup", str(backup), home=home)
    assert result.returncode == 0, result.stderr[-3000:]
    return home, backup


def test_backup_writes_the_database_the_files_and_their_hashes(installation):
    home, backup = installation
    manifest = json.loads((backup / "manifest.json").read_text("utf-8"))
    assert manifest["database"]["vendor"] == "sqlite" and (backup / "database.sqlite3").is_file()
    live_files = sorted(p.relative_to(home / "media").as_posix() for p in (home / "media").rglob("*") if p.is_file())
    assert [entry["path"] for entry in manifest["media"]] == live_files
    assert any(path.endswith(".pdf") for path in live_files)  # the demo's statement PDFs
    assert manifest["missing_at_backup"] == []


def test_restore_into_an_empty_installation_gives_the_same_data_and_passes_the_checks(installation, tmp_path):
    home, backup = installation
    fresh = tmp_path / "restored"
    result = manage("restore", str(backup), home=fresh)
    assert result.returncode == 0, result.stderr[-3000:]
    assert says(result.stdout, "audit chain intact", "审计链完整")
    assert counts(fresh / "portal.sqlite3") == counts(home / "portal.sqlite3")
    assert manage("audit_verify", home=fresh).returncode == 0
    restored = {
        p.relative_to(fresh / "media").as_posix(): p.read_bytes() for p in (fresh / "media").rglob("*") if p.is_file()
    }
    original = {
        p.relative_to(home / "media").as_posix(): p.read_bytes() for p in (home / "media").rglob("*") if p.is_file()
    }
    assert restored == original
    # Again into the same place: refused, nothing overwritten.
    again = manage("restore", str(backup), home=fresh)
    assert again.returncode != 0 and says(again.stderr, "is not empty", "不是空")


def test_a_damaged_backup_is_refused_before_anything_is_restored(installation, tmp_path):
    import shutil

    _, backup = installation
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    pdf = next(p for p in (damaged / "media").rglob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    (damaged / "database.sqlite3").unlink()
    target = tmp_path / "target"
    result = manage("restore", str(damaged), home=target)
    assert result.returncode != 0
    assert says(result.stderr, "missing: database.sqlite3", "缺少：database.sqlite3")
    assert says(result.stderr, "changed since the backup", "备份后已被修改")
    assert not (target / "portal.sqlite3").exists() and not (target / "media").exists()
    check = manage("restore", "--check-only", str(backup), home=target)
    assert check.returncode == 0 and says(check.stdout, "is complete", "完整")


def test_backup_refuses_a_directory_that_is_not_empty(installation, tmp_path):
    home, _ = installation
    (tmp_path / "old.txt").write_text("x")
    result = manage("backup", str(tmp_path), home=home)
    assert result.returncode != 0 and says(result.stderr, "is not empty", "不是空目录")
