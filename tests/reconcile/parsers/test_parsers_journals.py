"""ERP bank-deposit journals (银行存款日记账): journal 借方 = money IN, 贷方 = money OUT."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes, xlsx_bytes

KINGDEE = [
    ["银行存款日记账"],
    ["科目：1002.01 银行存款-工商银行", "", "", "币别：人民币", "", "", "期间：2026年10月"],
    ["日期", "凭证字号", "摘要", "对方科目", "结算方式", "结算号", "借方金额", "贷方金额", "方向", "余额"],
    ["2026-10-01", "", "期初余额", "", "", "", "", "", "借", "1,198,500.00"],
    [
        "2026-10-08",
        "记-15",
        "收恒瑞贸易货款",
        "1122 应收账款-恒瑞贸易",
        "电汇",
        "",
        "50,000.00",
        "",
        "借",
        "1,248,500.00",
    ],
    [
        "2026-10-09",
        "记-16",
        "付中科信达设备款",
        "2202 应付账款-中科信达",
        "转账支票",
        "10234567",
        "",
        "80,000.00",
        "借",
        "1,168,500.00",
    ],
    ["", "", "本期合计", "", "", "", "50,000.00", "80,000.00", "借", "1,168,500.00"],
    ["", "", "本年累计", "", "", "", "900,000.00", "700,000.00", "借", "1,168,500.00"],
]


def test_kingdee_journal() -> None:
    [pf] = parse_file(xlsx_bytes(KINGDEE), "kingdee.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.kind == "journal"
    assert pf.opening_balance == Decimal("1198500.00")
    assert pf.closing_balance == Decimal("1168500.00")
    a, b = pf.lines
    assert (a.row, a.booking_date, a.amount, a.direction) == (5, date(2026, 10, 8), Decimal("50000.00"), "in")
    assert (b.row, b.booking_date, b.amount, b.direction) == (6, date(2026, 10, 9), Decimal("80000.00"), "out")
    assert (b.serial, b.voucher_no, b.settlement_method) == ("记-16", "10234567", "转账支票")
    assert a.counter_subject == "1122 应收账款-恒瑞贸易" and a.summary == "收恒瑞贸易货款"
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("50000.00"), Decimal("80000.00"))


def test_kingdee_period_total_mismatch_is_reported_on_its_row() -> None:
    rows = [list(r) for r in KINGDEE]
    rows[6][7] = "81,000.00"
    [pf] = parse_file(xlsx_bytes(rows), "kingdee.xlsx", kind="journal")
    [err] = pf.errors
    assert err.row == 7 and err.code == "control_total_mismatch" and "本期合计" in err.column
    assert "80000.00" in err.message


def test_same_file_as_bank_statement_reads_directions_the_other_way() -> None:
    """The trap: the same 借/贷 columns mean the opposite on a bank statement."""
    rows = [r[:9] for r in KINGDEE[:3]] + [[*r[:8]] for r in KINGDEE[4:6]]
    [pf] = parse_file(xlsx_bytes(rows), "k.xlsx", kind="bank")
    assert [ln.direction for ln in pf.lines] == ["out", "in"]


YONYOU_TWO_ROW = [
    ["银行存款日记账"],
    ["科目：100201 银行存款/工行基本户", "", "", "", "2026年度"],
    ["2026年", "", "凭证号数", "摘要", "结算方式", "票号", "借方", "贷方", "方向", "余额"],
    ["月", "日", "", "", "", "", "", "", "", ""],
    [10, 1, "", "上月结转", "", "", "", "", "借", 1198500],
    [10, 8, "记-0015", "收货款", "电汇", "", 50000, "", "借", 1248500],
    [10, 9, "记-0016", "付设备款", "转账支票", "10234567", "", 80000, "借", 1168500],
    [10, 31, "", "本月合计", "", "", 50000, 80000, "借", 1168500],
    [10, 31, "", "本年累计", "", "", 900000, 700000, "借", 1168500],
]


def test_yonyou_month_day_columns_with_year_in_title() -> None:
    [pf] = parse_file(xlsx_bytes(YONYOU_TWO_ROW), "u8.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.opening_balance == Decimal("1198500.00")
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        (6, date(2026, 10, 8), "in", Decimal("50000.00"), "记-0015"),
        (7, date(2026, 10, 9), "out", Decimal("80000.00"), "记-0016"),
    ]
    assert pf.lines[1].voucher_no == "10234567"


def test_yonyou_year_month_day_columns_and_overdraft_balance() -> None:
    rows = [
        ["日记账"],
        ["年", "月", "日", "凭证号数", "摘要", "借方", "贷方", "方向", "余额"],
        [2026, 10, 1, "", "上月结转", "", "", "贷", "1,000.00"],
        [2026, 10, 8, "记-1", "收款", "3,000.00", "", "借", "2,000.00"],
        [2026, 10, 9, "记-2", "付款", "", "2,000.00", "平", "0.00"],
    ]
    [pf] = parse_file(csv_bytes(rows, encoding="gbk"), "u8.csv", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.opening_balance == Decimal("-1000.00")  # 贷 balance on an asset account = overdrawn
    assert [(ln.row, ln.direction, ln.balance) for ln in pf.lines] == [
        (4, "in", Decimal("2000.00")),
        (5, "out", Decimal("0.00")),
    ]


def test_journal_without_year_is_refused() -> None:
    rows = [["月", "日", "凭证号数", "摘要", "借方", "贷方", "余额"], [10, 8, "记-1", "收款", "100.00", "", "100.00"]]
    with pytest.raises(ParseError) as exc:
        parse_file(csv_bytes(rows), "u8.csv", kind="journal")
    assert exc.value.code == "missing_year"


def test_sap_line_items_negative_is_credit_out() -> None:
    rows = [
        [
            "Posting Date",
            "Document Number",
            "Document Type",
            "Assignment",
            "Text",
            "Amount in local currency",
            "Local Currency",
        ],
        ["08.10.2026", "100000015", "DZ", "HR-01", "Customer payment Hengrui", "50,000.00", "CNY"],
        ["2026-10-09", "100000016", "KZ", "10234567", "Vendor payment Zhongke", "-80,000.00", "CNY"],
    ]
    rows[1][0] = "2026.10.08"
    [pf] = parse_file(xlsx_bytes(rows), "fbl3n.xlsx", kind="journal")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.serial, ln.voucher_no, ln.currency) for ln in pf.lines] == [
        (date(2026, 10, 8), "in", Decimal("50000.00"), "100000015", "HR-01", "CNY"),
        (date(2026, 10, 9), "out", Decimal("80000.00"), "100000016", "10234567", "CNY"),
    ]
    assert pf.lines[0].summary == "Customer payment Hengrui"


def test_generic_csv_journal() -> None:
    rows = [
        ["date", "voucher", "summary", "debit", "credit", "balance", "counterparty"],
        ["2026-10-01", "", "期初余额", "", "", "1000.00", ""],
        ["2026-10-08", "V-1", "收货款", "500.00", "", "1500.00", "恒瑞贸易"],
        ["2026-10-09", "V-2", "付款", "", "200.50", "1299.50", "中科信达"],
    ]
    [pf] = parse_file(csv_bytes(rows, encoding="utf-8"), "journal.csv", kind="journal")
    assert pf.ok
    assert pf.opening_balance == Decimal("1000.00") and pf.closing_balance == Decimal("1299.50")
    assert [(ln.row, ln.direction, ln.amount, ln.counterparty_name, ln.serial) for ln in pf.lines] == [
        (3, "in", Decimal("500.00"), "恒瑞贸易", "V-1"),
        (4, "out", Decimal("200.50"), "中科信达", "V-2"),
    ]


def test_journal_running_balance_mismatch_names_the_row() -> None:
    rows = [list(r) for r in KINGDEE[:6]]
    rows[5][9] = "1,168,000.00"
    [pf] = parse_file(xlsx_bytes(rows), "kingdee.xlsx", kind="journal")
    [err] = pf.errors
    assert (err.row, err.column, err.code) == (6, "余额", "balance_mismatch")
    assert "1168500.00" in err.message


def test_swift_file_is_not_a_journal() -> None:
    with pytest.raises(ParseError) as exc:
        parse_file(b":20:X\n:25:1\n:60F:C260101CNY1,00\n", "x.sta", kind="journal")
    assert exc.value.code == "unsupported_format"
