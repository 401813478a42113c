"""A card's export that names no card (American Express's Date, Description, Amount, with or without that header) is
told by its payments to the card, thanked for and written negative: charges are money out, payments and credits in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import parse_file
from tests.reconcile.parsers.cnparse_kit import csv_bytes

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "files"


def _parse(name: str):
    [pf] = parse_file((FILES / name).read_bytes(), name)
    assert pf.ok, pf.errors
    return pf, [(ln.row, ln.booking_date, ln.direction, ln.amount) for ln in pf.lines]


def test_amex_three_columns_with_header_read_charges_as_money_out() -> None:
    pf, lines = _parse("amex_activity_2025-12.csv")
    assert pf.credit_card and lines == [
        (2, date(2025, 12, 2), "out", Decimal("23.45")),
        (3, date(2025, 12, 5), "out", Decimal("1204.30")),
        (4, date(2025, 12, 12), "in", Decimal("25.00")),  # a merchant's credit
        (5, date(2025, 12, 18), "in", Decimal("1000.00")),  # the payment to the card
        (6, date(2025, 12, 22), "out", Decimal("412.88")),
    ]


def test_amex_three_columns_without_header_read_charges_as_money_out() -> None:
    pf, lines = _parse("amex_headerless_2025-12.csv")
    assert pf.credit_card and lines == [
        (1, date(2025, 12, 2), "out", Decimal("23.45")),
        (2, date(2025, 12, 5), "out", Decimal("1204.30")),
        (3, date(2025, 12, 18), "in", Decimal("1000.00")),
    ]


def test_a_card_export_writing_charges_negative_is_read_as_it_is() -> None:
    pf, lines = _parse("chase_card_2025-12.csv")
    assert not pf.credit_card
    assert lines == [(2, date(2025, 12, 2), "out", Decimal("23.45")), (3, date(2025, 12, 18), "in", Decimal("1000.00"))]


@pytest.mark.parametrize(
    "rows",
    [
        # an account's own statement: a balance column (the card's bill paid from it, named by the card)
        [
            ["Date", "Description", "Amount", "Balance"],
            ["12/02/2025", "PAYMENT - THANK YOU", "-100.00", "900.00"],
            ["12/15/2025", "SALARY", "2000.00", "2900.00"],
        ],
        # an account's export without a balance where no payment is thanked for
        [
            ["Date", "Description", "Amount"],
            ["12/02/2025", "AMEX EPAYMENT ACH PMT", "-100.00"],
            ["12/15/2025", "SALARY", "2000.00"],
        ],
        # an account's export without a balance whose payee's own text thanks for a payment (a utility's reference):
        # the issuer's thanks open the description (ONLINE PAYMENT - THANK YOU), a payee's name comes first here
        [
            ["Date", "Description", "Amount"],
            ["12/02/2025", "CITY WATER PAYMENT - THANK YOU", "-45.10"],
            ["12/15/2025", "SALARY", "2000.00"],
        ],
        [
            ["Date", "Description", "Amount"],
            ["12/02/2025", "ACME LTD INVOICE 88 PAYMENT THANK YOU", "-45.10"],
            ["12/15/2025", "SALARY", "2000.00"],
        ],
    ],
)
def test_an_accounts_signed_amounts_stay_as_written(rows) -> None:
    [pf] = parse_file(csv_bytes(rows), "account.csv")
    assert pf.ok and not pf.credit_card
    assert [ln.direction for ln in pf.lines] == ["out", "in"]
