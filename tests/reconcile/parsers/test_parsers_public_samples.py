"""MT940 files of real banks copied from open-source parsers' test suites (tests/fixtures/public/MANIFEST.md says where
each comes from): the Dutch banks' codeword :86: gives each line its counterparty and the reference its :61: names,
the statement's own :86: after :62F: stays out of the last line, and a :61: without a transaction type keeps no
made-up reference. National fixed-width statements (CODA, Norma 43, CFONB 120) and OFX files that hold the bank's
error answer instead of a statement are refused saying what they are. A camt.053's remittance text "NOTPROVIDED" (SEPA's placeholder) is no purpose. A BAI2 account record that
states no summary ("03,1234567890,,,,,/", as Silicon Valley Bank sends it) is read, not failed on. German :86: give the
other party's IBAN as its account, a Latin-1 file is not taken for Chinese, and FinTS's "@@" line breaks are read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.parsers import ParseError, ParseOptions, line_fingerprint, parse_file

ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "public"


def _read(name: str, options: ParseOptions | None = None):
    path = ROOT / {".xml": "camt", "bai2": "bai2"}.get(name[-4:], "mt940") / name
    [pf] = parse_file(path.read_bytes(), name, options=options)
    assert pf.ok, pf.errors
    return pf


def _parties(pf):
    return [(ln.counterparty_name, ln.counterparty_account, ln.counterparty_bank) for ln in pf.lines]


def test_ing_codeword_references_are_the_references_they_name() -> None:
    """ING writes MARF, EREF or PREF in the :61: where the reference goes: the reference is that codeword's value in
    the :86:. Read as written, the lines' references were "MARF", "EREF" and "PREF", the same on every line of that
    kind, and two equal direct debits of one day were one line to the duplicate check."""
    pf = _read("ing_ibp_structured.sta")
    assert [ln.serial for ln in pf.lines] == ["EV45451", "EV1551551REP180112T1544", "M000000002222222"]
    assert _parties(pf) == [
        ("ING Bank N.V. inzake WeB", "NL50INGB0001234567", "INGBNL2A"),
        ("ING Bank NV inzake EBW PP", "NL38INGB0654321789", "INGBNL2A"),
        ("", "", ""),
    ]
    assert [ln.purpose for ln in pf.lines] == ["EV45451REP170112T1106", "EV1551551REP180112T1544", "TOTAAL 1 POSTEN"]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("26.10"), Decimal("19.52"))


def test_the_statements_own_information_after_its_closing_balance_is_not_the_last_lines() -> None:
    """The :86: after :62F: informs about the whole statement (ING's /SUM/ counts and totals; another bank's
    D000003C000000D6,58): mt-940 added it to the last line's details."""
    pf = _read("ing_ming_spec.sta")
    assert len(pf.lines) == 8
    assert all("SUM" not in ln.summary and "SUM" not in ln.purpose for ln in pf.lines)
    assert _read("ing_ibp_structured.sta").lines[-1].summary.endswith("TOTAA L 1 POSTEN/")
    first = pf.lines[0]
    assert (first.counterparty_name, first.counterparty_account, first.counterparty_bank) == (
        "ING BANK NV INZAKE WEB",
        "NL32INGB0000012345",
        "INGBNL2A",
    )
    assert (first.serial, first.voucher_no) == ("00000000001005", "EV12341REP1231456T1234")
    assert [ln.purpose for ln in pf.lines[1:3]] == ["TOTAAL 1 VZ", "Factuurnr 123456 Klantnr 00123"]


def test_rabobank_parties_give_their_name_on_its_own() -> None:
    pf = _read("rabobank_structured.sta")
    assert [ln.counterparty_name for ln in pf.lines[:4]] == [
        "Nespresso Nederland B.V.",
        "Bedrijf B.V.",
        "DIVV afd parkeergebouwewn",
        "DLN CONSULTING",
    ]
    assert pf.lines[0].serial == "02-04-2013 22:56 1120000153447185"  # its :61: says EREF
    assert (pf.lines[2].direction, pf.lines[2].amount, pf.lines[2].purpose) == (
        "out",
        Decimal("585.60"),
        "Factuur 307472",
    )


