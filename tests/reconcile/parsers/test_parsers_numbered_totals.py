"""Total rows that carry a number in the voucher or serial column (金蝶 / 用友 明细账 write the count of vouchers there,
QuickBooks and Xero a reference): the summary names the total, so the row is a total, not one more line counted twice.
An entry whose summary merely ends in a total word (`支付运费合计`, with its voucher) stays an entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xlsx_bytes

HEAD = ["日期", "凭证号", "摘要", "借方金额", "贷方金额"]


def _lines(pf) -> list[tuple[int, str, Decimal]]:
    return [(ln.row, ln.direction, ln.amount) for ln in pf.lines]


@pytest.mark.parametrize("word", ["合计", "本月合计", "本年累计", "本期合计"])
@pytest.mark.parametrize("number", ["2", "记-9", 2])
def test_a_total_row_with_a_number_in_its_voucher_column_is_not_a_line(word: str, number: object) -> None:
    rows = [
        ["银行存款明细账"],
        HEAD,
        ["2026-01-05", "记-1", "收货款", "500.00", ""],
        ["2026-01-10", "记-5", "支付运费合计", "", "300.00"],
        ["2026-01-31", number, word, "500.00", "300.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "ledger.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert _lines(pf) == [(3, "in", Decimal("500.00")), (4, "out", Decimal("300.00"))]


def test_a_numbered_total_that_does_not_add_up_is_still_checked_as_a_total() -> None:
    """Read as a total, the row's amounts are the control totals: a total that disagrees is reported on its row."""
    rows = [
        ["银行存款明细账"],
        HEAD,
        ["2026-01-05", "记-1", "收货款", "500.00", ""],
        ["2026-01-31", "1", "本月合计", "600.00", ""],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "ledger.xlsx", kind="journal")
    assert _lines(pf) == [(3, "in", Decimal("500.00"))]
    assert [e.row for e in pf.errors] == [4]


def test_an_entry_whose_summary_ends_in_a_total_word_stays_an_entry_without_a_balance_column() -> None:
    rows = [
        HEAD,
        ["2026-01-05", "记-1", "收货款", "500.00", ""],
        ["2026-01-10", "记-5", "支付运费合计", "", "300.00"],
        ["2026-01-12", "6", "人民币合计", "", "100.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "ledger.xlsx", kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert [ln.summary for ln in pf.lines] == ["收货款", "支付运费合计", "人民币合计"]


def test_an_english_total_row_with_a_reference_number_is_not_a_line() -> None:
    """QuickBooks' General Ledger writes a count in the Num column of its account's total row."""
    rows = [
        ["Date", "Num", "Memo", "Debit", "Credit"],
        ["01/05/2026", "1001", "Customer payment", "1,234.56", ""],
        ["01/16/2026", "1002", "Rent", "", "234.56"],
        ["", "2", "Total", "1,234.56", "234.56"],
    ]
    [pf] = parse_file(csv_bytes(rows), "gl.csv", kind="journal")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert [(ln.row, ln.booking_date) for ln in pf.lines] == [(2, date(2026, 1, 5)), (3, date(2026, 1, 16))]


def test_an_undated_line_of_a_merchant_named_total_with_its_reference_is_not_dropped() -> None:
    """`TOTAL PETROCHEMICALS` is a merchant, not QuickBooks' bare `Total` or `Total for Checking`: a line of it with a
    reference and no date is refused on its row (as before numbered totals), never silently left out."""
    rows = [
        ["Date", "Num", "Memo", "Amount"],
        ["2026-01-05", "1001", "Coffee", "-5.00"],
        ["", "1002", "TOTAL PETROCHEMICALS", "-50.00"],
        ["2026-01-06", "1003", "Deposit", "100.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "gl.csv", kind="journal")
    assert [e.row for e in pf.errors] == [3]


def test_a_dated_entry_whose_text_starts_like_a_closing_balance_keeps_its_reference() -> None:
    rows = [
        ["Date", "Num", "Memo", "Amount"],
        ["2026-01-05", "1001", "Coffee", "-5.00"],
        ["2026-01-06", "1002", "Carried forward to deposit account", "-50.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "gl.csv", kind="journal")
    assert [(ln.row, ln.amount) for ln in pf.lines] == [(2, Decimal("5.00")), (3, Decimal("50.00"))]


@pytest.mark.parametrize("text", ["Total for Checking", "Total - 1000 Checking", "TOTAL"])
def test_an_english_total_named_as_exports_write_it_is_a_total_with_its_number(text: str) -> None:
    rows = [
        ["Date", "Num", "Memo", "Amount"],
        ["2026-01-05", "1001", "Customer payment", "1,234.56"],
        ["", "1", text, "1,234.56"],
    ]
    [pf] = parse_file(csv_bytes(rows), "gl.csv", kind="journal")
    assert pf.ok and [ln.row for ln in pf.lines] == [2]
