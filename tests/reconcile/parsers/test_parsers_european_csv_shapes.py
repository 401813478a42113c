"""CSV exports of German, Dutch, French, Spanish and US banks in their online banking's layouts (column names in the
bank's language, semicolons, decimal commas, Windows-1252, the direction in a column of its own): refused before as
files without a header row, or read with every line as money in. Each file is written here in the bank's layout,
with names, numbers and amounts made up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reconcile.parsers import parse_file

pytestmark = pytest.mark.usefixtures("english")


def _one(data: bytes, name: str):
    [pf] = parse_file(data, name)
    assert pf.ok, [e.message for e in pf.errors]
    return pf


def _rows(pf):
    return [
        (ln.booking_date, ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.purpose)
        for ln in pf.lines
    ]


def test_a_sparkasse_csv_camt_export_is_read() -> None:
    header = (
        '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";'
        '"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";'
        '"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";'
        '"Betrag";"Waehrung";"Info"\r\n'
    )
    lines = (
        '"DE89370400440532013000";"28.12.22";"28.12.22";"GUTSCHR. UEBERWEISUNG";"Rechnung 2022-118 ";"";"";'
        '"NOTPROVIDED";"";"";"";"Müller Gärten GmbH";"DE02120300000000202051";"BYLADEM1001";"1.250,00";"EUR";'
        '"Umsatz gebucht"\r\n'
        '"DE89370400440532013000";"27.12.22";"27.12.22";"FOLGELASTSCHRIFT";"Strom Dezember ";"DE98ZZZ09999999999";'
        '"M-4711";"";"";"";"";"Stadtwerke Köln";"DE44500105175407324931";"INGDDEFFXXX";"-84,20";"EUR";'
        '"Umsatz gebucht"\r\n'
    )
    pf = _one((header + lines).encode("cp1252"), "20221231-532013000-umsatz.CSV")
    assert (pf.account_number, pf.currency) == ("DE89370400440532013000", "EUR")
    assert _rows(pf) == [
        (
            date(2022, 12, 28),
            "in",
            Decimal("1250.00"),
            "Müller Gärten GmbH",
            "DE02120300000000202051",
            "Rechnung 2022-118",
        ),
        (date(2022, 12, 27), "out", Decimal("84.20"), "Stadtwerke Köln", "DE44500105175407324931", "Strom Dezember"),
    ]
    assert [ln.counterparty_bank for ln in pf.lines] == ["BYLADEM1001", "INGDDEFFXXX"]


def test_an_ing_germany_export_with_its_title_rows_is_read() -> None:
    data = (
        "Umsatzanzeige;Datei erstellt am: 02.01.2024 10:00\r\n\r\n"
        "IBAN;DE12 5001 0517 0123 4567 89\r\nKontoname;Girokonto\r\nBank;ING\r\n"
        "Zeitraum;01.12.2023 - 31.12.2023\r\nSaldo;1.949,33;EUR\r\n\r\n"
        "Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung\r\n"
        "29.12.2023;29.12.2023;REWE Markt GmbH;Lastschrift;Einkauf 28.12.;1.949,33;EUR;-50,67;EUR\r\n"
        "15.12.2023;15.12.2023;Arbeitgeber AG;Gehalt/Rente;Gehalt Dezember;2.000,00;EUR;2.000,00;EUR\r\n"
    ).encode("cp1252")
    pf = _one(data, "Umsatzanzeige_DE12500105170123456789_20240102.csv")
    assert pf.account_number == "DE12500105170123456789"
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.summary) for ln in pf.lines] == [
        ("out", Decimal("50.67"), "REWE Markt GmbH", "Lastschrift"),
        ("in", Decimal("2000.00"), "Arbeitgeber AG", "Gehalt/Rente"),
    ]
    assert pf.closing_balance == Decimal("1949.33")


def test_a_dkb_export_takes_the_other_party_from_payer_or_payee_by_direction() -> None:
    """DKB names both parties (Zahlungspflichtige*r, Zahlungsempfänger*in): the other party is the payer of money in
    and the payee of money out, never the account holder."""
    data = (
        '"Konto";"Girokonto DE02120300000000202051"\r\n""\r\n'
        '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";"Zahlungsempfänger*in";"Verwendungszweck";'
        '"Umsatztyp";"IBAN";"Betrag (€)";"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz"\r\n'
        '"30.12.23";"30.12.23";"Gebucht";"Arbeitgeber AG";"Max Mustermann";"Gehalt Dezember";"Eingang";'
        '"DE02120300000000202051";"2.500,00";"";"";""\r\n'
        '"29.12.23";"29.12.23";"Gebucht";"Max Mustermann";"REWE Markt GmbH";"Kartenzahlung";"Ausgang";'
        '"DE44500105175407324931";"-45,67";"";"";""\r\n'
    ).encode("utf-8-sig")
    pf = _one(data, "DKB.csv")
    assert [(ln.direction, ln.amount, ln.counterparty_name) for ln in pf.lines] == [
        ("in", Decimal("2500.00"), "Arbeitgeber AG"),
        ("out", Decimal("45.67"), "REWE Markt GmbH"),
    ]


def test_a_deutsche_bank_export_with_debit_and_credit_columns_is_read() -> None:
    data = (
        "Umsätze Girokonto;Zeitraum: 01.12.2023 - 31.12.2023;\r\n"
        "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;"
        "Mandatsreferenz ;Gläubiger ID;Fremde Gebühren;Betrag;Abweichender Empfänger;Anzahl der Aufträge;"
        "Anzahl der Schecks;Soll;Haben;Währung\r\n"
        "28.12.2023;28.12.2023;SEPA-Überweisung an;Vermieter GmbH;Miete Januar;DE44500105175407324931;INGDDEFFXXX;"
        ";;;;;;;;-900,00;;EUR\r\n"
        "15.12.2023;15.12.2023;SEPA-Gutschrift von;Arbeitgeber AG;Gehalt;DE02120300000000202051;BYLADEM1001;"
        ";;;;;;;;;2.000,00;EUR\r\n"
        "Kontostand;31.12.2023;;;1.100,00;EUR\r\n"
    ).encode("cp1252")
    pf = _one(data, "Kontoumsaetze_100_123456700_20240102.csv")
    assert _rows(pf) == [
        (date(2023, 12, 28), "out", Decimal("900.00"), "Vermieter GmbH", "DE44500105175407324931", "Miete Januar"),
        (date(2023, 12, 15), "in", Decimal("2000.00"), "Arbeitgeber AG", "DE02120300000000202051", "Gehalt"),
    ]


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [
        ("Date opération;Date valeur;Libellé;Débit;Crédit", "PRLV SEPA EDF;84,20;", "VIR SEPA RECU SALAIRE;;2 500,00"),
        ("Fecha;Fecha valor;Concepto;Debe;Haber", "RECIBO ENDESA;84,20;", "NOMINA ACME SL;;2.500,00"),
    ],
)
def test_french_and_spanish_exports_are_read(header, first, second) -> None:
    data = f"{header}\r\n28/12/2023;28/12/2023;{first}\r\n15/12/2023;15/12/2023;{second}\r\n".encode("cp1252")
    pf = _one(data, "releve.csv")
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2023, 12, 28), "out", Decimal("84.20")),
        (date(2023, 12, 15), "in", Decimal("2500.00")),
    ]
    assert pf.lines[0].summary in ("PRLV SEPA EDF", "RECIBO ENDESA")


def test_an_ing_netherlands_export_gives_the_direction_as_af_or_bij() -> None:
    data = (
        b'"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort",'
        b'"Mededelingen"\r\n'
        b'"20231228","Albert Heijn 1234","NL91INGB0001234567","","BA","Af","23,45","Betaalautomaat",'
        b'"Pasvolgnr: 001 28-12-2023 18:01"\r\n'
        b'"20231215","ACME BV","NL91INGB0001234567","NL20RABO0123456789","GT","Bij","2500,00","Online bankieren",'
        b'"Naam: ACME BV Omschrijving: Salaris december"\r\n'
    )
    pf = _one(data, "NL91INGB0001234567_01-12-2023_31-12-2023.csv")
    assert pf.account_number == "NL91INGB0001234567"
    assert _rows(pf) == [
        (date(2023, 12, 28), "out", Decimal("23.45"), "Albert Heijn 1234", "", "Pasvolgnr: 001 28-12-2023 18:01"),
        (
            date(2023, 12, 15),
            "in",
            Decimal("2500.00"),
            "ACME BV",
            "NL20RABO0123456789",
            "Naam: ACME BV Omschrijving: Salaris december",
        ),
    ]


def test_a_volksbank_export_gives_the_direction_as_s_or_h() -> None:
    """Soll (S) is the account's debit, money out; Haben (H) money in."""
    data = (
        "Buchungstag;Valuta;Auftraggeber/Zahlungsempfänger;IBAN;BIC;Vorgang/Verwendungszweck;Währung;Umsatz;"
        "Soll/Haben\r\n"
        "28.12.2023;28.12.2023;Vermieter GmbH;DE44500105175407324931;INGDDEFFXXX;Miete Januar;EUR;900,00;S\r\n"
        "15.12.2023;15.12.2023;Arbeitgeber AG;DE02120300000000202051;BYLADEM1001;Gehalt;EUR;2.000,00;H\r\n"
    ).encode("cp1252")
    pf = _one(data, "Umsaetze.csv")
    assert [(ln.direction, ln.amount, ln.counterparty_name) for ln in pf.lines] == [
        ("out", Decimal("900.00"), "Vermieter GmbH"),
        ("in", Decimal("2000.00"), "Arbeitgeber AG"),
    ]


