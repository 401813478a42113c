"""A 日记账 that prints each day once (on the day's first entry): the entries below take that day, only where the
layout is clearly such; an undated entry elsewhere is refused on its row, naming the date column, as before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes

# The messages are asserted in English; the product speaks Chinese by default.
pytestmark = pytest.mark.usefixtures("english")

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "journals"
HEADER = ["日期", "凭证号", "摘要", "对方科目", "借方金额", "贷方金额", "余额"]


def test_entries_below_a_dated_entry_take_its_day_until_the_days_total() -> None:
    name = "cash_journal_day_printed_once_2026-01.csv"
    [pf] = parse_file((FILES / name).read_bytes(), name, kind="journal")
    assert pf.ok, pf.errors
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("141085.00"))
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        (6, date(2026, 1, 5), "in", Decimal("50000.00"), "记-1"),
        (7, date(2026, 1, 5), "out", Decimal("1200.00"), "记-2"),
        (8, date(2026, 1, 5), "out", Decimal("15.00"), "记-3"),
        (10, date(2026, 1, 8), "out", Decimal("8000.00"), "记-4"),
        (11, date(2026, 1, 8), "in", Decimal("300.00"), "记-5"),
    ]
    [note] = pf.warnings
    assert note.render() == (
        "the journal prints each day once: 3 entries without a date (rows 7, 8, 11) were taken as of the day of the "
        "entry above them"
    )


def test_an_undated_entry_after_a_days_total_is_refused_naming_row_and_column() -> None:
    rows = [
        HEADER,
        ["2026-01-05", "记-1", "收货款", "应收账款", "500.00", "", "1500.00"],
        ["", "记-2", "付运费", "销售费用", "", "100.00", "1400.00"],
        ["", "", "本日合计", "", "500.00", "100.00", "1400.00"],
        ["", "记-3", "付房租", "管理费用", "", "400.00", "1000.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "j.csv", kind="journal")
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(5, "日期", "missing_value")]


def test_a_journal_whose_first_entry_is_undated_takes_no_day() -> None:
    rows = [
        HEADER,
        ["", "记-1", "收货款", "应收账款", "500.00", "", "1500.00"],
        ["2026-01-06", "记-2", "付运费", "销售费用", "", "100.00", "1400.00"],
        ["", "记-3", "付房租", "管理费用", "", "400.00", "1000.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "j.csv", kind="journal")
    assert [(e.row, e.column, e.code) for e in pf.errors] == [
        (2, "日期", "missing_value"),
        (4, "日期", "missing_value"),
    ]


def test_a_bank_statement_with_an_undated_line_is_still_refused_on_its_row() -> None:
    rows = [
        ["交易日期", "摘要", "收入金额", "支出金额", "余额"],
        ["2026-01-05", "货款", "500.00", "", "1500.00"],
        ["", "运费", "", "100.00", "1400.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "s.csv", kind="bank")
    assert [(e.row, e.column, e.code) for e in pf.errors] == [(3, "交易日期", "missing_value")]


def test_an_excel_journal_with_empty_date_cells_takes_the_day_above() -> None:
    from tests.reconcile.parsers.cnparse_kit import xlsx_bytes

    rows = [
        ["银行日记账"],
        HEADER,
        ["2026-01-05", "记-1", "收货款", "应收账款", 500, None, 1500],
        [None, "记-2", "付运费", "销售费用", None, 100, 1400],
        [None, None, "本日合计", None, 500, 100, 1400],
    ]
    [pf] = parse_file(xlsx_bytes(rows), "j.xlsx", kind="journal")
    assert pf.ok, pf.errors
    assert [(ln.row, ln.booking_date) for ln in pf.lines] == [(3, date(2026, 1, 5)), (4, date(2026, 1, 5))]


def test_month_and_day_columns_printed_once_are_carried_together() -> None:
    rows = [
        ["2026年度 银行日记账"],
        ["月", "日", "凭证号", "摘要", "借方", "贷方", "余额"],
        ["1", "5", "记-1", "收货款", "500.00", "", "1500.00"],
        ["", "", "记-2", "付运费", "", "100.00", "1400.00"],
        ["1", "9", "记-3", "付房租", "", "400.00", "1000.00"],
        ["", "", "记-4", "收利息", "2.00", "", "1002.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "j.csv", kind="journal")
    assert pf.ok, pf.errors
    assert [(ln.row, ln.booking_date) for ln in pf.lines] == [
        (3, date(2026, 1, 5)),
        (4, date(2026, 1, 5)),
        (5, date(2026, 1, 9)),
        (6, date(2026, 1, 9)),
    ]


def test_an_entry_below_an_unreadable_date_takes_no_day_and_is_refused_on_its_own_row() -> None:
    # A mistyped (3l) or formula date is no day: the entries below are not refused as holding a value they do not hold.
    for bad in ("2026-01-3l", "=DATE(2026,1,5)"):
        rows = [
            HEADER,
            ["2026-01-05", "记-1", "收货款", "应收账款", "500.00", "", "1500.00"],
            [bad, "记-2", "付运费", "销售费用", "", "100.00", "1400.00"],
            ["", "记-3", "付房租", "管理费用", "", "400.00", "1000.00"],
        ]
        [pf] = parse_file(csv_bytes(rows), "j.csv", kind="journal")
        assert [(e.row, e.column, e.value, e.code) for e in pf.errors] == [
            (3, "日期", bad, "bad_date"),
            (4, "日期", None, "missing_value"),
        ]
        assert not pf.warnings


def test_dates_written_with_a_month_name_are_carried() -> None:
    rows = [
        HEADER,
        ["05-Jan-2026", "记-1", "收货款", "应收账款", "500.00", "", "1500.00"],
        ["", "记-2", "付运费", "销售费用", "", "100.00", "1400.00"],
        ["2026年1月9日", "记-3", "付房租", "管理费用", "", "400.00", "1000.00"],
        ["", "记-4", "收利息", "利息收入", "2.00", "", "1002.00"],
    ]
    [pf] = parse_file(csv_bytes(rows), "j.csv", kind="journal")
    assert pf.ok, pf.errors
    assert [ln.booking_date for ln in pf.lines] == [date(2026, 1, 5)] * 2 + [date(2026, 1, 9)] * 2
