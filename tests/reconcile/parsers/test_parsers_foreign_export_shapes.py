"""Statement files in the shapes of foreign banks' and other libraries' exports that were refused or misread: a date
column named only `Value Date`, dates with a two-digit year, a single signed amount column under another name, Big5
text, BAI2 records without their end mark, and decimal commas decided per file. Each file is written here in that
shape, with names, numbers and amounts made up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones


def test_a_csv_whose_only_date_column_is_the_value_date_is_read() -> None:
    """An export that names its one date column `Value Date` (no booking or posting date) was refused as having no
    header: the value date is then the day each line is booked."""
    data = (
        b"Value Date,Description,Withdrawals,Deposits,Balance\r\n"
        b"2026-11-02,PAYROLL DEPOSIT ACME LTD,,2500.00,3700.00\r\n"
        b"2026-11-03,HYDRO BILL PAYMENT,84.20,,3615.80\r\n"
    )
    (pf,) = parse_file(data, "accountactivity.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 11, 2), "in", Decimal("2500.00")),
        (date(2026, 11, 3), "out", Decimal("84.20")),
    ]
    assert pf.closing_balance == Decimal("3615.80")


@pytest.mark.parametrize("amount_header", ["Transaction Amount", "Transaction amount", "Betrag", "Montant"])
def test_one_signed_amount_column_under_another_name_is_read(amount_header) -> None:
    """A bank account's export with one signed amount column named other than `Amount` (BMO's `Transaction Amount`,
    `Betrag`, `Montant`) was refused as having no amount column (`Amount (CAD)` was read as `Amount`); negative amounts are money out, as under `Amount`."""
    data = (
        f"First Bank Card,Transaction Type,Date Posted,{amount_header},Description\r\n"
        "'5191230192003123',DEBIT,20261102,-45.12,[DN]HYDRO ONE\r\n"
        "'5191230192003123',CREDIT,20261103,1200.00,[DN]PAYROLL ACME\r\n"
    ).encode()
    (pf,) = parse_file(data, "bmo.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 11, 2), "out", Decimal("45.12")),
        (date(2026, 11, 3), "in", Decimal("1200.00")),
    ]
    assert not pf.credit_card


_TAIWAN = (
    "交易日期,摘要,存入,提出,餘額,備註\r\n"
    "2026/11/02,薪資轉入,50000,,128000,十一月薪資\r\n"
    "2026/11/03,信用卡款,,12345,115655,自動扣繳\r\n"
    "2026/11/05,跨行轉帳,,3000,112655,房租\r\n"
)


@pytest.mark.parametrize("codec", ["cp950", "big5"])
def test_a_taiwan_banks_csv_in_big5_is_read(codec) -> None:
    """A Taiwan bank's CSV in Big5 (交易日期, 存入/提出, 餘額) decoded as GB18030 without an error, into kana and rare
    characters: no header was found. Its headers are read as their simplified forms, its values as written."""
    (pf,) = parse_file(_TAIWAN.encode(codec), "交易明細.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.summary, ln.purpose) for ln in pf.lines] == [
        ("in", Decimal("50000.00"), "薪資轉入", "十一月薪資"),
        ("out", Decimal("12345.00"), "信用卡款", "自動扣繳"),
        ("out", Decimal("3000.00"), "跨行轉帳", "房租"),
    ]
    assert pf.closing_balance == Decimal("112655.00")


def test_a_gbk_csv_is_still_read_as_gbk() -> None:
    text = "交易日期,摘要,收入金额,支出金额,余额,对方户名\r\n2026-11-02,货款,5000.00,,8000.00,上海某某贸易有限公司\r\n"
    (pf,) = parse_file(text.encode("gbk"), "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.summary, ln.counterparty_name) for ln in pf.lines] == [("货款", "上海某某贸易有限公司")]


def _dated(*dates: str) -> bytes:
    rows = [f"{d},Line {i},{i}0.00" for i, d in enumerate(dates, start=1)]
    return ("Date,Description,Amount\r\n" + "\r\n".join(rows) + "\r\n").encode()


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # day first: 15/04 shows it, and a year first would spread the lines over fifteen years
        (("01/04/20", "15/04/20", "30/04/20"), (date(2020, 4, 1), date(2020, 4, 15), date(2020, 4, 30))),
        # month first: 04/15 shows it
        (("04/01/20", "04/15/20", "04/30/20"), (date(2020, 4, 1), date(2020, 4, 15), date(2020, 4, 30))),
        # year first: 20/04/15 would be day 20 of April in 2001, 2015 and 2030 read the other way
        (("20/04/01", "20/04/15", "20/04/30"), (date(2020, 4, 1), date(2020, 4, 15), date(2020, 4, 30))),
        (("26-10-09", "26-10-15", "26-10-31"), (date(2026, 10, 9), date(2026, 10, 15), date(2026, 10, 31))),
    ],
)
def test_dates_with_a_two_digit_year_are_read_in_the_order_the_column_shows(written, read) -> None:
    """`01/04/20`, `20/04/01`, `26-10-09` were refused as unreadable dates: the column's dates show which number is
    the year (this century's), which the month and which the day."""
    (pf,) = parse_file(_dated(*written), "export.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert tuple(ln.booking_date for ln in pf.lines) == read


def test_dates_with_a_two_digit_year_in_no_telling_order_are_refused_naming_the_rows() -> None:
    """01/04/20 and 04/01/20 lie as far apart read day first as month first: nothing is guessed, each row is named."""
    (pf,) = parse_file(_dated("01/04/20", "04/01/20"), "export.csv")
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(2, "Date", "01/04/20"), (3, "Date", "04/01/20")]
    assert "a date with a two-digit year cannot be told apart" in pf.errors[0].message
