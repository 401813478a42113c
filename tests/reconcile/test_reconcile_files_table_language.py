"""`reconcile_files --table-language`: the 余额调节表 (XLSX and PDF) in English when asked for by name, as the web's
and the API's `language=en`; Chinese by default, the same bytes as without the option, whatever `--language` the
summary speaks; another value refused before any work."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.fixtures.worked_example import BANK_CSV, JOURNAL_CSV

pytestmark = pytest.mark.django_db
OUTPUTS = ("matches.csv", "suggestions.csv", "adjustment.json", "adjustment.xlsx", "adjustment.pdf")


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    bank, journal = tmp_path / "bank.csv", tmp_path / "journal.csv"
    bank.write_text(BANK_CSV, encoding="utf-8")
    journal.write_bytes(JOURNAL_CSV.encode("gb18030"))
    return ["--bank", str(bank), "--journal", str(journal)]


def _run(files: list[str], out: Path, *extra: str) -> dict[str, bytes]:
    call_command("reconcile_files", *files, "--out", str(out), *extra, stdout=io.StringIO())
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _sheets(data: bytes) -> list[str]:
    return openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def test_the_default_is_the_chinese_table_byte_for_byte(files, tmp_path):
    plain = _run(files, tmp_path / "plain")
    chinese = _run(files, tmp_path / "zh", "--table-language", "zh-hans")
    english_summary = _run(files, tmp_path / "en-summary", "--language", "en")
    assert plain == chinese == english_summary
    assert _sheets(plain["adjustment.xlsx"]) == ["余额调节表", "未达账项明细"]


def test_the_english_table(files, tmp_path):
    plain = _run(files, tmp_path / "plain")
    english = _run(files, tmp_path / "en", "--table-language", "en")
    assert _sheets(english["adjustment.xlsx"]) == ["Reconciliation", "Outstanding items"]
    assert english["adjustment.pdf"] != plain["adjustment.pdf"]
    for name in ("matches.csv", "suggestions.csv", "adjustment.json"):  # the same whatever the table's language
        assert english[name] == plain[name]


@pytest.mark.parametrize("value", ["fr", "EN", "=1+1", "zh-hans\x00"])
def test_another_value_is_refused_before_any_work(files, tmp_path, value):
    out = tmp_path / "o"
    with pytest.raises(CommandError, match="table-language"):
        call_command("reconcile_files", *files, "--out", str(out), "--table-language", value, stdout=io.StringIO())
    assert not out.exists()
