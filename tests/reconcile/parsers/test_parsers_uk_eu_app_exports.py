"""App banks' CSV exports (shapes of Starling's and N26's; names, numbers and amounts made up) that were misread:
Starling's and N26's currency is only the unit of their amount headers, and N26's `Account number` is the payee's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reconcile.parsers import parse_file

STARLING = (
    b"Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes\n"
    b"14/10/2026,Pret A Manger,PRET A MANGER,CONTACTLESS,-4.50,995.50,EATING_OUT,\n"
    b"15/10/2026,ACME LTD,SALARY,FASTER PAYMENT,1000.00,1995.50,INCOME,\n"
)
N26 = (
    b'"Date","Payee","Account number","Transaction type","Payment reference","Amount (EUR)",'
    b'"Amount (Foreign Currency)","Type Foreign Currency","Exchange Rate"\n'
    b'"2026-10-14","REWE","","MasterCard Payment","","-12.30","","",""\n'
    b'"2026-10-15","ACME GmbH","DE89370400440532013000","Income","Gehalt","1000.0","","",""\n'
    b'"2026-10-16","SPOTIFY","","MasterCard Payment","","-9.99","","",""\n'
)


def test_starling_is_read_in_the_currency_its_amount_headers_name() -> None:
    """`Amount (GBP)`, `Balance (GBP)` and no currency column: the statement had no currency."""
    [pf] = parse_file(STARLING, "StarlingStatement_2026-10-01_2026-10-31.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("GBP", Decimal("1000.00"), Decimal("1995.50"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.counterparty_name) for ln in pf.lines] == [
        (date(2026, 10, 14), "out", Decimal("4.50"), "Pret A Manger"),
        (date(2026, 10, 15), "in", Decimal("1000.00"), "ACME LTD"),
    ]


def test_two_currencies_in_the_headers_give_none() -> None:
    data = STARLING.replace(b"Balance (GBP)", b"Balance (EUR)")
    [pf] = parse_file(data, "statement.csv")
    assert pf.currency is None


def test_n26_account_number_is_the_payees_not_the_files_own() -> None:
    """It was taken for the file's own account: the whole statement went to the payer's IBAN (or was refused as
    another account than the one chosen)."""
    [pf] = parse_file(N26, "n26-csv-transactions.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == (None, "EUR")
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("12.30"), "REWE", ""),
        ("in", Decimal("1000.00"), "ACME GmbH", "DE89370400440532013000"),
        ("out", Decimal("9.99"), "SPOTIFY", ""),
    ]


def test_an_own_account_number_on_every_line_stays_the_files_own() -> None:
    """Lloyds-like: the account's own number on every line, beside a name column."""
    data = (
        b"Transaction Date,Name,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n"
        b"14/10/2026,Pret,12345678,PRET A MANGER,4.50,,995.50\n"
        b"15/10/2026,Acme,12345678,ACME SALARY,,1000.00,1995.50\n"
    )
    [pf] = parse_file(data, "statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number == "12345678"


def test_n26s_newer_export_names_the_other_party_as_partner() -> None:
    """N26's CSV since 2023 (Booking Date, Partner Name, Partner Iban, Amount (EUR)): the other party was not read."""
    data = (
        b'"Booking Date","Value Date","Partner Name","Partner Iban",Type,"Payment Reference","Account Name",'
        b'"Amount (EUR)","Original Amount","Original Currency","Exchange Rate"\n'
        b'2026-10-14,2026-10-14,REWE,,Presentment,,"Main Account",-12.30,-12.30,EUR,1.0\n'
        b'2026-10-15,2026-10-15,"ACME GmbH",DE89370400440532013000,Credit Transfer,Gehalt,"Main Account",1000.00,,,\n'
    )
    [pf] = parse_file(data, "n26-csv-transactions.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "EUR"
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("12.30"), "REWE", ""),
        ("in", Decimal("1000.00"), "ACME GmbH", "DE89370400440532013000"),
    ]


