"""Public sample files (tests/fixtures/public/MANIFEST.md says where each comes from) and files in the shapes of real
exports that were misread: a Swiss bank's amounts grouped with apostrophes, card exports that name the card or its
holder in a column of their own (Card Used For Transaction, Card Member, CardId) and write charges positive, an MT940 balance written without its currency, and a
camt.053 that states the sum of its debit entries as a negative figure. Files written here have names, numbers and
amounts made up; the docstrings name the export whose shape they have."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, ParseOptions, parse_file
from reconcile.parsers.amounts import parse_amount, uses_decimal_comma
from reconcile.parsers.errors import RowProblem

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "public"


def test_a_swiss_banks_apostrophe_thousands_are_read() -> None:
    """UBS's French CSV writes its balances `11'373.94`: every balance was an unreadable amount and the file was
    refused, though its balances follow its lines."""
    [pf] = parse_file((ROOT / "csv" / "csv2ofx_ubs_ch_fr.csv").read_bytes(), "ubs.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "CHF"  # its "Monn." column
    assert [(ln.row, ln.booking_date, ln.direction, ln.amount, ln.balance, ln.serial) for ln in pf.lines] == [
        (2, date(2019, 3, 31), "out", Decimal("10.00"), Decimal("11373.94"), "A01234BC01234567"),
        (3, date(2019, 2, 28), "in", Decimal("240.00"), Decimal("11613.94"), "3456789ZT1234567"),
        (4, date(2019, 4, 27), "out", Decimal("200.00"), Decimal("11413.94"), "9979360TI2115087"),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("11383.94"), Decimal("11413.94"))


@pytest.mark.parametrize(
    "text,value",
    [
        ("11'373.94", "11373.94"),
        ("-1'234'567.50", "-1234567.50"),
        ("1\u2019250", "1250.00"),  # the typographic apostrophe
        ("(2'000.00)", "-2000.00"),
    ],
)
def test_apostrophe_grouped_amounts(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


def test_apostrophes_that_do_not_group_thousands_stay_unreadable() -> None:
    for text in ("12'34.50", "1'2345", "1'234,50"):
        with pytest.raises(RowProblem):
            parse_amount(text)


def test_a_file_of_apostrophe_grouped_amounts_writes_a_decimal_point() -> None:
    """`1'250,50` is no Swiss amount: a file writing `2'000.00` beside `12,50` is not a decimal-comma file."""
    assert not uses_decimal_comma([["2'000.00"], ["12,50"]], [0])


def test_a_card_export_naming_the_card_used_writes_charges_as_money_out() -> None:
    """PC Financial's Mastercard CSV ("Card Used For Transaction" `**** 1234`, one positive amount per charge): its
    charges were read as money in."""
    [pf] = parse_file((ROOT / "csv" / "csv2ofx_pc_financial_mastercard.csv").read_bytes(), "pc.csv")
    assert pf.ok and pf.credit_card
    assert [(ln.booking_date, ln.direction, ln.amount, ln.counterparty_name) for ln in pf.lines] == [
        (date(2019, 1, 10), "out", Decimal("36.33"), "Mobil"),
        (date(2018, 12, 15), "out", Decimal("13.98"), "APL*ITUNES.COM/BILL"),
    ]


def test_a_card_export_naming_its_card_id_writes_charges_as_money_out() -> None:
    """Viseca's (CH) card CSV: CardId, Amount in the card's currency beside the amount spent, purchases positive and
    credits negative (written with three decimals, whole cents). Its purchases were read as money in."""
    [pf] = parse_file((ROOT / "csv" / "camtcsv_viseca_card.csv").read_bytes(), "viseca.csv")
    assert pf.ok and pf.credit_card and pf.currency == "CHF"
    assert [(ln.booking_date, ln.value_date, ln.direction, ln.amount) for ln in pf.lines[:2]] == [
        (date(2025, 3, 1), date(2025, 3, 3), "out", Decimal("29.00")),
        (date(2025, 4, 29), date(2025, 4, 30), "out", Decimal("10.00")),
    ]
    assert [(ln.direction, ln.amount) for ln in pf.lines if ln.direction == "in"] == [
        ("in", Decimal("80.00")),
        ("in", Decimal("105.70")),
    ]
    assert (pf.total_in, pf.total_out) == (Decimal("185.70"), Decimal("234.90"))
    assert pf.lines[2].counterparty_name == "Windsurf"  # spent in USD, billed 12.90 CHF
    assert pf.lines[2].amount == Decimal("12.90")


_AMEX = (
    "Date,Description,Card Member,Account #,Amount,Extended Details,Appears On Your Statement As,Address,City/State,"
    "Zip Code,Country,Reference,Category\n"
    "05/25/2026,Interest Charge on Pay Over Time Purchases,ALEX EXAMPLE,-61005,35.31,,,,,,,'320261450000001',Fees\n"
    "05/24/2026,UBER,ALEX EXAMPLE,-61005,26.95,Uber Trip,UBER,1 MARKET ST,SAN FRANCISCO CA,94103,UNITED STATES,"
    "'320261440000002',Travel\n"
    "05/21/2026,MOBILE PAYMENT - THANK YOU,SAM EXAMPLE,-61005,-947.69,,,,,,,'320261410000003',\n"
)


def test_an_american_express_export_names_the_card_member_and_writes_charges_positive() -> None:
    """American Express's CSV (Card Member beside Account # and one Amount): charges positive, payments negative. Its
    charges were read as money in and the payment as money out."""
    [pf] = parse_file(_AMEX.encode(), "activity.csv")
    assert pf.ok and pf.credit_card
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 5, 25), "out", Decimal("35.31")),
        (date(2026, 5, 24), "out", Decimal("26.95")),
        (date(2026, 5, 21), "in", Decimal("947.69")),
    ]


def test_an_mt940_balance_without_its_currency_is_named_as_written() -> None:
    """`:62M:C020315105000,00` writes no currency: mt-940 took "105" for it and 0.00 for the balance, and the file was
    refused quoting a stated closing balance of 0.00 that the file does not state. Each such balance is named with its
    line and its text, and no sum is checked against a balance that was not read."""
    data = (ROOT / "mt940" / "mt940rs_balances_without_currency.sta").read_bytes()
    for options in (None, ParseOptions(check_balances=False)):
        files = parse_file(data, "raphaelm.sta", options=options)
        errors = files[0].errors
        assert [(e.row, e.column) for e in errors] == [(27, ":62M:"), (35, ":62F:"), (47, ":62F:")]
        assert "C020315105000,00" in errors[0].message and "0.00”" not in errors[0].message
        assert all(pf.closing_balance is None for pf in files)
        assert sum(len(pf.lines) for pf in files) == 9


def _wise_camt(debit_sum: str) -> bytes:
    """Wise's camt.053 (viafintech/camt_parser's valid_example_with_datetime.xml): balances and booking dates as DtTm,
    the account as Othr/Id, and TxsSummry's TtlDbtNtries/Sum written negative."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>W1</MsgId><CreDtTm>2026-11-01T00:00:00+02:00</CreDtTm></GrpHdr>
<Stmt><Id>W1-1</Id><CreDtTm>2026-11-01T00:00:00+02:00</CreDtTm>
<FrToDt><FrDtTm>2026-10-01T00:00:00+02:00</FrDtTm><ToDtTm>2026-10-31T23:59:59+02:00</ToDtTm></FrToDt>
<Acct><Id><Othr><Id>41122334</Id><SchmeNm><Prtry>Wise Account ID</Prtry></SchmeNm></Othr></Id><Ccy>USD</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><DtTm>2026-10-01T00:00:00+02:00</DtTm></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">245.86</Amt><CdtDbtInd>CRDT</CdtDbtInd>
<Dt><DtTm>2026-10-31T00:00:00+02:00</DtTm></Dt></Bal>
<TxsSummry><TtlNtries><NbOfNtries>2</NbOfNtries><Sum>245.86</Sum></TtlNtries>
<TtlCdtNtries><NbOfNtries>1</NbOfNtries><Sum>195.86</Sum></TtlCdtNtries>
<TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>{debit_sum}</Sum></TtlDbtNtries></TxsSummry>
<Ntry><NtryRef>T1</NtryRef><Amt Ccy="USD">195.86</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><DtTm>2026-10-21T12:35:33.115965+00:00</DtTm></BookgDt></Ntry>
<Ntry><NtryRef>T2</NtryRef><Amt Ccy="USD">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><DtTm>2026-10-22T08:00:00+00:00</DtTm></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>
""".encode()


def test_a_camt_stating_its_debits_sum_negative_is_read() -> None:
    """The sum of the debit entries is one figure whichever sign it is written with: -50.00 was compared with the
    lines' 50.00 and the statement refused."""
    [pf] = parse_file(_wise_camt("-50.00"), "statement.xml")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("195.86"), Decimal("50.00"))
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 21), "in", Decimal("195.86")),
        (date(2026, 10, 22), "out", Decimal("50.00")),
    ]


def test_a_camt_debits_sum_that_differs_is_still_refused() -> None:
    [pf] = parse_file(_wise_camt("-60.00"), "statement.xml")
    [error] = pf.errors
    assert error.column == "TxsSummry" and "50.00" in error.message and "60.00" in error.message


_CUT_OFF = (
    ":20:STARTUMS\r\n:25:12345678/1020304050\r\n:28C:0\r\n:60F:C261014EUR12345,12\r\n"
    ":61:261014D233,15NMSC\r\n:86:835?20SEPA-BASISLASTSCHRIFT?32Stadtwerke\r\n"
    ":61:2610251025D24,30NMSCNONREF\r\n"
)


def test_a_file_whose_last_message_never_closes_is_refused_as_cut_off() -> None:
    """The shape of mt940's (WoLpH) gv_codes.sta: an opening balance and lines, and the file ends before :62F:. Each
    message cut off before its :62F: is checked against the next one's opening balance; the last had nothing to be
    checked against, and a download that broke off there imported its lines as the whole statement."""
    [pf] = parse_file(_CUT_OFF.encode(), "umsatz.sta")
    [error] = pf.errors
    assert (error.row, error.column, error.code) == (1, ":62F:", "integrity")
    assert error.message.endswith("the file may be cut off, export it again")
    closed = parse_file((_CUT_OFF + ":62F:C261025EUR12087,67\r\n-\r\n").encode(), "umsatz.sta")[0]
    assert closed.ok and len(closed.lines) == 2
    # Read leniently (an excerpt a test reads with its balances unchecked), the lines are what it holds.
    assert parse_file(_CUT_OFF.encode(), "umsatz.sta", options=ParseOptions(check_balances=False))[0].ok


def test_an_mt940_without_balances_is_not_taken_for_a_cut_off_one() -> None:
    """A bank's snippet of lines alone (Sparkasse's, as mt940's sparkassen.sta) states no balance to check."""
    data = b":20:STARTUMSE\r\n:25:12345678/1020304050\r\n:61:2610141014CR30,00N062NONREF\r\n:86:Gutschrift\r\n"
    [pf] = parse_file(data, "snippet.sta")
    assert pf.ok and len(pf.lines) == 1


def test_a_bai2_trailer_that_miscounts_is_named_by_its_line() -> None:
    """Goldman Sachs's BAI2 in moov-io/bai2 (test/testdata/sample5-issue113.txt) holds five accounts, and one 49
    counts 26 records where its account has 18: the refusal did not say which of the five."""
    data = (
        b"01,GSBI,cont001,261008,1249,1,,,2/\n02,cont001,026015079,1,261007,2000,,/\n"
        b"03,107049924,USD,060,1000,,,100,000,0,,400,000,0,/\n49,1000,2/\n"
        b"03,107049932,USD,060,2000,,,100,500,1,,400,000,0,/\n16,447,500,,SPB1,1111,ACH Credit Payment/\n"
        b"88,EREF: 1111\n49,3000,9/\n98,4000,2,8/\n99,4000,1,10/\n"
    )
    with pytest.raises(ParseError) as exc:
        parse_file(data, "gs.bai2")
    assert exc.value.code == "integrity"
    assert exc.value.message.startswith("Row 8: the BAI2 trailer record 49 counts 9 records")


def _english_table(total_out: str) -> bytes:
    """OCA/bank-statement-import's sample_statement_en_empty_values.xlsx: DEBIT and CREDIT columns and a TOTAL row
    under them without a date, which was refused as a line whose date is empty."""
    return (
        "Date,Description,Debit,Credit,Balance\n"
        ",Opening balance,,,1000.00\n"
        "2026-10-05,TOTAL,60.00,,940.00\n"  # the oil company's station: a dated line, not the total
        "2026-10-06,Customer payment,,100.00,1040.00\n"
        f",TOTAL,{total_out},100.00,\n"
    ).encode()


def test_an_english_total_row_without_a_date_is_the_files_control_total() -> None:
    [pf] = parse_file(_english_table("60.00"), "statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.row, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (3, "out", Decimal("60.00"), "TOTAL"),
        (4, "in", Decimal("100.00"), "Customer payment"),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1040.00"))
    assert (pf.controls.in_total, pf.controls.out_total) == (Decimal("100.00"), Decimal("60.00"))


def test_an_english_total_row_the_lines_do_not_reach_is_named() -> None:
    [pf] = parse_file(_english_table("61.00"), "statement.csv")
    [error] = pf.errors
    assert error.row == 5 and error.column.startswith("TOTAL") and "60.00" in error.message


def test_an_indian_banks_lakh_grouping_and_headers_are_read() -> None:
    """SBI's statement (TAB-separated: Txn Date, Ref No./Cheque No., balances grouped by lakh `1,50,000.00`) was
    refused, every balance an unreadable amount; HDFC's (Narration, Chq./Ref.No., Value Dt, Closing Balance) was read
    without its text, references and balances, so nothing was checked."""
    sbi = (
        "Txn Date\tValue Date\tDescription\tRef No./Cheque No.\tDebit\tCredit\tBalance\n"
        "1 Oct 2026\t1 Oct 2026\tBY TRANSFER-NEFT*HDFC0000001*ACME\tTRANSFER FROM 1234\t\t50,000.00\t1,50,000.00\n"
        "3 Oct 2026\t3 Oct 2026\tTO TRANSFER-UPI/DR/409312345\tTRANSFER TO 5678\t450.00\t\t1,49,550.00\n"
    )
    [pf] = parse_file(sbi.encode(), "AccountStatement.txt")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("100000.00"), Decimal("149550.00"))
    assert [(ln.direction, ln.amount, ln.serial) for ln in pf.lines] == [
        ("in", Decimal("50000.00"), "TRANSFER FROM 1234"),
        ("out", Decimal("450.00"), "TRANSFER TO 5678"),
    ]
    hdfc = (
        "Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,Deposit Amt.,Closing Balance\n"
        "01/10/26,UPI-SWIGGY-PAYTM,0000409112345678,01/10/26,450.00,,12550.00\n"
        "02/10/26,NEFT CR-ACME PVT LTD,N093241234567,02/10/26,,50000.00,62550.00\n"
        "15/10/26,ATW-512345XXXXXX1234-S1ANHY12,0000000012,15/10/26,2000.00,,60550.00\n"
    )
    [pf] = parse_file(hdfc.encode(), "Acct_Statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("13000.00"), Decimal("60550.00"))
    assert [(ln.booking_date, ln.value_date, ln.summary, ln.serial) for ln in pf.lines][1] == (
        date(2026, 10, 2),
        date(2026, 10, 2),
        "NEFT CR-ACME PVT LTD",
        "N093241234567",
    )


@pytest.mark.parametrize("text,value", [("1,50,000.00", "150000.00"), ("-12,34,567", "-1234567.00")])
def test_lakh_grouped_amounts(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


_REVOLUT = (
    "Type,Product,Started Date,Completed Date,Description,Amount,Fee,Currency,State,Balance\n"
    "CARD_PAYMENT,Current,2026-10-01 10:12:00,2026-10-02 09:00:00,Tesco,-12.50,0.00,GBP,COMPLETED,987.50\n"
    "TOPUP,Current,2026-10-03 08:00:00,2026-10-03 08:00:01,Top-Up by *1234,100.00,0.00,GBP,COMPLETED,1087.50\n"
    "CARD_PAYMENT,Current,2026-10-04 10:12:00,,Uber,-8.20,0.00,GBP,PENDING,\n"
    "CARD_PAYMENT,Current,2026-10-04 11:12:00,2026-10-05 11:00:00,Shop,-5.00,0.00,GBP,REVERTED,\n"
)


def test_a_revolut_export_is_booked_on_its_completed_dates_without_its_pending_lines() -> None:
    """Revolut's CSV (Started Date, Completed Date, State): refused as having no header row."""
    [pf] = parse_file(_REVOLUT.encode(), "account-statement_2026-10-01_2026-10-31_en-gb.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 10, 2), "out", Decimal("12.50")),
        (date(2026, 10, 3), "in", Decimal("100.00")),
    ]
    assert (pf.currency, pf.closing_balance) == ("GBP", Decimal("1087.50"))


def test_a_revolut_fee_the_amount_leaves_out_is_booked_as_a_line_of_its_own() -> None:
    """Its Fee is taken besides the Amount (`-50.00` and `0.25`, the balance 50.25 lower): it was not read, so the row's
    balance did not follow and the file was refused. The fee is now a line of its own, carrying the row's balance."""
    data = (
        _REVOLUT
        + "EXCHANGE,Current,2026-10-05 11:00:00,2026-10-05 11:00:00,Exchanged to EUR,-50.00,0.25,GBP,COMPLETED,1037.25\n"
    )
    [pf] = parse_file(data.encode(), "account-statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.row, ln.direction, ln.amount, ln.balance, ln.summary) for ln in pf.lines[2:]] == [
        (6, "out", Decimal("50.00"), None, "Exchanged to EUR"),
        (6, "out", Decimal("0.25"), Decimal("1037.25"), "Fee 手续费: Exchanged to EUR"),
    ]
    assert pf.closing_balance == Decimal("1037.25")


def test_a_camt_balance_in_another_currency_is_named_not_taken_for_the_accounts() -> None:
    """genkgo/camt's camt053.v2.minimal.xml states its CLBD in SEK in a EUR statement: it was read as EUR -27.00 and
    the refusal quoted a stated closing balance of -27.00 that the lines must reach."""
    data = _wise_camt("-50.00").replace(b'<Amt Ccy="USD">245.86</Amt>', b'<Amt Ccy="SEK">245.86</Amt>')
    [pf] = parse_file(data, "statement.xml")
    [error] = pf.errors
    assert (error.column, error.code, error.value) == ("Bal/CLBD", "mixed_currency", "SEK")
    assert error.message.startswith(f"Row {error.row}, column “Bal/CLBD”: this balance is in SEK, the statement in USD")
    assert pf.closing_balance is None
