"""`reconcile_files` with a statement of a month without movements (README "Supported import formats": valid when it
states both balances and their days): it was refused "no transactions found" although the import takes it. The
table is the bank's balance against the journal's, with every journal entry of the month outstanding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

pytestmark = pytest.mark.django_db
QUIET = Path(__file__).resolve().parents[1] / "fixtures" / "files" / "camt053_quiet_month.xml"  # 42,118.30 all month
JOURNAL = '日期,凭证字号,摘要,借方金额,贷方金额,余额\n2026-10-01,,期初余额,,,"42,118.30"\n'


def test_a_quiet_month_statement_is_reconciled_against_the_journal(tmp_path):
    journal = tmp_path / "journal.csv"
    journal.write_text(JOURNAL + '2026-10-30,记-1,开出支票 10234567,,"1,000.00","41,118.30"\n', encoding="utf-8")
    out = tmp_path / "out"
    call_command("reconcile_files", "--bank", str(QUIET), "--journal", str(journal), "--out", str(out))
    table = json.loads((out / "adjustment.json").read_text())
    assert (table["bank_balance"], table["book_balance"]) == ("42118.30", "41118.30")
    assert table["journal_out_not_bank"] == "1000.00" and table["agreed"] is True
    assert (out / "adjustment.pdf").stat().st_size and (out / "adjustment.xlsx").stat().st_size


def test_a_statement_without_lines_or_balances_is_still_refused(tmp_path):
    bank, journal = tmp_path / "bank.csv", tmp_path / "journal.csv"
    bank.write_text("交易日期,摘要,借方发生额,贷方发生额,余额\n", encoding="utf-8")
    journal.write_text(JOURNAL + '2026-10-30,记-1,付款,,"1,000.00","41,118.30"\n', encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError):
        call_command("reconcile_files", "--bank", str(bank), "--journal", str(journal), "--out", str(tmp_path / "o"))