def test_abn_amro_layout_gives_iban_bic_and_name() -> None:
    pf = _read("van_lanschot_nl.sta")
    assert _parties(pf)[:2] == [
        ("ABDFGEKSLJFN ASLDJDKE B.V", "NL81RABO0444444444", "RABONL2U"),
        ("belastingdienst", "NL86INGB0002445588", "INGBNL2A"),
    ]
    assert pf.lines[1].purpose == "2222.44.111.B.02.444.0"


def test_abn_amro_and_knab_labelled_columns_give_the_counterparty() -> None:
    """ABN AMRO writes "IBAN: ... BIC: ... NAAM: ... OMSCHRIJVING: ... KENMERK: ..." in columns, Knab "REK: .../NAAM:
    ...": the counterparty was left in the summary text."""
    assert _parties(_read("knab_nl.sta")) == [
        ("BEDRIJF VOF", "NL26ABNA0999999999", ""),
        ("STICHTING DERDEN JAAP JANSSEN", "NL76INGB0444444444", ""),
    ]
    # ABN AMRO's sample is an excerpt that does not add up (refused for it, below): its lines are read without the check.
    pf = _read("abnamro_nl.sta", ParseOptions(check_balances=False))
    ideal = pf.lines[3]
    assert (ideal.direction, ideal.amount, ideal.counterparty_name, ideal.counterparty_account) == (
        "in",
        Decimal("4.00"),
        "NS GROEP INZAKE NSR IDEA",
        "NL70ABNA0888888888",
    )
    assert (ideal.purpose, ideal.voucher_no) == (
        "4851430136 0030000 735822580 NS E-TICKET(S)",
        "26-01-2014 18:14 003000 0735822580",
    )
    assert _parties(pf)[2] == ("FOOBAR", "NL25ABNA0987654321", "ABNANL2A")  # codewords: /NAME/, not /ORDP//ID/
    assert [ln.counterparty_name for ln in pf.lines[5:]] == ["BELASTINGDIENST"] * 5
    [refused] = parse_file((ROOT / "mt940" / "abnamro_nl.sta").read_bytes(), "abnamro_nl.sta")
    assert [(e.row, e.column, e.code) for e in refused.errors] == [
        (16, ":62F:", "control_total_mismatch"),
        (53, ":62F:", "control_total_mismatch"),
    ]


def test_a_party_without_a_bic_is_account_then_name() -> None:
    """Komercijalna banka writes /BENM/account, then the name, then codes on lines of their own: its name was read as
    the BIC and a code ("5,6,7,8m") as the name."""
    pf = _read("kbs_mk.sta")
    assert pf.currency == "MKD" and pf.closing_balance == Decimal("208478.00")
    assert _parties(pf)[:2] == [
        ("MAKEDONSKI TELEKOM AD - SKOPJE", "300000003998473", ""),
        ("MOL KOMUNIKACII DOOEL SKOPJE- namenska za viza biznis debit", "300000004346606", ""),
    ]


def test_a_statement_line_without_a_transaction_type_keeps_no_made_up_reference() -> None:
    """Penta writes D20,00NONREF: mt-940 read "NONR" as the type and "EF" as every line's reference, so the two standing
    orders of 20.00 on 2 September had one fingerprint: a later export holding only the second was taken for a copy of
    the first."""
    pf = _read("penta_de.sta")
    assert len(pf.lines) == 29 and all(ln.serial == "" for ln in pf.lines)
    first, second = pf.lines[:2]
    assert (first.booking_date, first.direction, first.amount) == (date(2020, 9, 2), "out", Decimal("20.00"))
    assert (second.booking_date, second.direction, second.amount) == (date(2020, 9, 2), "out", Decimal("20.00"))
    assert line_fingerprint(pf.account_number, first) != line_fingerprint(pf.account_number, second)
    assert pf.opening_balance + pf.total_in - pf.total_out == pf.closing_balance == Decimal("9843.36")


def test_a_camt_remittance_of_notprovided_is_no_purpose() -> None:
    pf = _read("belgian_sepa_camt053.xml")
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.purpose) for ln in pf.lines] == [
        ("out", Decimal("789903.41"), "Sigma Solutions", ""),
        ("out", Decimal("0.99"), "Nova Ltd", ""),
        ("in", Decimal("789904.40"), "Theta Solutions", ""),
    ]
    assert pf.lines[0].voucher_no == "E2EXRUHYXKX58020423"


