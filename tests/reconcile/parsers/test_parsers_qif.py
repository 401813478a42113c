"""Reading QIF files (tests/fixtures/files/qif): the dates in the forms Quicken and banks write, amounts grouped by
thousands, Quicken's opening balance record, card files' signs, and the refusals that name what to do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, parse_file

# The messages are asserted in English; the product speaks Chinese by default.
pytestmark = pytest.mark.usefixtures("english")

QIF = Path(__file__).resolve().parents[2] / "fixtures" / "files"


def _parse(name: str):
    name = f"qif_{name}"
    return parse_file((QIF / name).read_bytes(), name)


def _lines(pf) -> list[tuple[int, date, str, Decimal]]:
    return [(ln.row, ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_a_quicken_export_reads_its_opening_balance_splits_and_padded_dates() -> None:
    [pf] = _parse("quicken_checking_2025-12.qif")
    assert pf.ok and pf.format == "qif" and pf.account_number is None and pf.currency is None
    assert (pf.account_name, pf.opening_balance, pf.closing_balance) == ("Business Checking", Decimal("12480.00"), None)
    assert _lines(pf) == [
        (20, date(2025, 12, 3), "out", Decimal("1234.56")),
        (29, date(2025, 12, 9), "in", Decimal("25000.00")),
        (38, date(2025, 12, 15), "out", Decimal("3150.00")),  # the split's total, not its parts
        (50, date(2025, 12, 31), "out", Decimal("18.50")),
    ]
    first = pf.lines[0]
    assert (first.counterparty_name, first.summary, first.voucher_no) == ("Contoso Office Supply", "Inv 88412", "1042")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "uk_bank_current_2025-12.qif",
            [
                (2, date(2025, 12, 1), "out", Decimal("45.20")),
                (6, date(2025, 12, 5), "in", Decimal("1850.00")),
                (11, date(2025, 12, 14), "out", Decimal("620.00")),
                (16, date(2025, 12, 31), "out", Decimal("3.00")),
            ],
        ),
        (
            "card_ccard_2025-12.qif",
            [
                (2, date(2025, 12, 2), "out", Decimal("89.99")),
                (6, date(2025, 12, 10), "out", Decimal("1204.30")),
                (10, date(2025, 12, 18), "in", Decimal("1000.00")),
            ],
        ),
        (
            "iso_dates_2025-12.qif",
            [(2, date(2025, 12, 1), "out", Decimal("12.00")), (6, date(2025, 12, 3), "in", Decimal("300.00"))],
        ),
    ],
)
def test_each_date_form_and_sign_is_read(name, expected) -> None:
    [pf] = _parse(name)
    assert pf.ok and _lines(pf) == expected


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["12/31'25", "1/ 5'26"], [date(2025, 12, 31), date(2026, 1, 5)]),
        (["31/12/2025", "02/01/2026"], [date(2025, 12, 31), date(2026, 1, 2)]),
        (["12/31/2025", "01/02/2026"], [date(2025, 12, 31), date(2026, 1, 2)]),
        (["31.12.2025", "02.01.2026"], [date(2025, 12, 31), date(2026, 1, 2)]),
        (["2025-12-31", "2026-01-02"], [date(2025, 12, 31), date(2026, 1, 2)]),
        (["12/31/25", "01/02/26"], [date(2025, 12, 31), date(2026, 1, 2)]),
    ],
)
def test_the_files_dates_decide_the_order_of_day_and_month(dates, expected) -> None:
    data = "!Type:Bank\n" + "".join(f"D{d}\nT-1,000.00\nPShop\n^\n" for d in dates)
    [pf] = parse_file(data.encode(), "x.qif")
    assert pf.ok and [ln.booking_date for ln in pf.lines] == expected
    assert {ln.amount for ln in pf.lines} == {Decimal("1000.00")}


def test_dates_that_show_no_order_are_refused_naming_one() -> None:
    with pytest.raises(ParseError) as refused:
        _parse("ambiguous_dates.qif")
    assert "03/04/2025, line 2" in refused.value.message and "year-month-day" in refused.value.message


def test_an_investment_account_and_several_accounts_are_refused_saying_what_to_do() -> None:
    with pytest.raises(ParseError) as invest:
        _parse("investment.qif")
    assert invest.value.code == "unsupported_format" and "“Invst” (line 1)" in invest.value.message
    two = (
        b"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD12/01/2025\nT-1.00\n^\n"
        b"!Account\nNSavings\nTBank\n^\n!Type:Bank\nD12/02/2025\nT2.00\n^\n"
    )
    with pytest.raises(ParseError) as several:
        parse_file(two, "all.qif")
    assert "several accounts (Checking, Savings)" in several.value.message


def test_a_record_without_date_or_with_a_bad_amount_is_named_by_line_and_field() -> None:
    [pf] = parse_file(b"!Type:Bank\nD12/01/2025\nT-1,2x\n^\nT5.00\nPNo date\n^\nD12/03/2025\nT7.00\n^\n", "x.qif")
    assert not pf.ok
    assert {(e.row, e.column, e.code) for e in pf.errors} == {(2, "T", "bad_amount"), (5, "D", "missing_value")}


def test_a_file_of_lists_only_has_nothing_to_import() -> None:
    with pytest.raises(ParseError) as refused:
        parse_file(b"!Type:Cat\nNFood\nE\n^\n", "cats.qif")
    assert refused.value.code == "no_transactions"


PUBLIC = Path(__file__).resolve().parents[2] / "fixtures" / "public" / "qif"


def test_csv2ofx_qif_of_a_ubs_account_is_read() -> None:
    name = "csv2ofx_ubs-ch-fr.qif"
    [pf] = parse_file((PUBLIC / name).read_bytes(), name)
    assert pf.ok and pf.account_name == "0123 45678901.23A"
    assert _lines(pf) == [
        (6, date(2019, 3, 31), "out", Decimal("10.00")),
        (12, date(2019, 2, 28), "in", Decimal("240.00")),
        (19, date(2019, 4, 27), "out", Decimal("200.00")),
    ]
    assert [ln.voucher_no for ln in pf.lines] == ["A01234BC01234567", "3456789ZT1234567", "9979360TI2115087"]


def test_csv2ofx_qif_with_splits_reads_each_records_total() -> None:
    name = "csv2ofx_mint_alt.qif"
    [pf] = parse_file((PUBLIC / name).read_bytes(), name)
    assert pf.ok and _lines(pf) == [
        (6, date(2015, 6, 13), "in", Decimal("2000.00")),
        (14, date(2015, 6, 14), "out", Decimal("2500.00")),
    ]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("csv2ofx_default.qif", "several accounts (Cash, Checking)"),
        ("csv2ofx_investment_example.qif", "type “Invst” (line 5)"),
    ],
)
def test_csv2ofx_qif_of_several_accounts_or_investments_is_refused_naming_them(name, words) -> None:
    with pytest.raises(ParseError) as refused:
        parse_file((PUBLIC / name).read_bytes(), name)
    assert words in refused.value.message