def test_unsigned_amounts_beside_a_column_of_debit_or_credit_take_its_direction() -> None:
    """An export (Mint's, several US banks') writing amounts without a sign and the way in a column named otherwise
    ("Transaction Type": debit / credit): every line was read as money in."""
    data = (
        b'"Date","Description","Original Description","Amount","Transaction Type","Category"\r\n'
        b'"8/10/2026","Starbucks","STARBUCKS STORE 12345","2.45","debit","Coffee Shops"\r\n'
        b'"8/27/2026","Payroll","ACME CORP PAYROLL","1066.88","credit","Paycheck"\r\n'
    )
    pf = _one(data, "transactions.csv")
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("2.45")), ("in", Decimal("1066.88"))]


def test_a_signed_amount_beside_a_debit_or_credit_column_that_agrees_is_read_by_its_sign() -> None:
    """HSBC Hong Kong's card export writes "-1,099.14" and DEBIT: the minus was taken for a reversal of the debit,
    and every payment became money in."""
    data = (
        b"Transaction date,Post date,Description,Billing amount,Billing currency,Credit / Debit\r\n"
        b'09/04/2026,10/04/2026,QR UNIONPAY MERCHANT,"-1,099.14",HKD,DEBIT\r\n'
        b'31/03/2026,01/04/2026,RETURN: PINDUODUO PLATFORM,"25.00",HKD,CREDIT\r\n'
    )
    pf = _one(data, "TransactionHistory.csv")
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("1099.14")), ("in", Decimal("25.00"))]


def test_an_iban_column_with_the_same_iban_on_every_line_is_the_accounts_own() -> None:
    """German banks' "IBAN" column is the other party's; an export that repeats the account's own IBAN there (the
    layout of bankstatementparser's samples) gave every line that IBAN as its other party."""
    data = (
        b"Booking Date;Details;Credit;Debit;CCY;Running Balance;IBAN;Ref\r\n"
        b"2026-03-20;Incoming transfer;1250,50;;EUR;2250,50;DE44 5001 0517 5407 3249 31;CSV-100\r\n"
        b"2026-03-21;Utility bill;;200,25;EUR;2050,25;DE44 5001 0517 5407 3249 31;CSV-101\r\n"
    )
    pf = _one(data, "statement.csv")
    assert pf.account_number.replace(" ", "") == "DE44500105175407324931"
    assert [ln.counterparty_account for ln in pf.lines] == ["", ""]