def test_wise_names_the_payee_of_money_out_and_its_total_fees_are_not_taken_twice() -> None:
    """Wise's statement CSV: its Amount already holds the fee (`Total fees` only says how much of it was one; the
    running balance moves by Amount), and Payee Name / Payee Account Number are the other party of money out."""
    data = (
        b'"TransferWise ID",Date,Amount,Currency,Description,"Payment Reference","Running Balance","Exchange From",'
        b'"Exchange To","Exchange Rate","Payer Name","Payee Name","Payee Account Number",Merchant,'
        b'"Card Last Four Digits","Card Holder Full Name",Attachment,Note,"Total fees"\n'
        b'TRANSFER-1,14-10-2026,-100.00,EUR,"Sent money to ACME",INV1,900.00,,,,,"ACME GmbH",'
        b"DE89370400440532013000,,,,,,0.50\n"
        b'TRANSFER-2,15-10-2026,250.00,EUR,"Received money from Beta BV",,1150.00,,,,"Beta BV",,,,,,,,0.00\n'
    )
    [pf] = parse_file(data, "statement_12345678_EUR_2026-10-01_2026-10-31.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("EUR", Decimal("1000.00"), Decimal("1150.00"))
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("100.00"), "ACME GmbH", "DE89370400440532013000"),
        ("in", Decimal("250.00"), "Beta BV", ""),
    ]


BUNQ = (
    b'"Date";"Interest Date";"Amount";"Account";"Counterparty";"Name";"Description"\n'
    b'"2026-10-14";"2026-10-14";"-12,30";"NL08BUNQ2206789012";"NL91ABNA0417164300";"REWE";"Groceries"\n'
    b'"2026-10-15";"2026-10-15";"1.000,00";"NL08BUNQ2206789012";"DE89370400440532013000";"ACME GmbH";"Salary"\n'
)


def test_bunqs_counterparty_of_ibans_is_the_other_partys_account_and_name_its_name() -> None:
    """bunq's CSV: `Counterparty` holds the other party's IBAN, `Name` its name; the IBANs were read as names."""
    [pf] = parse_file(BUNQ, "bunq-statement.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("12.30"), "REWE", "NL91ABNA0417164300"),
        ("in", Decimal("1000.00"), "ACME GmbH", "DE89370400440532013000"),
    ]


def test_a_counterparty_column_of_names_stays_the_name() -> None:
    data = BUNQ.replace(b'"NL91ABNA0417164300";"REWE"', b'"Rewe Markt GmbH";"REWE"')
    [pf] = parse_file(data, "bunq-statement.csv")
    assert [ln.counterparty_name for ln in pf.lines] == ["Rewe Markt GmbH", "DE89370400440532013000"]