def test_a_bai2_account_record_without_a_summary_is_read() -> None:
    """The reader failed on the empty summary (its type code is None) and the import refused a valid file."""
    daily = _read("svb_daily.bai2")
    assert (daily.account_number, daily.opening_balance, daily.closing_balance) == ("1234567890", None, None)
    [line] = daily.lines
    assert (line.booking_date, line.direction, line.amount, line.voucher_no) == (
        date(2005, 6, 7),
        "in",
        Decimal("250.01"),
        "50848",
    )
    [wire] = _read("svb_eod_wire.bai2").lines
    assert (wire.booking_date, wire.direction, wire.amount, wire.currency) == (
        date(2010, 8, 31),
        "in",
        Decimal("83259.82"),
        "USD",
    )
    assert wire.summary.startswith("FED NO: 20100831L1B77D1CDSDSDJSIO15608310954FT01 SENDER BNK:=ETRADE BANK")


def test_a_german_lines_other_party_iban_is_its_account_not_part_of_its_name() -> None:
    """?31 of a German :86: is the other party's IBAN: mt-940 put it in front of the name ("DE40500105174675974588Olivia
    Dorn") and left the account empty."""
    pf = _read("volksbank_de.sta")
    assert (len(pf.lines), pf.opening_balance, pf.closing_balance) == (12, Decimal("3085.00"), Decimal("3830.00"))
    assert _parties(pf)[:3] == [
        ("Olivia Dorn", "DE40500105174675974588", "HEISDE66"),
        ("friedbert und ronja engel", "DE10500105174381957749", "KRHADE21"),
        ("Antonio Sueto", "DE83500105179219844142", "SBCRDE66"),
    ]


def test_a_latin1_german_file_is_not_read_as_chinese() -> None:
    """An accented Latin-1 letter and the letter after it are a valid GBK pair: "SEPA-ÜBERWEISUNG" (VR-NetWorld's export
    in Windows-1252) was read as GB18030, "SEPA-蹷ERWEISUNG". Its reference was the :61:'s "KREF+" joined to the
    :86:'s."""
    first, second = parse_file((ROOT / "mt940" / "vr_networld_latin1_de.sta").read_bytes(), "vr.sta")
    assert all(pf.ok for pf in (first, second))
    assert any("cp1252" in str(w) for w in first.warnings)
    transfer = first.lines[2]
    assert (transfer.direction, transfer.amount, transfer.summary) == ("out", Decimal("0.33"), "SEPA-ÜBERWEISUNG")
    assert transfer.purpose.startswith("Überweisung mit VR-Networld")
    assert transfer.serial == "CCTI/VRNWSW/998/862E87B438285A5DCEE"
    assert (second.account_number, second.lines[0].serial) == ("74061813/0000033626", "STZV-PmInf06042015-1113-2")


def test_a_fints_mt942_with_at_signs_for_line_breaks_is_read() -> None:
    """FinTS (HBCI) hands MT942 over with "@@" for each line break, the whole file on one line: it was taken for a
    table without a header row. Its ":90C:EUR,00" states no count, which then failed the reader."""
    pf = _read("fints_mt942_de.sta")
    assert (pf.format, pf.account_number, pf.currency) == ("mt942", "72090900/9876543219", "EUR")
    [line] = pf.lines
    assert (line.row, line.booking_date, line.direction, line.amount) == (7, date(2016, 4, 21), "out", Decimal("0.02"))
    assert (line.counterparty_name, line.counterparty_account) == ("Florian Joerg Breunig", "DE29200411111234567890")
    assert (pf.controls.out_total, pf.controls.out_count, pf.controls.in_count) == (Decimal("0.02"), 1, None)


