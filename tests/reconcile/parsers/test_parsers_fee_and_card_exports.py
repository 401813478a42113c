"""Revolut's CSV (a Fee column beside the Amount; State) and Discover's card CSV (purchases positive)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import translation

from reconcile.parsers import parse_file

FILES = Path(__file__).resolve().parents[2] / "fixtures" / "files"
_REVOLUT_NAME = "account-statement_2026-10-01_2026-10-31_en-gb_a1b2c3.csv"


def _revolut() -> bytes:
    return (FILES / "revolut_gbp_2026-10.csv").read_bytes()


def test_revolut_books_each_fee_as_its_own_line_and_leaves_out_what_is_not_completed() -> None:
    [pf] = parse_file(_revolut(), _REVOLUT_NAME)
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("GBP", Decimal("500.00"), Decimal("2026.97"))
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.balance, ln.summary) for ln in pf.lines] == [
        (2, date(2026, 10, 1), "in", Decimal("1000.00"), Decimal("1500.00"), "Top-Up by *1234"),
        (3, date(2026, 10, 3), "out", Decimal("42.17"), Decimal("1457.83"), "Tesco Stores"),
        (4, date(2026, 10, 4), "out", Decimal("200.00"), None, "Exchanged to EUR"),
        (4, date(2026, 10, 4), "out", Decimal("1.00"), Decimal("1256.83"), "Fee 手续费: Exchanged to EUR"),
        (6, date(2026, 10, 7), "out", Decimal("350.00"), Decimal("906.83"), "To ACME SUPPLIES LTD"),
        (8, date(2026, 10, 11), "in", Decimal("1250.00"), Decimal("2156.83"), "Payment from Beta Trading Ltd"),
        (9, date(2026, 10, 18), "out", Decimal("23.40"), None, "Boulangerie Paris"),
        (9, date(2026, 10, 18), "out", Decimal("0.47"), Decimal("2132.96"), "Fee 手续费: Boulangerie Paris"),
        (10, date(2026, 10, 20), "out", Decimal("100.00"), None, "Cash at Bank of Scotland"),
        (10, date(2026, 10, 20), "out", Decimal("2.00"), Decimal("2030.96"), "Fee 手续费: Cash at Bank of Scotland"),
        (12, date(2026, 10, 31), "out", Decimal("3.99"), Decimal("2026.97"), "Plus plan fee"),
    ]
    # PENDING, REVERTED and DECLINED rows move no booked money: left out, and named
    with translation.override("en"):
        [note] = [w.render() for w in pf.warnings]
    assert note.startswith("rows 5, 7, 11 were left out") and "DECLINED, PENDING, REVERTED" in note


def test_revolut_listed_newest_first_puts_each_fee_after_its_payment_in_time() -> None:
    header, *rows = _revolut().decode().splitlines()
    [pf] = parse_file("\n".join([header, *reversed(rows)]).encode(), _REVOLUT_NAME)
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.newest_first
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("500.00"), Decimal("2026.97"))
    exchange = [(ln.amount, ln.balance) for ln in pf.lines if ln.summary.endswith("Exchanged to EUR")]
    assert exchange == [(Decimal("1.00"), Decimal("1256.83")), (Decimal("200.00"), None)]


def test_revolut_fee_the_balance_does_not_show_is_refused_naming_the_row() -> None:
    """A balance that moved by the Amount alone: the fee is in no balance, so the file does not add up."""
    data = _revolut().replace(b"-23.40,0.47,GBP,COMPLETED,2132.96", b"-23.40,0.47,GBP,COMPLETED,2133.43")
    [pf] = parse_file(data, _REVOLUT_NAME)
    assert not pf.ok
    assert (pf.errors[0].row, pf.errors[0].column) == (9, "Balance")


def test_a_row_of_only_a_fee_books_the_fee() -> None:
    data = (
        "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
        "TOPUP,Current,2026-10-01 08:00:00,2026-10-01 08:00:05,Top-Up,100.00,0.00,EUR,COMPLETED,100.00\n"
        "FEE,Current,2026-10-02 08:00:00,2026-10-02 08:00:00,Card delivery fee,0.00,4.99,EUR,COMPLETED,95.01\n"
    )
    [pf] = parse_file(data.encode(), _REVOLUT_NAME)
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.balance, ln.summary) for ln in pf.lines[1:]] == [
        ("out", Decimal("4.99"), Decimal("95.01"), "Fee 手续费: Card delivery fee")
    ]
    assert pf.zero_rows == []


def test_an_unreadable_fee_is_refused_naming_row_and_column() -> None:
    data = _revolut().replace(b"-200.00,1.00,GBP", b"-200.00,1.0x,GBP")
    [pf] = parse_file(data, _REVOLUT_NAME)
    with translation.override("en"):
        assert (pf.errors[0].row, pf.errors[0].column, pf.errors[0].value) == (4, "Fee", "1.0x")
        assert pf.errors[0].message.startswith("Row 4, column “Fee”: unreadable amount")


def test_a_discover_card_export_is_read_as_a_card_statement() -> None:
    """Discover's CSV (Trans. Date, Post Date, Description, Amount, Category): refused as having no header row. It
    names no card in any column; purchases are positive and payments and credits negative, as Amex's are."""
    [pf] = parse_file((FILES / "discover_card_2026-10.csv").read_bytes(), "Discover-Statement-20261031.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.credit_card and pf.currency == "USD"
    # booked on the day of the purchase (Trans. Date), as Chase's card export on its Transaction Date
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (2, date(2026, 10, 1), "out", Decimal("9.99"), "SPOTIFY USA 877-7781161 NY"),
        (3, date(2026, 10, 3), "out", Decimal("41.20"), "SHELL OIL 57444563303 AUSTIN TX"),
        (4, date(2026, 10, 6), "in", Decimal("500.00"), "INTERNET PAYMENT - THANK YOU"),
        (5, date(2026, 10, 11), "out", Decimal("63.45"), "AMAZON.COM*2K4AB1CD0 AMZN.COM/BILLWA"),
        (6, date(2026, 10, 14), "in", Decimal("18.99"), "AMAZON.COM*2K4AB1CD0 AMZN.COM/BILLWA"),
        (7, date(2026, 10, 19), "in", Decimal("12.34"), "CASHBACK BONUS REDEMPTION PYMT/STMT CRDT"),
        (8, date(2026, 10, 22), "out", Decimal("6.75"), "TST* BLUE BOTTLE COFFEE OAKLAND CA"),
    ]


