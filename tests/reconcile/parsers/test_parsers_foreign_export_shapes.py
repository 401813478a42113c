"""Statement files in the shapes of foreign banks' and other libraries' exports that were refused or misread: a date
column named only `Value Date`, dates with a two-digit year, a single signed amount column under another name, Big5
text, BAI2 records without their end mark, and decimal commas decided per file. Each file is written here in that
shape, with names, numbers and amounts made up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import ParseError, parse_file
from reconcile.parsers.amounts import uses_decimal_comma

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
    text = (
        "交易日期,摘要,收入金额,支出金额,余额,对方户名\r\n2026-11-02,货款①—②,5000.00,,8000.00,上海某某贸易有限公司\r\n"
    )
    (pf,) = parse_file(text.encode("gbk"), "明细.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.summary, ln.counterparty_name) for ln in pf.lines] == [("货款①—②", "上海某某贸易有限公司")]


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


def test_a_file_whose_amounts_all_write_a_decimal_comma_reads_points_as_thousands() -> None:
    """A European export (`1.234,56`, `579,68`): `1.234` there is a thousand and more, not one and a bit (it
    was refused as more decimals than cents)."""
    data = (
        "Booking Date;Details;Amount;Running Balance\r\n"
        "02.11.2026;Miete November;-1.234;8.765,44\r\n"
        "03.11.2026;Gutschrift Rechnung 118;579,68;9.345,12\r\n"
        "04.11.2026;Gutschrift Rechnung 119;1.000.000,00;1.009.345,12\r\n"
    ).encode("cp1252")
    (pf,) = parse_file(data, "umsaetze.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.balance) for ln in pf.lines] == [
        ("out", Decimal("1234.00"), Decimal("8765.44")),
        ("in", Decimal("579.68"), Decimal("9345.12")),
        ("in", Decimal("1000000.00"), Decimal("1009345.12")),
    ]


def test_a_comma_before_two_digits_in_a_file_of_decimal_points_is_refused_naming_the_row() -> None:
    """A file whose amounts write `1,234.56`: its `12,34` is a damaged cell (a point typed as a comma, or digits
    lost), and was read as 12.34 without a word."""
    data = (
        b"Date,Description,Amount,Balance\r\n"
        b'2026-11-02,Invoice 118,"1,234.56","5,234.56"\r\n'
        b'2026-11-03,Invoice 119,"12,34","5,246.90"\r\n'
    )
    (pf,) = parse_file(data, "export.csv")
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(3, "Amount", "12,34")]
    assert "a comma where a decimal point belongs" in pf.errors[0].message


def test_a_chinese_exports_comma_is_never_a_decimal_mark() -> None:
    """A Chinese export writes a comma only to group thousands: `12,34` there was read as 12.34 even where no other
    amount showed a decimal point."""
    text = '交易日期,摘要,收入金额,支出金额,余额\r\n2026-11-02,货款,5000,,8000\r\n2026-11-03,手续费,,"12,34",7988\r\n'
    (pf,) = parse_file(text.encode("gbk"), "明细.csv")
    assert [(e.row, e.column, e.value) for e in pf.errors] == [(3, "支出金额", "12,34")]


@pytest.mark.parametrize(
    ("cells", "comma"),
    [
        (["1.234,56", "579,68", "-4,5", "100"], True),
        (["579,68 €", "(12,00)"], True),
        (["1,234.56", "12,34"], False),
        (["12.50", "12,34"], False),
        (["1,234", "100"], False),
        (["100", ""], False),
    ],
)
def test_a_file_writes_decimal_commas_when_no_amount_writes_a_point(cells, comma) -> None:
    assert uses_decimal_comma([[c] for c in cells], [0]) is comma


def _bai2(*middle: str) -> bytes:
    records = [
        "01,BANKUS33,ACMECORP,261106,0800,1,80,1,2/",
        "02,ACMECORP,BANKUS33,1,261105,,USD,2/",
        "03,0012345678,USD,010,100000,,,015,150000,,/",
        *middle,
    ]
    count = len(records) - 2 + 1  # the account's records, 03 to 49
    records += [f"49,300000,{count}/", f"98,300000,1,{count + 2}/", f"99,300000,1,{count + 4}/"]
    return ("\n".join(records) + "\n").encode()


def test_a_bai2_detail_continued_on_an_88_before_its_text_without_an_end_mark_is_read() -> None:
    """A detail record (16) broken onto an 88 before its references, its line without the `/` end mark: the library
    glued the next field onto the funds type (`0 REF1`) and the file could not be read."""
    (pf,) = parse_file(_bai2("16,175,50000,0", "88,REF1,CUST1,Deposit from ACME"), "statement.bai")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.amount, ln.serial, ln.voucher_no, ln.summary) for ln in pf.lines] == [
        (Decimal("500.00"), "REF1", "CUST1", "Deposit from ACME")
    ]


def test_a_bai2_record_cut_short_without_its_end_mark_is_refused_naming_the_line() -> None:
    """A group header (02) cut after its as-of date, without the `/` that ends a record: the file was refused as one
    that cannot be read, naming no line."""
    data = _bai2("16,175,50000,0,REF1,CUST1,Deposit/").replace(
        b"02,ACMECORP,BANKUS33,1,261105,,USD,2/", b"02,ACMECORP,BANKUS33,1"
    )
    with pytest.raises(ParseError) as caught:
        parse_file(data, "statement.bai")
    assert str(caught.value.message) == (
        "line 2: the BAI2 record 02 has 3 of its 7 fields and no “/” to end it: it was cut short; export the file again"
    )