# CODA (Belgium) as the standard describes it: record 0 (header), 1 (old balance), 8 (new balance), 9 (trailer).
_CODA = (
    "0000015032472505        00265207  BOUWBEDRIJF VOOR GROTE WERKREDBEBB   00330158420 00000" + " " * 39 + "2\n"
    "10139138536152215 EUR0BE                  0000000017752120101017BOUWBEDRIJF VOOR GROTE WERKBC-Bedrijfsrekening"
    "               138\n"
    "8139138536152215 EUR0BE                  0000000017752120150324" + " " * 64 + "0\n"
    "9               000004000000000000000000000000000000" + " " * 75 + "2\n"
)


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (_CODA.encode(), "statement.cod", "format.coda"),
        ((ROOT / "norma43" / "sequra_example1.n43").read_bytes(), "example1.n43", "format.norma43"),
        ((ROOT / "cfonb" / "silarhi_complex.txt").read_bytes(), "releve.txt", "format.cfonb"),
    ],
)
def test_a_national_fixed_width_statement_is_named_not_asked_for_a_header_row(data, name, key) -> None:
    """These were refused as tables without a header row, the message asking for columns such as 交易日期."""
    with pytest.raises(ParseError) as refused:
        parse_file(data, name)
    assert (refused.value.code, refused.value.reason.key) == ("unsupported_format", key)


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("svb_server_error.ofx", "2000: General Server Error"),
        ("amex_signon_refused.ofx", "15500: Your request could not be processed because you supplied an invalid"),
        ("empty_ofx.ofx", None),
    ],
)
def test_an_ofx_without_a_statement_quotes_the_banks_error_answer(name, detail) -> None:
    """Silicon Valley Bank's "General Server Error" and AMEX's refused sign-on were "no account statement in the OFX
    file" without the bank's reason; an empty <OFX></OFX> was "cannot be read: The ofx file is empty!" (the
    library's words)."""
    with pytest.raises(ParseError) as refused:
        parse_file((ROOT / "ofx" / name).read_bytes(), name)
    assert refused.value.code == "no_transactions"
    if detail is None:
        assert refused.value.reason.key == "ofx.no_statement"
    else:
        assert refused.value.reason.key == "ofx.server_error"
        assert str(refused.value.reason.params["detail"]).startswith(detail)


# TD Canada Trust's CSV (date, description, withdrawal, deposit, balance; newest first) and Wells Fargo's (date, signed
# amount, "*", cheque number, description), neither with a header row; the lines are made up.
_TD = (
    b"05/28/2026,SEND E-TFR ***Y4h   ,239.13,,93.09\n"
    b"05/20/2026,DOLLARAMA # 845   _M,1.96,,332.22\n"
    b"05/14/2026,PAYROLL DEP ACME LTD,,300.00,334.18\n"
    b"05/02/2026,MONTHLY ACCOUNT FEE,4.00,,34.18\n"
)
_WELLS_FARGO = (
    b'"05/28/2026","-239.13","*","","ONLINE TRANSFER TO SMITH J REF #IB0X9"\n'
    b'"05/20/2026","-1.96","*","1021","CHECK # 1021"\n'
    b'"05/14/2026","300.00","*","","ACME LTD PAYROLL 260514"\n'
)


def test_a_csv_without_a_header_row_is_read_by_what_its_columns_hold() -> None:
    """Refused before as a table without a header row. The balance's steps tell the withdrawal column from the
    deposit column; a minus tells money out in a single amount column; the warning names the columns as read."""
    [td] = parse_file(_TD, "accountactivity.csv")
    assert td.ok, td.errors
    assert [(ln.booking_date, ln.direction, ln.amount, ln.summary) for ln in td.lines] == [
        (date(2026, 5, 28), "out", Decimal("239.13"), "SEND E-TFR ***Y4h"),
        (date(2026, 5, 20), "out", Decimal("1.96"), "DOLLARAMA # 845   _M"),
        (date(2026, 5, 14), "in", Decimal("300.00"), "PAYROLL DEP ACME LTD"),
        (date(2026, 5, 2), "out", Decimal("4.00"), "MONTHLY ACCOUNT FEE"),
    ]
    assert (td.opening_balance, td.closing_balance) == (Decimal("38.18"), Decimal("93.09"))
    assert "1 Date, 2 Description, 3 Withdrawal, 4 Deposit, 5 Balance" == td.warnings[0].params["columns"]
    [wf] = parse_file(_WELLS_FARGO, "Checking1.csv")
    assert wf.ok, wf.errors
    assert [(ln.direction, ln.amount) for ln in wf.lines] == [
        ("out", Decimal("239.13")),
        ("out", Decimal("1.96")),
        ("in", Decimal("300.00")),
    ]
    assert "1 Date, 2 Amount, 5 Description" == wf.warnings[0].params["columns"]