def test_a_discover_export_of_the_first_days_of_a_month_is_read_month_first() -> None:
    """Every day 12 or below: the dates alone do not say whether 10/02 is 2 October or 10 February; Discover writes
    month first, always."""
    data = (
        b"Trans. Date,Post Date,Description,Amount,Category\r\n"
        b'10/01/2026,10/02/2026,"SPOTIFY USA 877-7781161 NY",9.99,"Services"\r\n'
        b'10/05/2026,10/05/2026,"INTERNET PAYMENT - THANK YOU",-100.00,"Payments and Credits"\r\n'
    )
    [pf] = parse_file(data, "Discover-RecentActivity-20261006.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 1), "out", Decimal("9.99")),
        (date(2026, 10, 5), "in", Decimal("100.00")),
    ]


def test_a_chase_card_export_with_charges_negative_is_not_turned_round() -> None:
    """Chase's card CSV has a Post Date too, but writes purchases negative, as an account statement does."""
    data = (
        b"Transaction Date,Post Date,Description,Category,Type,Amount,Memo\r\n"
        b"10/14/2026,10/15/2026,STARBUCKS STORE 01234,Food & Drink,Sale,-5.45,\r\n"
        b"10/20/2026,10/20/2026,Payment Thank You-Mobile,,Payment,200.00,\r\n"
    )
    [pf] = parse_file(data, "Chase1234_Activity20261031.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert not pf.credit_card
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 14), "out", Decimal("5.45")),
        (date(2026, 10, 20), "in", Decimal("200.00")),
    ]


def test_a_citi_card_download_writing_its_credits_negative_reads_payments_as_money_in() -> None:
    """Citi's card CSV (Status, Date, Description, Debit, Credit) writes every credit with a minus: the payment was
    read as a reversal, money out."""
    data = (
        b"Status,Date,Description,Debit,Credit\r\n"
        b'Cleared,10/14/2026,"STARBUCKS STORE 01234",5.45,\r\n'
        b'Cleared,10/20/2026,"ONLINE PAYMENT, THANK YOU",,-200.00\r\n'
        b'Cleared,10/22/2026,"AMAZON RETURN",,-18.99\r\n'
    )
    [pf] = parse_file(data, "Citi-Card-1234.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 14), "out", Decimal("5.45")),
        (date(2026, 10, 20), "in", Decimal("200.00")),
        (date(2026, 10, 22), "in", Decimal("18.99")),
    ]


