"""Files copied from open-source parsers' test suites (tests/fixtures/public/MANIFEST.md says where each comes from)
and shapes of German, Dutch and Spanish exports: GLS Bank's CSV with its remittance text over VWZ1 to VWZ14 and its own
account in Kontonummer, Sparkasse's CSV with the other party's Kontonummer beside the party's name, ING España's
`IMPORTE (€)`, Rabobank's own IBAN/BBAN and Omschrijving-1..3, ABN AMRO's headerless TAB download, and kingsquare/php-mt940's German and Dutch MT940 samples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, parse_file

pytestmark = pytest.mark.usefixtures("english")  # the messages asserted on are the English ones

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "public"


def _read(folder: str, name: str):
    [pf] = parse_file((ROOT / folder / name).read_bytes(), name)
    assert pf.ok, [e.message for e in pf.errors]
    return pf


def test_gls_bank_reads_its_own_kontonummer_and_joins_the_vwz_columns() -> None:
    """GLS Bank's CSV (csv2ofx's sample, Windows-1252): the remittance text is spread over VWZ1..VWZ14 (none was read)
    and Kontonummer is the account's own, the other party being Auftraggeber/Empfänger."""
    pf = _read("csv", "csv2ofx_gls_de_vwz.csv")
    assert (pf.account_number, pf.currency) == ("1234567890", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1333.32"), Decimal("1234.56"))
    [ln] = pf.lines
    assert (ln.booking_date, ln.direction, ln.amount, ln.balance) == (
        date(2017, 10, 10),
        "out",
        Decimal("98.76"),
        Decimal("1234.56"),
    )
    assert (ln.counterparty_name, ln.counterparty_account, ln.summary) == (
        "Drillisch Online AG",
        "",
        "SEPA-Basislastschrift",
    )
    assert ln.purpose == "B4658645 U123456789 B123456 987 SIMply Rechnung"


def test_sparkasses_kontonummer_beside_the_party_is_the_partys_account() -> None:
    """Sparkasse's CSV: Auftragskonto is the account's own; Kontonummer (after Beguenstigter/Zahlungspflichtiger) was
    left unread while its BLZ was read as the other party's bank."""
    text = (
        '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";'
        '"Beguenstigter/Zahlungspflichtiger";"Kontonummer";"BLZ";"Betrag";"Waehrung";"Info"\n'
        '"1234567890";"03.01.20";"03.01.20";"LASTSCHRIFT";"Rechnung 4711";"Muster GmbH";"0532013000";"37040044";'
        '"-12,34";"EUR";"Umsatz gebucht"\n'
        '"1234567890";"05.01.20";"05.01.20";"GUTSCHRIFT";"Gehalt";"ACME AG";"0987654321";"37040044";"1.000,00";'
        '"EUR";"Umsatz gebucht"\n'
    )
    [pf] = parse_file(text.encode("cp1252"), "20200110-1234567890-umsatz.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("1234567890", "EUR")
    assert [
        (ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank, ln.purpose)
        for ln in pf.lines
    ] == [
        ("out", Decimal("12.34"), "Muster GmbH", "0532013000", "37040044", "Rechnung 4711"),
        ("in", Decimal("1000.00"), "ACME AG", "0987654321", "37040044", "Gehalt"),
    ]


def test_ing_espana_reads_its_value_date_description_and_euro_unit() -> None:
    """ING España's movements export: F. VALOR is its only date, DESCRIPCIÓN the line's text and the currency only
    the unit of IMPORTE (€) and SALDO (€): the file was refused for want of a header row."""
    text = (
        "F. VALOR,CATEGORÍA,SUBCATEGORÍA,DESCRIPCIÓN,COMENTARIO,IMAGEN,IMPORTE (€),SALDO (€)\n"
        '24/03/2022,Ventajas ING,Otras Ventajas ING,Abono por campaña Abono Shopping,,No,"2,83","1.719,90"\n'
        '25/03/2022,Compras,Compras (otros),Compra Tarjeta AMZN Mktp ES,,No,"-17,60","1.702,30"\n'
    )
    [pf] = parse_file(text.encode(), "movements-2022.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("EUR", Decimal("1717.07"), Decimal("1702.30"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        (date(2022, 3, 24), "in", Decimal("2.83"), "Abono por campaña Abono Shopping"),
        (date(2022, 3, 25), "out", Decimal("17.60"), "Compra Tarjeta AMZN Mktp ES"),
    ]


def test_kontists_mt940_reads_the_structured_86_parties() -> None:
    """Kontist (DE): `:86:166?20text?30BIC?31IBAN?32name` on one line; adds up from 0.15 to 395.91."""
    pf = _read("mt940", "kingsquare_kontist_de.sta")
    assert (pf.account_number, pf.currency) == ("DE85110101002482488293", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("0.15"), Decimal("395.91"))
    got = [(ln.booking_date, ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines]
    assert got[0] == (date(2021, 2, 15), "in", Decimal("50.00"), "CHRISTIAN BENDT", "DE59320500000001908722")
    assert got[3] == (date(2021, 2, 17), "out", Decimal("2.38"), "Kontist GmbH", "DE32342121002781508546")
    assert pf.lines[2].purpose == "Rechnung-Nr.: INV-00002 v. 13.02.21"
    assert sum(ln.amount if ln.direction == "in" else -ln.amount for ln in pf.lines) == Decimal("395.76")


def test_sparkasses_mt940_reads_blz_and_account_of_the_other_party() -> None:
    """Sparkasse (DE), BLZ/Kontonummer account, ten credits and a Lastschrift over two days."""
    pf = _read("mt940", "kingsquare_sparkasse_de.sta")
    assert (pf.account_number, pf.currency) == ("20090500/0006853030", "EUR")
    assert (pf.opening_balance, pf.closing_balance, len(pf.lines)) == (Decimal("1818.90"), Decimal("2734.22"), 10)
    debit = next(ln for ln in pf.lines if ln.direction == "out")
    assert (debit.amount, debit.counterparty_name, debit.counterparty_account, debit.counterparty_bank) == (
        Decimal("16.68"),
        "DEUTSCHE TELEKOM AG",
        "0123123322",
        "12312301",
    )
    assert debit.summary == "Lastschrift"


def test_abn_amros_mt940_reads_sepa_codewords_with_wrapped_lines() -> None:
    """ABN AMRO (NL), kingsquare's issue 48: /TRTP/ codewords wrapped over lines of 65 characters."""
    pf = _read("mt940", "kingsquare_abnamro_issue48.sta")
    assert (pf.account_number, pf.opening_balance, pf.closing_balance) == (
        "534334164",
        Decimal("1124.58"),
        Decimal("1171.60"),
    )
    assert [(ln.direction, ln.amount, ln.counterparty_account, ln.purpose) for ln in pf.lines] == [
        ("in", Decimal("109.65"), "NL75INGB0001234567", "RES.NR 00042"),
        ("out", Decimal("62.63"), "NL37DEUT0123456789", "INV/1511682351 1.12.2016"),
    ]


def test_hsbc_hong_kongs_sample_whose_balances_ignore_its_debit_is_refused_naming_the_balance() -> None:
    """HSBC (HK), HKD: a debit of 20000.00 between an opening and a closing balance of 0.00 (kingsquare's sample):
    refused naming the :62F: line, not imported as a statement that does not add up."""
    name = "kingsquare_hsbc_hk_unbalanced.sta"
    [pf] = parse_file((ROOT / "mt940" / name).read_bytes(), name)
    assert not pf.ok
    [err] = pf.errors
    assert (err.row, err.column) == (10, ":62F:")
    assert "-20000.00" in err.message


def test_rabobanks_csv_reads_its_own_iban_the_partys_bic_and_the_three_descriptions() -> None:
    """Rabobank's (NL) CSV export: `IBAN/BBAN` (the account's own) was not read, its `BIC` (the account's own bank)
    was taken for the other party's over `BIC tegenpartij`, and only `Omschrijving-1` of the three was read."""
    header = (
        '"IBAN/BBAN","Munt","BIC","Volgnr","Datum","Rentedatum","Bedrag","Saldo na trn","Tegenrekening IBAN/BBAN",'
        '"Naam tegenpartij","Naam uiteindelijke partij","Naam initiërende partij","BIC tegenpartij","Code",'
        '"Batch ID","Transactiereferentie","Machtigingskenmerk","Incassant ID","Betalingskenmerk","Omschrijving-1",'
        '"Omschrijving-2","Omschrijving-3","Reden retour","Oorspr bedrag","Oorspr munt","Koers"\n'
    )
    lines = (
        '"NL11RABO0104955555","EUR","RABONL2U","000000000000007213","2026-10-01","2026-10-01","-12,34","+1.987,66",'
        '"NL20ABNA0123456789","Albert Heijn","","","ABNANL2A","bc","","","","","","Boodschappen week 40","pas 123",'
        '"","","","",""\n'
        '"NL11RABO0104955555","EUR","RABONL2U","000000000000007214","2026-10-02","2026-10-02","+1.000,00",'
        '"+2.987,66","NL20ABNA0987654321","ACME BV","","","ABNANL2A","cb","","","","","","Salaris september","","",'
        '"","","",""\n'
    )
    [pf] = parse_file((header + lines).encode(), "CSV_A_20261031_120000.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("NL11RABO0104955555", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("2000.00"), Decimal("2987.66"))
    assert [
        (ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank, ln.purpose)
        for ln in pf.lines
    ] == [
        ("out", Decimal("12.34"), "Albert Heijn", "NL20ABNA0123456789", "ABNANL2A", "Boodschappen week 40 pas 123"),
        ("in", Decimal("1000.00"), "ACME BV", "NL20ABNA0987654321", "ABNANL2A", "Salaris september"),
    ]


def test_abn_amros_tab_download_without_a_header_is_read_by_its_balances() -> None:
    """ABN AMRO's (NL) TXT/TAB download has no header row: account, currency, date, balance before, balance after,
    value date, amount, description. Its four number columns left the amount open, and the file was refused asking
    for a header row. Each balance after is the one before plus the amount, and each row starts where the last ended."""
    data = (
        b"530000123\tEUR\t20261001\t1000,00\t987,66\t20261001\t-12,34\t"
        b"BEA   NR:XX1234   01.10.26/12.00 ALBERT HEIJN 1234,PAS123\n"
        b"530000123\tEUR\t20261002\t987,66\t1987,66\t20261002\t1000,00\t"
        b"SEPA Overboeking IBAN: NL20ABNA0987654321 BIC: ABNANL2A Naam: ACME BV Omschrijving: Salaris\n"
    )
    [pf] = parse_file(data, "TXT261031120000.TAB")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("530000123", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1987.66"))
    assert [(ln.booking_date, ln.direction, ln.amount, ln.balance) for ln in pf.lines] == [
        (date(2026, 10, 1), "out", Decimal("12.34"), Decimal("987.66")),
        (date(2026, 10, 2), "in", Decimal("1000.00"), Decimal("1987.66")),
    ]
    assert pf.lines[1].summary.startswith("SEPA Overboeking IBAN: NL20ABNA0987654321")


def test_a_headerless_file_whose_balances_do_not_chain_stays_unread() -> None:
    """The same columns where a row's balance before is not the last row's balance after: which column is the
    amount is not certain, and the file is refused asking for its header row as before."""
    data = (
        b"530000123\tEUR\t20261001\t1000,00\t987,66\t20261001\t-12,34\tALBERT HEIJN\n"
        b"530000123\tEUR\t20261002\t500,00\t1500,00\t20261002\t1000,00\tACME BV\n"
    )
    with pytest.raises(ParseError) as refused:
        parse_file(data, "TXT261031120000.TAB")
    assert refused.value.code == "no_header"


def test_postbanks_csv_with_euro_units_reads_payer_of_money_in_and_payee_of_money_out() -> None:
    """Postbank's (DE) CSV, Windows-1252: `Betrag (€)`, `Saldo (€)` and amounts written `1.000,00 €` (refused as of
    an unknown encoding), Auftraggeber and Empfänger (the other party is the payer of money in, the payee of money
    out) and Buchungsdetails (the remittance text)."""
    text = (
        "Umsätze Girokonto\nKontoinhaber: Max Mustermann\nIBAN: DE12 1001 0010 0648 4898 90\n"
        "Zeitraum: 01.10.2026 - 31.10.2026\nKontostand vom 31.10.2026: 1.987,66 €\n\n"
        "Buchungsdatum;Wertstellung;Umsatzart;Buchungsdetails;Auftraggeber;Empfänger;Betrag (€);Saldo (€)\n"
        "02.10.2026;02.10.2026;Gutschrift;Gehalt Oktober;ACME GmbH;Max Mustermann;1.000,00 €;1.987,66 €\n"
        "01.10.2026;01.10.2026;Lastschrift;Einkauf 4711;Max Mustermann;REWE Markt GmbH;-12,34 €;987,66 €\n"
    )
    [pf] = parse_file(text.encode("cp1252"), "Umsaetze_DE12100100100648489890.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("DE12100100100648489890", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1987.66"))
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.purpose) for ln in pf.lines] == [
        ("in", Decimal("1000.00"), "ACME GmbH", "Gehalt Oktober"),
        ("out", Decimal("12.34"), "REWE Markt GmbH", "Einkauf 4711"),
    ]


def test_comdirect_and_commerzbank_name_the_currency_and_the_own_iban() -> None:
    """comdirect's `Umsatz in EUR` is the amounts' unit (the file had no currency); Commerzbank's `IBAN
    Auftraggeberkonto` is the account's own IBAN (the file had no account)."""
    comdirect = (
        "Umsätze Girokonto;Zeitraum: 01.10.2026 - 31.10.2026;\n\n"
        '"Buchungstag";"Wertstellung (Valuta)";"Vorgang";"Buchungstext";"Umsatz in EUR";\n'
        '"02.10.2026";"02.10.2026";"Übertrag / Überweisung";"Auftraggeber: ACME GmbH Buchungstext: Gehalt";"1.000,00";\n'
        '"01.10.2026";"01.10.2026";"Lastschrift / Belastung";"Auftraggeber: REWE Markt GmbH";"-12,34";\n'
    )
    [pf] = parse_file(comdirect.encode("cp1252"), "umsaetze_1234567890_20261031.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.currency == "EUR"
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("in", Decimal("1000.00")), ("out", Decimal("12.34"))]
    commerzbank = (
        "Buchungstag;Wertstellung;Umsatzart;Buchungstext;Betrag;Währung;Auftraggeberkonto;"
        "Bankleitzahl Auftraggeberkonto;IBAN Auftraggeberkonto;Kategorie\n"
        "02.10.2026;02.10.2026;Gutschrift;ACME GmbH Gehalt Oktober;1000,00;EUR;648489890;50040000;"
        "DE12500400000648489890;Einnahmen\n"
        "01.10.2026;01.10.2026;Lastschrift;REWE Markt GmbH Einkauf 4711;-12,34;EUR;648489890;50040000;"
        "DE12500400000648489890;Lebensmittel\n"
    )
    [pf] = parse_file(commerzbank.encode("cp1252"), "Umsaetze_KtoNr648489890_EUR_31-10-2026.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("DE12500400000648489890", "EUR")
    assert [(ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        ("in", Decimal("1000.00"), "ACME GmbH Gehalt Oktober"),
        ("out", Decimal("12.34"), "REWE Markt GmbH Einkauf 4711"),
    ]


ATRUVIA = (
    "Bezeichnung Auftragskonto;IBAN Auftragskonto;BIC Auftragskonto;Bankname Auftragskonto;Buchungstag;Valutadatum;"
    "Name Zahlungsbeteiligter;IBAN Zahlungsbeteiligter;BIC (SWIFT-Code) Zahlungsbeteiligter;Buchungstext;"
    "Verwendungszweck;Betrag;Waehrung;Saldo nach Buchung;Bemerkung;Gekennzeichneter Umsatz;Glaeubiger ID;"
    "Mandatsreferenz\n"
    "GiroKonto Online;DE02500105170137075030;GENODEF1XXX;VR Bank;02.10.2026;02.10.2026;ACME GmbH;"
    "DE89370400440532013000;COBADEFFXXX;Gutschrift;Gehalt Oktober;1000,00;EUR;1987,66;;;;\n"
    "GiroKonto Online;DE02500105170137075030;GENODEF1XXX;VR Bank;01.10.2026;01.10.2026;Versicherung AG;"
    "DE62300500000000163568;WELADEDDXXX;Basislastschrift;Beitrag 10/2026;-12,34;EUR;987,66;;;DE74ZZZ00000051890;M-1\n"
)


def test_the_cooperative_banks_csv_reads_the_own_iban_the_other_party_and_the_balance() -> None:
    """The Volksbanken's, Sparda's, PSD's and GLS Bank's export (Atruvia's layout): `IBAN Auftragskonto` (the own
    account), `Name`/`IBAN`/`BIC (SWIFT-Code) Zahlungsbeteiligter` and `Saldo nach Buchung` were not read: no
    account, no other party and no balance."""
    [pf] = parse_file(ATRUVIA.encode("utf-8-sig"), "Umsaetze_DE02500105170137075030_2026.10.31.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("DE02500105170137075030", "EUR")
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("1000.00"), Decimal("1987.66"))
    assert [
        (ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank, ln.purpose)
        for ln in pf.lines
    ] == [
        ("in", Decimal("1000.00"), "ACME GmbH", "DE89370400440532013000", "COBADEFFXXX", "Gehalt Oktober"),
        ("out", Decimal("12.34"), "Versicherung AG", "DE62300500000000163568", "WELADEDDXXX", "Beitrag 10/2026"),
    ]


def test_commerzbanks_newer_export_names_its_own_iban_kontoinhaber() -> None:
    text = (
        "Buchungstag;Wertstellung;Umsatzart;Buchungstext;Betrag;Währung;IBAN Kontoinhaber;Kategorie\n"
        "31.10.2026;31.10.2026;Zinsen/Entgelte;Kontoführung Grundpreis 9,90- EUR;-9,9;EUR;DE79500400000123456700;\n"
        "02.10.2026;02.10.2026;Gutschrift;ACME GmbH Gehalt;1000;EUR;DE79500400000123456700;Einnahmen\n"
    )
    [pf] = parse_file(text.encode("utf-8-sig"), "Umsaetze_2026-10.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("DE79500400000123456700", "EUR")
    assert [(ln.direction, ln.amount) for ln in pf.lines] == [("out", Decimal("9.90")), ("in", Decimal("1000.00"))]


def test_dkbs_title_iban_is_the_account_not_its_iban_column_of_one_payer() -> None:
    """DKB's export since 2023: the title names the account (`"Girokonto";"DE42…"`); its `IBAN` column is the other
    party's, here one landlord's on every line, and was taken for the file's own account."""
    text = (
        '"Girokonto";"DE42120300001033738756"\n""\n"Kontostand vom 31.10.2026:";"4.093,32 €"\n""\n'
        '"Buchungsdatum";"Wertstellung";"Status";"Zahlungspflichtige*r";"Zahlungsempfänger*in";"Verwendungszweck";'
        '"Umsatztyp";"IBAN";"Betrag (€)";"Gläubiger-ID";"Mandatsreferenz";"Kundenreferenz"\n'
        '"02.10.26";"02.10.26";"Gebucht";"Max Mustermann";"Hausverwaltung GmbH";"Miete Oktober";"Ausgang";'
        '"DE89370400440532013000";"-850";"";"";""\n'
        '"01.10.26";"01.10.26";"Gebucht";"Max Mustermann";"Hausverwaltung GmbH";"Nebenkosten";"Ausgang";'
        '"DE89370400440532013000";"-150";"";"";""\n'
    )
    [pf] = parse_file(text.encode("utf-8-sig"), "02-10-2026_Umsatzliste_Girokonto_DE42120300001033738756.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.account_number, pf.currency) == ("DE42120300001033738756", "EUR")
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("850.00"), "Hausverwaltung GmbH", "DE89370400440532013000"),
        ("out", Decimal("150.00"), "Hausverwaltung GmbH", "DE89370400440532013000"),
    ]


def test_a_title_naming_the_account_kind_without_an_iban_names_no_account() -> None:
    """comdirect's title `Umsätze Girokonto;Zeitraum: …`: `Girokonto` labels an account only where an IBAN follows."""
    text = (
        "Umsätze Girokonto;Zeitraum: 01.10.2026 - 31.10.2026;\n\n"
        '"Buchungstag";"Wertstellung (Valuta)";"Vorgang";"Buchungstext";"Umsatz in EUR";\n'
        '"02.10.2026";"02.10.2026";"Gutschrift";"ACME GmbH";"1.000,00";\n'
    )
    [pf] = parse_file(text.encode("cp1252"), "umsaetze.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert pf.account_number is None


def test_targobanks_headerless_csv_reads_its_negative_and_positive_columns() -> None:
    """Targobank's (DE) CSV has no header row: date, text, money out written negative, money in positive (each row
    fills one), three empty columns and the account's IBAN in quotes. Without a balance the two columns were not
    told apart and the file was refused asking for its header row; their signs tell them."""
    data = (
        "03.11.2026;Echtzeitüberweisung   CHRISTIAN MUSTERMANN   DE70000000000000000000;-5,00;;;;'DE67000000000000000000'\n"
        "04.11.2026;Entgelt Kontoführung   für Oktober 2026;-6,95;;;;'DE67000000000000000000'\n"
        "10.11.2026;Gutschrift   TEAG   RF Strom;;83,16;;;'DE67000000000000000000'\n"
    ).encode("cp1252")
    [pf] = parse_file(data, "Umsaetze.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in pf.lines] == [
        (date(2026, 11, 3), "out", Decimal("5.00")),
        (date(2026, 11, 4), "out", Decimal("6.95")),
        (date(2026, 11, 10), "in", Decimal("83.16")),
    ]
    assert pf.lines[1].summary == "Entgelt Kontoführung   für Oktober 2026"


def test_paypals_german_download_is_read_by_its_net_amount_and_balance() -> None:
    """PayPal's Aktivitätsbericht in German (Brutto, Gebühr, Netto, Guthaben, Typ, Transaktionscode): refused for want
    of a header row. The balance moves by Netto, which already has the fee taken off (no fee line of its own)."""
    text = (
        '"Datum","Uhrzeit","Zeitzone","Name","Typ","Status","Währung","Brutto","Gebühr","Netto",'
        '"Transaktionscode","Guthaben","Auswirkung auf Guthaben"\n'
        '"18.10.2026","07:47:30","CEST","Kunde AG","Zahlung erhalten","Abgeschlossen","EUR","100,00","-2,25",'
        '"97,75","8L0000000S000000N","135,75","Haben"\n'
        '"21.10.2026","12:29:40","CEST","Deutsche Post AG","PayPal Express-Zahlung","Abgeschlossen","EUR","-6,19",'
        '"0,00","-6,19","3PH00000FD000000S","129,56","Soll"\n'
    )
    [pf] = parse_file(text.encode("utf-8-sig"), "Download.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.currency, pf.opening_balance, pf.closing_balance) == ("EUR", Decimal("38.00"), Decimal("129.56"))
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.summary, ln.serial) for ln in pf.lines] == [
        ("in", Decimal("97.75"), "Kunde AG", "Zahlung erhalten", "8L0000000S000000N"),
        ("out", Decimal("6.19"), "Deutsche Post AG", "PayPal Express-Zahlung", "3PH00000FD000000S"),
    ]


def test_targobanks_closing_balance_row_and_label_column() -> None:
    """Targobank's Excel download (here as CSV): `Label` is the line's text, and the row `Saldo zum 10.11.2026:` under
    the lines was refused as a line without a date."""
    text = (
        "Datum;Wert;Label;Soll;Haben;Saldo;Währung\n"
        '03.11.2026;01.11.2026;"Echtzeitüberweisung ; CHRISTIAN Muster";-5,00;;-7432,22;EUR\n'
        '10.11.2026;10.11.2026;"Gutschrift ; TEAG";;83,16;-7349,06;EUR\n'
        ";;;Saldo zum 10.11.2026:;;-7349,06;EUR\n"
    )
    [pf] = parse_file(text.encode("cp1252"), "Finanzstatus.csv")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("-7427.22"), Decimal("-7349.06"))
    assert [(ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        ("out", Decimal("5.00"), "Echtzeitüberweisung ; CHRISTIAN Muster"),
        ("in", Decimal("83.16"), "Gutschrift ; TEAG"),
    ]


def test_sparkasses_noted_lines_are_left_out_and_the_sepa_text_after_svwz_is_the_purpose() -> None:
    """Sparkasse's CSV-MT940 export: `Info` says `Umsatz vorgemerkt` for a line noted but not yet booked (it was
    stored as booked), and `Verwendungszweck` runs the SEPA codewords together (`MREF+…CRED+…SVWZ+text`)."""
    text = (
        '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";'
        '"Beguenstigter/Zahlungspflichtiger";"Kontonummer";"BLZ";"Betrag";"Waehrung";"Info"\n'
        '"DE89370400440532013000";"05.12.26";"08.12.26";"FOLGELASTSCHRIFT";"Online-Shop Bestellung";'
        '"Online-Shop GmbH";"DE89370400440532013001";"TUPDDEDD";"-99,80";"EUR";"Umsatz vorgemerkt"\n'
        '"DE89370400440532013000";"04.12.26";"04.12.26";"FOLGELASTSCHRIFT";'
        '"MREF+11561CRED+DE44ZZZ00000000002SVWZ+RE-NR123456 Lieferung";"Lieferant GmbH";"DE89370400440532013005";'
        '"GENODEF1XXX";"-12,85";"EUR";"Umsatz gebucht"\n'
        '"DE89370400440532013000";"03.12.26";"03.12.26";"GUTSCHR. UEBERWEISUNG";"SVWZ+Beleg Nr. 203047";'
        '"Eva Schmidt";"DE89370400440532013007";"SLZODE2XXXX";"67,50";"EUR";"Umsatz gebucht"\n'
    )
    [pf] = parse_file(text.encode("cp1252"), "20261208-DE89370400440532013000-umsatz.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.purpose) for ln in pf.lines] == [
        ("out", Decimal("12.85"), "Lieferant GmbH", "RE-NR123456 Lieferung"),
        ("in", Decimal("67.50"), "Eva Schmidt", "Beleg Nr. 203047"),
    ]


def test_paypals_pending_hold_and_its_release_are_lines_as_they_move_its_balance() -> None:
    """PayPal's `Einbehaltung für offene Autorisierung` (a hold, Status `Ausstehend`) takes money off its balance
    and `Rückbuchung allgemeiner Einbehaltung` gives it back: left out as pending, the balances would not follow."""
    text = (
        '"Datum","Name","Typ","Status","Währung","Brutto","Gebühr","Netto","Guthaben"\n'
        '"14.07.2026","PayPal","Einbehaltung für offene Autorisierung","Ausstehend","EUR","-13,21","0,00","-13,21",'
        '"89,20"\n'
        '"14.07.2026","Online-Shop GmbH","PayPal Express-Zahlung","Abgeschlossen","EUR","-13,21","0,00","-13,21",'
        '"75,99"\n'
        '"14.07.2026","PayPal","Rückbuchung allgemeiner Einbehaltung","Abgeschlossen","EUR","13,21","0,00","13,21",'
        '"89,20"\n'
    )
    [pf] = parse_file(text.encode("utf-8-sig"), "Download.CSV")
    assert pf.ok, [e.message for e in pf.errors]
    assert (pf.opening_balance, pf.closing_balance, len(pf.lines)) == (Decimal("102.41"), Decimal("89.20"), 3)
