"""Balances written with their side in the cell (`借 1,000.00`, `1,000.00 借`, `Dr 1,000.00`, `1,000.00 CR`): read
with the sign the side gives, the way a 方向 column beside the balance is read. A journal is the company's books of an
asset account: 借 / Dr is a positive balance, 贷 / Cr an overdraft. A bank statement is the bank's view of the same
account: Cr (in credit) is a positive balance, Dr (overdrawn) a negative one. These cells were refused as unreadable."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from reconcile.parsers import parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xlsx_bytes

JOURNAL_HEAD = ["日期", "凭证号", "摘要", "借方金额", "贷方金额", "余额"]


def _journal(opening: str, after_in: str, after_out: str):
    rows = [
        JOURNAL_HEAD,
        ["2026-01-01", "", "期初余额", "", "", opening],
        ["2026-01-05", "记-1", "收货款", "500.00", "", after_in],
        ["2026-01-10", "记-2", "付材料款", "", "2,000.00", after_out],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "journal.xlsx", kind="journal")
    return pf


@pytest.mark.parametrize(
    ("opening", "after_in", "after_out"),
    [
        ("借 1,000.00", "借 1,500.00", "贷 500.00"),
        ("1,000.00 借", "1,500.00 借", "500.00 贷"),
        ("Dr 1,000.00", "Dr1,500.00", "Cr 500.00"),
        ("1,000.00 DR", "1,500.00 Dr.", "500.00 CR"),
        ("借方 1,000.00", "借 1,500.00", "贷方 500.00"),
    ],
)
def test_a_journal_balance_with_its_side_in_the_cell(opening: str, after_in: str, after_out: str) -> None:
    pf = _journal(opening, after_in, after_out)
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert pf.opening_balance == Decimal("1000.00")
    assert [ln.balance for ln in pf.lines] == [Decimal("1500.00"), Decimal("-500.00")]


def test_a_journal_balance_side_that_does_not_follow_is_caught_by_the_running_balance() -> None:
    """贷 500.00 read as +500.00 would break the running balance: the sign is the side's, and checked."""
    pf = _journal("借 1,000.00", "借 1,500.00", "借 500.00")
    assert [e.row for e in pf.errors] == [4]


def test_an_even_balance_written_with_its_side() -> None:
    pf = _journal("借 1,500.00", "借 2,000.00", "平 0.00")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert pf.lines[-1].balance == Decimal("0.00")


@pytest.mark.parametrize(
    ("after_in", "after_out"),
    [
        ("1,500.00 CR", "500.00 DR"),
        ("Cr 1,500.00", "Dr 500.00"),
        ("贷 1,500.00", "借 500.00"),
        ("1,500.00", "500.00 DR"),
    ],
)
def test_a_bank_balance_with_its_side_in_the_cell(after_in: str, after_out: str) -> None:
    rows = [
        ["Date", "Description", "Debit", "Credit", "Balance"],
        ["2026-01-05", "Customer payment", "", "500.00", after_in],
        ["2026-01-10", "Supplier", "2,000.00", "", after_out],
    ]
    [pf] = parse_file(csv_bytes(rows), "statement.csv", kind="bank")
    assert pf.ok, [(e.row, e.column, e.message) for e in pf.errors]
    assert [(ln.direction, ln.balance) for ln in pf.lines] == [("in", Decimal("1500.00")), ("out", Decimal("-500.00"))]


@pytest.mark.parametrize("value", ["借 abc", "Dr", "1,000.00 借 贷", "CR 1,0.00.0"])
def test_an_unreadable_balance_with_a_side_is_refused_naming_row_and_value(value: str) -> None:
    pf = _journal("借 1,000.00", value, "贷 500.00")
    [err] = [e for e in pf.errors if e.row == 3]
    assert (err.column, err.value) == ("余额", value)
    with translation.override("en"):
        assert err.message.startswith("Row 3, column “余额”:")
        assert value in err.message


def test_a_side_in_the_cell_and_a_side_column_that_disagree_are_refused() -> None:
    rows = [
        ["日期", "凭证号", "摘要", "借方金额", "贷方金额", "方向", "余额"],
        ["2026-01-01", "", "期初余额", "", "", "借", "1,000.00"],
        ["2026-01-05", "记-1", "收货款", "500.00", "", "贷", "借 1,500.00"],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "journal.xlsx", kind="journal")
    [err] = pf.errors
    assert (err.row, err.value) == (3, "借 1,500.00")