def test_a_chinese_credit_columns_only_negative_amount_is_still_a_reversal() -> None:
    data = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-10-14,货款,100.00,,900.00\n2026-10-15,冲正,,-50.00,850.00\n"
    [pf] = parse_file(data.encode(), "x.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("100.00")), ("out", Decimal("50.00"))]


REVOLUT_BUSINESS = (
    "Date started (UTC),Date completed (UTC),ID,Type,State,Description,Reference,Payer,Card number,Card label,"
    "Card state,Orig currency,Orig amount,Payment currency,Amount,Total amount,Exchange rate,Fee,Fee currency,Balance,"
    "Account,Beneficiary account number,Beneficiary sort code or routing number,Beneficiary IBAN,Beneficiary BIC,MCC,"
    "Related transaction id,Spend program\n"
    "2026-10-01,2026-10-01,a1,TOPUP,COMPLETED,Top up,,ACME,,,,GBP,1000.00,GBP,1000.00,1000.00,,0.00,GBP,1500.00,"
    "Main GBP,,,,,,,\n"
    "2026-10-02,2026-10-03,a2,CARD_PAYMENT,COMPLETED,Tesco,,,459678******1234,Ops card,ACTIVE,GBP,-42.17,GBP,-42.17,"
    "-42.17,,0.00,GBP,1457.83,Main GBP,,,,,5411,,\n"
    "2026-10-04,2026-10-04,a3,TRANSFER,COMPLETED,To Supplier,INV-1,,,,,GBP,-200.00,GBP,-200.00,-200.30,,0.30,GBP,"
    "1257.53,Main GBP,12345678,040004,,,,,\n"
    "2026-10-05,,a4,CARD_PAYMENT,PENDING,Uber,,,459678******1234,Ops card,ACTIVE,GBP,-8.20,GBP,-8.20,-8.20,,0.00,GBP,,"
    "Main GBP,,,,,4121,,\n"
)


def test_a_revolut_business_export_is_an_accounts_not_a_cards() -> None:
    """Its `Card number` (on card payments only) made it a card statement: the top-up was read as money out and the
    payments as money in, the balances turned negative to follow."""
    [pf] = parse_file(REVOLUT_BUSINESS.encode(), "transaction-statement_01-Oct-2026_31-Oct-2026.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert not pf.credit_card
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("GBP", Decimal("500.00"), Decimal("1257.53"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.balance, ln.summary) for ln in pf.lines] == [
        (date(2026, 10, 1), "in", Decimal("1000.00"), Decimal("1500.00"), "Top up"),
        (date(2026, 10, 3), "out", Decimal("42.17"), Decimal("1457.83"), "Tesco"),
        (date(2026, 10, 4), "out", Decimal("200.00"), None, "To Supplier"),
        (date(2026, 10, 4), "out", Decimal("0.30"), Decimal("1257.53"), "Fee 手续费: To Supplier"),
    ]


def test_a_revolut_export_listing_a_savings_products_lines_is_refused_naming_them() -> None:
    """Current and Savings each keep their own balance: the first Savings line broke the running balance, a refusal
    that did not say why."""
    data = _revolut() + (
        b"TRANSFER,Savings,2026-10-21 09:00:00,2026-10-21 09:00:00,To GBP Savings,50.00,0.00,GBP,COMPLETED,50.00\n"
    )
    [pf] = parse_file(data, _REVOLUT_NAME)
    [error] = pf.errors
    assert (error.row, error.column, error.value, error.code) == (13, "Product", "Savings", "mixed_product")
    with translation.override("en"):
        assert error.message.startswith(
            "Row 13, column “Product”: this line is of the product “Savings”, the statement's lines before it of "
            "“Current”: each keeps its own balance"
        )


def test_a_fee_lines_summary_is_filed_under_fees_by_the_matcher() -> None:
    from reconcile.engine.fields import CATEGORY_CODES, category_code

    [pf] = parse_file(_revolut(), _REVOLUT_NAME)
    fees = [ln.summary for ln in pf.lines if ln.summary.startswith("Fee 手续费")]
    assert len(fees) == 3 and all(category_code(s) == CATEGORY_CODES["fee"] for s in fees)
    assert category_code("Boulangerie Paris") != CATEGORY_CODES["fee"]


def test_a_discover_download_writing_trans_date_without_its_full_stop_is_read_alike() -> None:
    data = (FILES / "discover_card_2026-10.csv").read_bytes().replace(b"Trans. Date", b"Trans Date")
    [pf] = parse_file(data, "Discover-AllAvailable-20261031.csv")
    assert pf.ok and pf.credit_card and pf.currency == "USD"
    assert [(ln.direction, ln.amount) for ln in pf.lines[:3]] == [
        ("out", Decimal("9.99")),
        ("out", Decimal("41.20")),
        ("in", Decimal("500.00")),
    ]


def test_a_fee_on_a_card_statement_is_money_out_as_its_charge() -> None:
    """A card export with a Fee column: the charge is turned round (written positive, money out) and its fee, booked as
    a line of its own, is money out too, never a credit."""
    data = (
        b"Date,Description,Card No.,Amount,Fee\n2026-10-05,Shop A,1234,100.00,2.00\n2026-10-06,Payment,1234,-50.00,\n"
    )
    (statement,) = parse_file(data, "card.csv", "bank")
    found = sorted((ln.summary, ln.direction, ln.amount) for ln in statement.lines)
    assert found == [
        ("Fee 手续费: Shop A", "out", Decimal("2.00")),
        ("Payment", "in", Decimal("50.00")),
        ("Shop A", "out", Decimal("100.00")),
    ]
