"""The ERP journal exports of tests/fixtures/journals (.csv, .xlsx, .xls, SAP's .txt) through the public commands:
`import_file --kind journal` stores each file's lines, and `reconcile_files` reconciles a Kingdee journal against its bank statement to the cent."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from reconcile.parsers import parse_file

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "journals"
EXPORTS = sorted(p.name for p in FILES.iterdir() if p.suffix in (".csv", ".xlsx", ".xls", ".txt"))


@pytest.mark.parametrize("name", EXPORTS)
def test_each_export_is_imported_as_a_journal(name: str) -> None:
    out = io.StringIO()
    call_command(
        "import_file", str(FILES / name), "--kind", "journal", "--account", "1202020209000123456",
        "--language", "en", stdout=out,
    )  # fmt: skip
    [pf] = parse_file((FILES / name).read_bytes(), name, kind="journal")
    assert f"{len(pf.lines)} lines stored, 0 already known" in out.getvalue()


BANK = """账号：1202020209000123456
交易日期,摘要,对方户名,收入金额,支出金额,余额
2026-01-06,货款,恒瑞贸易有限公司,12345.67,,112345.67
2026-01-17,支票,中科信达科技有限公司,,2345.67,110000.00
2026-01-31,手续费,,,10.00,109990.00
"""


def test_reconcile_files_with_a_kingdee_journal_agrees(tmp_path: Path) -> None:
    bank = tmp_path / "bank.csv"
    bank.write_text(BANK, encoding="utf-8")
    journal = FILES / "kingdee_cloud_bank_journal_2026-01.xlsx"
    out = tmp_path / "out"
    call_command(
        "reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(out), "--language", "en",
        stdout=io.StringIO(),
    )  # fmt: skip
    summary = json.loads((out / "adjustment.json").read_text())
    assert (summary["book_balance"], summary["bank_balance"]) == ("110000.00", "109990.00")
    assert (summary["bank_out_not_journal"], summary["difference"], summary["agreed"]) == ("10.00", "0.00", True)