def test_a_headerless_csv_whose_columns_leave_doubt_is_still_refused_asking_for_its_header() -> None:
    """Two amount columns without a balance do not say which is money out; amounts without a minus do not say
    either."""
    for data in (
        b"05/28/2026,SEND E-TFR,239.13,\n05/20/2026,DOLLARAMA,1.96,\n05/14/2026,PAYROLL,,300.00\n",
        b"05/28/2026,SEND E-TFR,239.13\n05/20/2026,DOLLARAMA,1.96\n05/14/2026,PAYROLL,300.00\n",
    ):
        with pytest.raises(ParseError) as refused:
            parse_file(data, "activity.csv")
        assert refused.value.code == "no_header"


def test_td_canadas_headerless_export_is_read_and_its_day_month_order_asked_for() -> None:
    """The sample's dates (05/01/2023 to 05/03/2023) fit both month/day and day/month, so they are refused as
    ambiguous, but its columns are told: the file is not refused any more for a missing header row."""
    [pf] = parse_file((ROOT / "csv" / "deb_td_canada_headerless.csv").read_bytes(), "td.csv")
    assert pf.warnings[0].params["columns"] == "1 Date, 2 Description, 3 Withdrawal, 4 Deposit, 5 Balance"
    assert {e.code for e in pf.errors} == {"bad_date"}
    assert pf.errors[0].reason.key == "date.day_month_order"


def test_a_balance_with_more_decimals_than_cents_is_refused_not_rounded() -> None:
    """ING's example statement in Bahraini dinars (three decimals): its balances 1,813 and 1,433 were stored as 1.81
    and 1.43. Amounts are kept in cents and never rounded, as camt's balances already were."""
    [pf] = parse_file((ROOT / "mt940" / "ing_ming_bhd.sta").read_bytes(), "ing_bhd.sta")
    assert pf.currency == "BHD" and not pf.ok
    assert [(e.column, e.code) for e in pf.errors] == [(":60F:/:62F:", "precision")]
    assert pf.opening_balance is None and pf.closing_balance is None


def test_an_ofx_balance_with_more_decimals_than_cents_is_refused_not_rounded() -> None:
    """<BALAMT>1813.125 was stored as 1813.12 (a Bahraini or Kuwaiti dinar account's balance has three decimals)."""
    data = (
        b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        b"COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1"
        b"<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>BHD<BANKACCTFROM><BANKID>1<ACCTID>0020012345"
        b"<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20261101<DTEND>20261130<STMTTRN><TRNTYPE>DEBIT"
        b"<DTPOSTED>20261118<TRNAMT>-0.380<FITID>1<NAME>FEE</STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>1813.125"
        b"<DTASOF>20261130</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
    [pf] = parse_file(data, "bhd.ofx")
    assert [(e.column, e.code, e.value) for e in pf.errors] == [("BALAMT", "precision", "1813.125")]
    assert pf.closing_balance is None


def test_a_bai2_balance_in_fils_that_is_not_whole_cents_is_refused_not_rounded() -> None:
    """BAI2 writes a Kuwaiti dinar balance in fils (1813125 = 1813.125): it was stored as 1813.13."""
    data = (
        b"01,BANK,CUST,261130,0800,1,,,2/\n02,CUST,BANK,1,261130,0800,KWD,2/\n"
        b"03,0020012345,KWD,010,1813125,,,015,1812745,,/\n16,475,380,Z,REF1,,FEE/\n"
        b"49,3626250,3/\n98,3626250,1,5/\n99,3626250,1,7/\n"
    )
    [pf] = parse_file(data, "kwd.bai2")
    assert [(e.column, e.code) for e in pf.errors] == [("03 010", "precision"), ("03 015", "precision")]
    whole = data.replace(b"1813125", b"1813000").replace(b"1812745", b"1812620").replace(b"3626250", b"3626000")
    [pf] = parse_file(whole, "kwd.bai2")
    assert pf.ok and (pf.opening_balance, pf.closing_balance) == (Decimal("1813.00"), Decimal("1812.62"))


# PostFinance's (CH) CSV as its online banking exports it (Windows-1252, title rows with `="…"` values, a debit
# written with its minus, a disclaimer below); the header is the one tarioch/beancounttools' importer tests use, the
# lines are made up.
_POSTFINANCE = (
    'Date from:;="01.12.2022"\r\nDate to:;="31.12.2022"\r\nEntry type:;="All bookings"\r\n'
    'Account:;="CH5109000000123456789"\r\nCurrency:;="CHF"\r\n\r\n'
    "Booking date;Notification text;Credit in CHF;Debit in CHF;Value;Balance in CHF\r\n"
    '31.12.2022;"Preis für Bankpaket Smart";;-5;31.12.2022;7881.98\r\n'
    '30.12.2022;"GUTSCHRIFT VON FREMDBANK AUFTRAGGEBER: MUSTER AG";120.50;;30.12.2022;7886.98\r\n'
    '\r\nDisclaimer:\r\n"Dies ist kein durch PostFinance AG erstelltes Dokument."\r\n'
).encode("cp1252")


def test_a_swiss_csv_with_the_currency_in_its_headers_and_in_windows_1252_is_read() -> None:
    """ "Credit in CHF" / "Debit in CHF" / "Balance in CHF" were not known as columns (the file was refused as having
    no header row), "für" was read as GBK ("f僡"), and the title rows' account and currency were not read."""
    [pf] = parse_file(_POSTFINANCE, "export_transactions.csv")
    assert pf.ok, pf.errors
    assert (pf.account_number, pf.currency) == ("CH5109000000123456789", "CHF")
    assert [(ln.direction, ln.amount, ln.summary) for ln in pf.lines] == [
        ("out", Decimal("5.00"), "Preis für Bankpaket Smart"),
        ("in", Decimal("120.50"), "GUTSCHRIFT VON FREMDBANK AUFTRAGGEBER: MUSTER AG"),
    ]
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("7766.48"), Decimal("7881.98"))