def test_n26_transfers_only_each_naming_the_partners_iban_are_one_statement() -> None:
    """beancount-n26's test layout (with Category): every line a transfer, so every line names a partner's IBAN.
    The file was split into one statement per partner IBAN, each taken for an account of the company's."""
    data = (
        b'"Date","Payee","Account number","Transaction type","Payment reference","Category","Amount (EUR)",'
        b'"Amount (Foreign Currency)","Type Foreign Currency","Exchange Rate"\n'
        b'"2022-08-01","Alice","DE99999999999999999999","Income","Muster GmbH","Income","56.78","","",""\n'
        b'"2022-08-02","Bob","DE89370400440532013000","Outgoing Transfer","Home food","Foo","-42.0","","",""\n'
    )
    [pf] = parse_file(data, "n26-csv-transactions.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == (None, "EUR")
    assert [
        (ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.purpose) for ln in pf.lines
    ] == [
        ("in", Decimal("56.78"), "Alice", "DE99999999999999999999", "Muster GmbH"),
        ("out", Decimal("42.00"), "Bob", "DE89370400440532013000", "Home food"),
    ]


def test_n26s_german_and_french_exports_name_the_payee_its_account_and_the_reference() -> None:
    """N26's CSV in German (Empfänger, Kontonummer, Verwendungszweck) and French (Bénéficiaire, Numéro de compte,
    Référence de paiement): the other party was not read, nor the French reference."""
    german = (
        '"Datum","Empfänger","Kontonummer","Transaktionstyp","Verwendungszweck","Kategorie","Betrag (EUR)",'
        '"Betrag (Fremdwährung)","Fremdwährung","Wechselkurs"\n'
        '"2020-01-03","Muster GmbH","DE89370400440532013000","Lastschrift","Rechnung 4711","Haushalt","-12.34","","",""\n'
        '"2020-01-05","Boulangerie","","MasterCard Zahlung","","Essen","-4.20","-4.20","EUR","1.0"\n'
    )
    french = (
        '"Date","Bénéficiaire","Numéro de compte","Type de transaction","Référence de paiement","Catégorie",'
        '"Montant (EUR)","Montant (Devise étrangère)","Sélectionnez la devise étrangère","Taux de conversion"\n'
        '"2020-01-03","Muster GmbH","DE89370400440532013000","Prélèvement","Rechnung 4711","Maison","-12.34","","",""\n'
        '"2020-01-05","Boulangerie","","Paiement MasterCard","","Alimentation","-4.20","-4.20","EUR","1.0"\n'
    )
    for text in (german, french):
        [pf] = parse_file(text.encode(), "n26-csv-transactions.csv")
        assert pf.ok, [e.message for e in pf.errors]
        assert (pf.account_number, pf.currency) == (None, "EUR")
        assert [
            (ln.booking_date, ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.purpose)
            for ln in pf.lines
        ] == [
            (date(2020, 1, 3), "out", Decimal("12.34"), "Muster GmbH", "DE89370400440532013000", "Rechnung 4711"),
            (date(2020, 1, 5), "out", Decimal("4.20"), "Boulangerie", "", ""),
        ]


def test_nationwides_csv_in_windows_1252_with_pound_amounts_is_read_in_pounds() -> None:
    """Nationwide's (UK) statement CSV: Windows-1252, every amount written `£1,500.00`, three title rows. The pound
    sign stands beside digits, not letters: the file was refused as of an unknown encoding."""
    text = (
        '"Account Name:","FlexAccount ****12345"\n"Account Balance:","£2,294.25"\n"Available Balance: ","£2,294.25"\n\n'
        '"Date","Transaction type","Description","Paid out","Paid in","Balance"\n'
        '"14 Oct 2026","Payment to","ACME LTD","£200.00","","£800.00"\n'
        '"15 Oct 2026","Bank credit","SALARY ACME","","£1,500.00","£2,300.00"\n'
        '"16 Oct 2026","Contactless Payment","STARBUCKS","£5.75","","£2,294.25"\n'
    )
    [pf] = parse_file(text.encode("cp1252"), "Statement Download 2026-Oct-31.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("GBP", Decimal("1000.00"), Decimal("2294.25"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (date(2026, 10, 14), "out", Decimal("200.00"), "ACME LTD"),
        (date(2026, 10, 15), "in", Decimal("1500.00"), "SALARY ACME"),
        (date(2026, 10, 16), "out", Decimal("5.75"), "STARBUCKS"),
    ]


def test_a_euro_sign_after_its_amount_in_windows_1252_is_read_too() -> None:
    text = "Datum;Buchungstext;Betrag\n14.10.2026;Miete Oktober;-850,00 €\n15.10.2026;Gehalt;2.000,00 €\n"
    [pf] = parse_file(text.encode("cp1252"), "umsaetze.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("850.00")), ("in", Decimal("2000.00"))]


def test_chases_check_or_slip_number_is_the_lines_cheque_number() -> None:
    data = (
        b"Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\n"
        b'DEBIT,10/16/2026,"STARBUCKS STORE 12345 SEATTLE WA",-5.75,DEBIT_CARD,1994.25,,\n'
        b'CHECK,10/14/2026,"CHECK 1001",-200.00,CHECK_PAID,2000.00,1001,\n'
    )
    [pf] = parse_file(data, "Chase1234_Activity_20261031.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount, ln.voucher_no) for ln in pf.lines] == [
        (date(2026, 10, 16), "out", Decimal("5.75"), ""),
        (date(2026, 10, 14), "out", Decimal("200.00"), "1001"),
    ]
