"""manage.py restore speaks one language, as the other operators' commands do: Chinese by default, English when
English is active, in its own lines and in its refusals (the backup's checks). Before, it was English whatever the
language."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from system.backup import RestoreReport

pytestmark = pytest.mark.django_db


def _backup(directory: Path) -> Path:
    """A backup of one database file and no media, as manage.py backup writes its manifest."""
    directory.mkdir()
    (directory / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    manifest = {
        "format": 1,
        "product": "bankrec-portal",
        "database": {
            "vendor": "sqlite",
            "file": "database.sqlite3",
            "sha256": hashlib.sha256(b"SQLite format 3\x00").hexdigest(),
            "size": 16,
        },
        "media": [],
        "missing_at_backup": [],
    }
    (directory / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return directory


def _restore(*args: str) -> str:
    out = io.StringIO()
    call_command("restore", *args, stdout=out)
    return out.getvalue()


def _english_words(text: str, *allowed: str) -> list[str]:
    """Words of three letters or more left once paths, file names and product names are taken out."""
    for word in (*allowed, "manifest.json", "database.sqlite3", "sqlite", "SHA-256", "MEDIA_ROOT"):
        text = text.replace(word, "")
    return re.findall(r"[A-Za-z]{3,}", text)


def test_check_only_in_chinese_then_in_english(tmp_path):
    source = _backup(tmp_path / "b")
    out = _restore(str(source), "--check-only")
    assert f"备份 {source} 完整：0 个文件及 sqlite 数据库均与其哈希值一致。" in out
    assert not _english_words(out, str(source)), out
    with translation.override("en"):
        out = _restore(str(source), "--check-only")
    assert f"Backup {source} is complete: 0 files and the sqlite database match their hashes." in out


def test_a_damaged_backup_is_refused_in_chinese_then_in_english(tmp_path):
    source = _backup(tmp_path / "b")
    (source / "database.sqlite3").write_bytes(b"changed")
    with pytest.raises(CommandError) as info:
        _restore(str(source), "--check-only")
    assert (
        str(info.value) == "备份不完整或已损坏，未恢复任何内容：\n  备份后已被修改（SHA-256 不一致）：database.sqlite3"
    )
    with translation.override("en"), pytest.raises(CommandError) as info:
        _restore(str(source), "--check-only")
    assert "changed since the backup (SHA-256 differs): database.sqlite3" in str(info.value)


def test_a_directory_that_is_no_backup_is_named_in_either_language(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError) as info:
        _restore(str(tmp_path / "empty"))
    assert "中没有 manifest.json：不是由 manage.py backup 生成的备份。" in str(info.value)
    assert not _english_words(str(info.value), str(tmp_path / "empty"), "manage.py backup")
    with translation.override("en"), pytest.raises(CommandError, match="has no manifest.json: not a backup"):
        _restore(str(tmp_path / "empty"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_restored_report_and_its_problems(tmp_path, monkeypatch, language):
    import system.management.commands.restore as restore

    report = RestoreReport(database="sqlite", files=3, audit_events=42, documents_checked=3)
    monkeypatch.setattr(restore, "backup_restore", lambda source: report)
    with translation.override(language):
        out = _restore(str(tmp_path))
        report.problems = ["x"]
        with pytest.raises(CommandError) as info:
            _restore(str(tmp_path))
    if language == "en":
        assert "audit chain intact (42 events); 3 stored documents present." in out
        assert str(info.value).startswith("Restored, but the checks found problems:")
    else:
        assert f"已恢复 {tmp_path}：sqlite 数据库，3 个文件；审计链完整（42 条事件）；3 份已存文档均在。" in out
        assert str(info.value).startswith("已恢复，但检查发现问题：")
        assert not _english_words(out, str(tmp_path)), out