def test_a_payment_order_is_refused_as_what_it_is() -> None:
    """A pain.001 (the transfers a company sends its bank) was "unsupported XML file (not a camt statement)"."""
    with pytest.raises(ParseError) as refused:
        parse_file((ROOT / "camt" / "bsp_pain001_payment_order.xml").read_bytes(), "payments.xml")
    assert (refused.value.code, refused.value.reason.key) == ("unsupported_format", "format.pain")


def test_a_statement_line_with_the_banks_reference_right_after_its_amount_is_read() -> None:
    """Zenith Bank (NG) writes :61: without a transaction type or a customer reference ("CN220000,00//19239782213"):
    seven of its eight lines were lost and the statement refused as not adding up."""
    pf = _read("zenith_ng.sta")
    assert len(pf.lines) == 8
    assert (pf.opening_balance, pf.closing_balance) == (Decimal("6213.05"), Decimal("2469.14"))
    first = pf.lines[0]
    assert (first.direction, first.amount, first.serial) == ("in", Decimal("220000.00"), "19239782213")
    assert [ln.serial for ln in pf.lines[1:3]] == ["19239810200", "19239817156"]


def test_the_english_header_line_under_a_chinese_one_is_not_a_line() -> None:
    """招商银行's statement prints its header in Chinese and, below it, in English; the CSV made of it (the layout
    public converters and importers write) keeps both rows: the English one was "Row 2: unreadable date “Date”" and
    the file refused. 对手信息 gives the name, then the account."""
    data = (
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息\n"
        "Date,Currency,Transaction Amount,Balance,Transaction Type,Counter Party\n"
        '2025-09-07,CNY,-25.00,"5,831.89",快捷支付,深圳市示例网络技术有限公司 1218536701\n'
        '2025-09-10,CNY,"1,500.00","7,331.89",汇入汇款,张三 6211451400111919810\n'
    ).encode()
    [pf] = parse_file(data, "招商银行交易流水.csv")
    assert pf.ok, pf.errors
    assert [(ln.direction, ln.amount, ln.counterparty_name, ln.counterparty_account) for ln in pf.lines] == [
        ("out", Decimal("25.00"), "深圳市示例网络技术有限公司", "1218536701"),
        ("in", Decimal("1500.00"), "张三", "6211451400111919810"),
    ]
