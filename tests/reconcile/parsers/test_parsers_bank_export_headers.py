"""Files in the shapes of well-known banks' CSV exports that were refused or read without their balances: Bank of
America's first row stating the beginning balance, NatWest's `Value` column, the Nordic banks' Danish and Swedish
headers, ING's (NL) `Saldo na mutatie`. Names, numbers and amounts are made up; the docstrings name the export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones


def _lines(pf):
    return [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.balance) for ln in pf.lines]


def test_bank_of_americas_beginning_balance_row_is_the_opening_balance() -> None:
    """Its checking CSV opens with a summary, then the table's first row "Beginning balance as of 10/01/2026" with the
    balance and no amount: refused as a line whose amount is empty."""
    data = (
        'Description,,Summary Amt.\nBeginning balance as of 10/01/2026,,"1,000.00"\nTotal credits,,"500.00"\n'
        'Total debits,,"-12.50"\nEnding balance as of 10/31/2026,,"1,487.50"\n\n'
        "Date,Description,Amount,Running Bal.\n"
        '10/01/2026,Beginning balance as of 10/01/2026,,"1,000.00"\n'
        '10/02/2026,"TESCO 2231","-12.50","987.50"\n'
        '10/15/2026,"ACME PAYROLL","500.00","1,487.50"\n'
    )
    [pf] = parse_file(data.encode(), "stmt.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1487.50"))
    assert _lines(pf) == [
        (9, date(2026, 10, 2), "out", Decimal("12.50"), Decimal("987.50")),
        (10, date(2026, 10, 15), "in", Decimal("500.00"), Decimal("1487.50")),
    ]


def test_a_beginning_balance_the_lines_do_not_continue_is_named() -> None:
    data = (
        "Date,Description,Amount,Running Bal.\n"
        '10/01/2026,Beginning balance as of 10/01/2026,,"1,100.00"\n'
        '10/02/2026,"TESCO 2231","-12.50","987.50"\n'
        '10/15/2026,"ACME PAYROLL","500.00","1,487.50"\n'
    )
    [pf] = parse_file(data.encode(), "stmt.csv")
    assert not pf.ok
    assert any("1100.00" in e.message or "1,100.00" in e.message for e in pf.errors), [e.message for e in pf.errors]


def test_natwests_value_column_and_account_number_are_read() -> None:
    """NatWest's CSV (`Date, Type, Description, Value, Balance, Account Name, Account Number`, each name after a
    space, cells behind Excel's `'`): refused as having no header row."""
    data = (
        "Date, Type, Description, Value, Balance, Account Name, Account Number\n"
        "01 Oct 2026,BAC,\"'ACME LTD , SALARY\",1000.00,1000.00,'CURRENT,'601613-12345678,\n"
        "02 Oct 2026,POS,\"'4417 01OCT26 , TESCO , LONDON GB\",-12.50,987.50,'CURRENT,'601613-12345678,\n"
    )
    [pf] = parse_file(data.encode(), "statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "601613-12345678"
    assert _lines(pf) == [
        (2, date(2026, 10, 1), "in", Decimal("1000.00"), Decimal("1000.00")),
        (3, date(2026, 10, 2), "out", Decimal("12.50"), Decimal("987.50")),
    ]


@pytest.mark.parametrize(
    "header,name",
    [
        ("Bogført;Tekst;Beløb;Saldo;Status;Afstemt", "danske.csv"),  # Danske Bank (DK)
        ("Bokföringsdag;Text;Belopp;Saldo;Status;Avstämd", "seb.csv"),  # Swedish banks
    ],
)
def test_nordic_headers_are_read(header: str, name: str) -> None:
    """Refused as having no header row."""
    data = f"{header}\n2026/10/01;Løn ACME A/S;10.000,00;10.000,00;Udført;Nej\n2026/10/02;Netto 1234;-125,50;9.874,50;Udført;Nej\n"
    [pf] = parse_file(data.encode(), name)
    assert pf.ok, [e.message for e in pf.errors]
    assert _lines(pf) == [
        (2, date(2026, 10, 1), "in", Decimal("10000.00"), Decimal("10000.00")),
        (3, date(2026, 10, 2), "out", Decimal("125.50"), Decimal("9874.50")),
    ]
    assert pf.lines[1].summary == "Netto 1234"


def test_ing_netherlands_balance_after_each_line_is_read() -> None:
    """ING's (NL) CSV: `Af Bij` beside an unsigned `Bedrag (EUR)`, and `Saldo na mutatie`, which was not read."""
    data = (
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";'
        '"Mededelingen";"Saldo na mutatie";"Tag"\n'
        '"20261002";"Albert Heijn 1234";"NL20INGB0001234567";"";"BA";"Af";"12,50";"Betaalautomaat";"Pasvolgnr: 001";'
        '"987,50";""\n'
        '"20261001";"ACME BV";"NL20INGB0001234567";"NL91ABNA0417164300";"OV";"Bij";"1000,00";"Overschrijving";'
        '"Salaris";"1000,00";""\n'
    )
    [pf] = parse_file(data.encode(), "NL20INGB0001234567_01-10-2026_31-10-2026.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "NL20INGB0001234567"
    assert _lines(pf) == [
        (2, date(2026, 10, 2), "out", Decimal("12.50"), Decimal("987.50")),
        (3, date(2026, 10, 1), "in", Decimal("1000.00"), Decimal("1000.00")),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("0.00"), Decimal("987.50"))


def test_a_paypal_activity_download_moves_by_its_net_amounts() -> None:
    """PayPal's CSV (Gross, Fee, Net, Balance; Name and Type): refused as having no header row. The balance moves by
    Net, the payment less PayPal's fee; a Pending line is not booked."""
    data = (
        '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
        '"To Email Address","Transaction ID","Reference Txn ID","Balance"\n'
        '"10/01/2026","10:00:00","PDT","Acme Customer","Express Checkout Payment","Completed","USD","100.00","-3.20",'
        '"96.80","buyer@example.com","shop@example.com","1AB23456CD789012E","","1096.80"\n'
        '"10/02/2026","11:00:00","PDT","","General Withdrawal","Completed","USD","-500.00","0.00","-500.00",'
        '"shop@example.com","","2AB23456CD789012F","","596.80"\n'
        '"10/13/2026","12:00:00","PDT","Other Customer","Express Checkout Payment","Pending","USD","20.00","-0.88",'
        '"19.12","b2@example.com","shop@example.com","3AB23456CD789012G","",""\n'
    )
    [pf] = parse_file(data.encode(), "Download.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("USD", Decimal("1000.00"), Decimal("596.80"))
    assert [(ln.direction, ln.amount, ln.summary, ln.counterparty_name) for ln in pf.lines] == [
        ("in", Decimal("96.80"), "Express Checkout Payment", "Acme Customer"),
        ("out", Decimal("500.00"), "General Withdrawal", ""),
    ]
