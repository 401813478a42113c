"""Importing files of real banks copied from open-source parsers' test suites (tests/fixtures/public/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankLine, ImportStatus
from reconcile.parsers import ParsedLine, line_fingerprint
from reconcile.services.imports import import_file
from reconcile.services.imports.reread import BANK_TEXTS, same_line

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "public"


def test_an_ing_statement_stores_each_lines_counterparty_and_reference() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "mt940" / "ing_ibp_structured.sta").read_bytes(),
        filename="ing.sta",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.serial, ln.counterparty_name) for ln in stored] == [
        ("EV45451", "ING Bank N.V. inzake WeB"),
        ("EV1551551REP180112T1544", "ING Bank NV inzake EBW PP"),
        ("M000000002222222", ""),
    ]


def test_a_bai2_wire_file_whose_account_record_states_no_summary_is_stored() -> None:
    """Its reader failed on the account record "03,3333333333,USD,,,,/" and the import refused the file as unreadable."""
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "bai2" / "svb_eod_wire.bai2").read_bytes(),
        filename="eod.bai2",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("3333333333", 1)
    assert list(BankLine.objects.filter(account=record.account).values_list("direction", "amount")) == [
        ("in", Decimal("83259.82"))
    ]


def test_a_german_statement_stores_the_other_partys_iban_as_its_account() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "mt940" / "volksbank_de.sta").read_bytes(),
        filename="volksbank.sta",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    first = BankLine.objects.filter(account=record.account).order_by("row").first()
    assert first is not None
    assert (first.counterparty_name, first.counterparty_account) == ("Olivia Dorn", "DE40500105174675974588")


def test_a_fints_mt942_is_imported() -> None:
    """It was refused as a table without a header row ("@@" for its line breaks), then failed its reader (":90C:EUR,00")."""
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "mt940" / "fints_mt942_de.sta").read_bytes(),
        filename="umsaetze.sta",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("72090900/9876543219", 1)


def _import(path: str, tail: bytes = b""):
    data = (ROOT / path).read_bytes() + tail
    return import_file(actor=None, kind="bank", data=data, filename=path.split("/")[-1], account_number="")


def _as_stored_before(record, earlier) -> None:
    """Rewrite the lines ``record`` stored as the earlier reading stored them: ``earlier(line)`` gives the fields it read
    otherwise, and the fingerprint is the one that reading gave."""
    for line in BankLine.objects.filter(source_import=record):
        fields = {
            "counterparty_name": line.counterparty_name,
            "counterparty_account": line.counterparty_account,
            "summary": line.summary,
            "serial": line.serial,
            **earlier(line),
        }
        parsed = ParsedLine(
            row=line.row,
            booking_date=line.booking_date,
            amount=line.amount,
            direction=line.direction,
            balance=line.balance,
            **fields,
        )
        BankLine.objects.filter(pk=line.pk).update(fingerprint=line_fingerprint(line.account.number, parsed), **fields)


@pytest.mark.parametrize(
    "path,earlier",
    [
        pytest.param(
            "mt940/ing_ibp_structured.sta",
            lambda ln: {
                "serial": {1.45: "MARF", 2.56: "EREF", 2.57: "PREF"}[float(ln.amount)],
                "counterparty_name": "",
                "counterparty_account": "",
                "summary": ln.summary + (" D000003C000000D6,58C0,00" if ln.row == 16 else ""),
            },
            id="ing-codeword-references",
        ),
        pytest.param(
            "mt940/volksbank_de.sta",
            lambda ln: {
                "counterparty_name": ln.counterparty_account + ln.counterparty_name,
                "counterparty_account": "",
            },
            id="german-iban-in-front-of-the-name",
        ),
        pytest.param(
            "mt940/vr_networld_latin1_de.sta",
            lambda ln: {
                "summary": ln.summary.encode("cp1252").decode("gb18030"),
                "serial": "KREF+\n" + ln.serial if ln.serial.startswith("CCTI") else ln.serial,
            },
            id="latin1-read-as-gbk",
        ),
    ],
)
def test_lines_the_earlier_reading_stored_are_known_when_the_export_comes_again(path, earlier) -> None:
    """The reading now gives other references, names or summaries than the one that stored these lines: the same
    export imported again finds every line already known instead of storing it twice."""
    first = _import(path)
    assert first.status == ImportStatus.DONE, error_rows(first)
    _as_stored_before(first, earlier)
    again = _import(path, tail=b"\r\n")  # the export downloaded again (one more line end: not the same file)
    assert again.status == ImportStatus.DONE, error_rows(again)
    assert (again.lines_stored, again.lines_known) == (0, first.lines_stored)


def test_the_mt940_forms_of_an_earlier_reading_are_recognised_only_in_an_mt940() -> None:
    """A serial "EF" and a summary with a tail are what an earlier MT940 reading stored; in a CSV or camt they are two
    real payments of one day and amount that differ only there, and stay two."""
    row = (1, "fp", None, "ef", "", "ACME GMBH", "Invoice 7 Rent")  # pk, fingerprint, balance, BANK_TEXTS
    line = ParsedLine(
        row=3,
        booking_date=dt.date(2024, 3, 1),
        amount=Decimal("100.00"),
        direction="out",
        serial="REF123",
        counterparty_name="ACME GMBH",
        summary="Invoice 7",
    )
    assert same_line(row, line, BANK_TEXTS, True, swift=True)
    assert not same_line(row, line, BANK_TEXTS, True, swift=False)


@pytest.mark.parametrize(
    ("folder", "name", "says"),
    [
        ("norma43", "sequra_example1.n43", "Norma 43 (AEB 43, cuaderno 43) statement"),
        ("cfonb", "silarhi_complex.txt", "CFONB 120 statement"),
        ("ofx", "svb_server_error.ofx", "answered the request with an error (2000: General Server Error)"),
    ],
)
def test_a_statement_that_cannot_be_read_is_refused_saying_what_it_is(folder, name, says) -> None:
    """A Spanish or French fixed-width statement was refused as a table without a header row (the message asking for
    columns such as 交易日期); an OFX holding the bank's error answer said only that it had no statement."""
    record = import_file(
        actor=None, kind="bank", data=(ROOT / folder / name).read_bytes(), filename=name, account_number=""
    )
    assert record.status == ImportStatus.REFUSED
    assert says in import_message(record)
    assert not BankLine.objects.exists()


def test_a_csv_without_a_header_row_is_imported_into_the_account_named_with_it() -> None:
    """TD Canada Trust's export has no header row (and no account number): it was refused as a table without a
    header; the lines are made up in its layout."""
    data = (
        b"05/28/2026,SEND E-TFR ***Y4h   ,239.13,,93.09\n"
        b"05/20/2026,DOLLARAMA # 845   _M,1.96,,332.22\n"
        b"05/14/2026,PAYROLL DEP ACME LTD,,300.00,334.18\n"
    )
    record = import_file(
        actor=None, kind="bank", data=data, filename="accountactivity.csv", account_number="6228480012345678"
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert "the file has no header row" in import_message(record)
    stored = BankLine.objects.filter(account=record.account).order_by("booking_date")
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in stored] == [
        (dt.date(2026, 5, 14), "in", Decimal("300.00")),
        (dt.date(2026, 5, 20), "out", Decimal("1.96")),
        (dt.date(2026, 5, 28), "out", Decimal("239.13")),
    ]


def test_a_line_an_earlier_reading_stored_with_the_account_in_the_name_or_as_gbk_is_the_same_line() -> None:
    """招商银行's 对手信息 was stored whole ("张三 6211451400111919810"); it is read now as the name and the account. A
    Windows-1252 file's other party was stored decoded as GBK. Importing the export again must not store them twice."""
    line = ParsedLine(
        row=3,
        booking_date=dt.date(2025, 9, 10),
        amount=Decimal("1500.00"),
        direction="in",
        counterparty_name="张三",
        counterparty_account="6211451400111919810",
        summary="汇入汇款",
    )
    stored = (1, "fp", None, "", "", "张三 6211451400111919810", "汇入汇款")  # pk, fingerprint, balance, BANK_TEXTS
    assert same_line(stored, line, BANK_TEXTS, True)
    other = (2, "fp", None, "", "", "李四 6211451400111919810", "汇入汇款")
    assert not same_line(other, line, BANK_TEXTS, True)
    german = ParsedLine(
        row=3,
        booking_date=dt.date(2025, 9, 10),
        amount=Decimal("1500.00"),
        direction="in",
        counterparty_name="Müller Gärten GmbH",
    )
    garbled = "Müller Gärten GmbH".encode("cp1252").decode("gb18030", errors="replace")
    assert same_line((3, "fp", None, "", "", garbled, ""), german, BANK_TEXTS, True)


def test_a_first_version_camt_report_is_stored_on_the_account_it_names() -> None:
    """camt.052.001.01 names its account as PrtryAcct/Id: the import had no account to store it on."""
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "camt" / "genkgo_camt052v01_proprietary_account.xml").read_bytes(),
        filename="report.xml",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.account.currency, record.lines_stored) == ("CH2801234000123456789", "SEK", 1)
    assert list(BankLine.objects.filter(account=record.account).values_list("direction", "amount")) == [
        ("out", Decimal("200000.00"))
    ]


def test_a_card_export_naming_its_card_number_column_is_stored_as_money_out() -> None:
    """Bank of Montreal's card CSV writes purchases positive: they were stored as money in."""
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "deb_bmo_credit_card.csv").read_bytes(),
        filename="bmo_card.csv",
        account_number="5191230567984561",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.booking_date, ln.direction, ln.amount) for ln in stored] == [
        (dt.date(2023, 5, 11), "out", Decimal("3.27")),
        (dt.date(2023, 5, 11), "out", Decimal("85.06")),
        (dt.date(2023, 5, 12), "out", Decimal("6.00")),
    ]


def test_a_camt_written_on_one_line_is_stored_for_each_of_its_accounts() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "camt" / "subite_lt_camt053v08_one_line.xml").read_bytes(),
        filename="2024-03-08.xml",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    stored = BankLine.objects.filter(account__number="LT625883379695428516").order_by("row")
    assert [(ln.row, ln.direction, ln.amount) for ln in stored] == [
        (1, "out", Decimal("2545.00")),
        (2, "in", Decimal("5368014.37")),
        (3, "out", Decimal("104207.86")),
        (4, "in", Decimal("64177.06")),
    ]


def test_a_spanish_csv_is_stored_on_its_account_in_its_currency() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "bsp_spanish_headers.csv").read_bytes(),
        filename="movimientos.csv",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.account.currency, record.lines_stored) == (
        "ES9121000418450200051332",
        "EUR",
        3,
    )


def test_a_pending_row_of_a_checking_export_is_not_stored_and_the_summary_names_it() -> None:
    files = ROOT.parent / "files"
    data = (
        b'"Date","Status","Type","CheckNumber","Description","Withdrawal","Deposit","RunningBalance"\r\n'
        b'"12/02/2026","Pending","ACH","","Electronic Withdrawal CITY UTILITIES","$90.00","",""\r\n'
        + (files / "schwab_checking_2026-11.csv").read_bytes().split(b"\r\n", 1)[1]
    )
    record = import_file(actor=None, kind="bank", data=data, filename="checking.csv", account_number="440012345678")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.lines_stored == 4
    assert "their status (Pending) says they are not booked" in import_message(record)


def test_a_swiss_export_with_apostrophe_thousands_is_stored_with_its_balances() -> None:
    """UBS's French CSV (`11'373.94`): refused before, every balance an unreadable amount."""
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "csv2ofx_ubs_ch_fr.csv").read_bytes(),
        filename="ubs.csv",
        account_number="CH9300762011623852957",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.currency == "CHF"
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.direction, ln.amount, ln.balance) for ln in stored] == [
        ("out", Decimal("10.00"), Decimal("11373.94")),
        ("in", Decimal("240.00"), Decimal("11613.94")),
        ("out", Decimal("200.00"), Decimal("11413.94")),
    ]


def test_a_card_export_naming_the_card_used_is_stored_as_money_out() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "csv2ofx_pc_financial_mastercard.csv").read_bytes(),
        filename="pc_mastercard.csv",
        account_number="5191230567981234",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.direction, ln.amount) for ln in stored] == [("out", Decimal("36.33")), ("out", Decimal("13.98"))]


def test_an_mt940_whose_balances_write_no_currency_is_refused_naming_them() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "mt940" / "mt940rs_balances_without_currency.sta").read_bytes(),
        filename="raphaelm.sta",
        account_number="",
    )
    assert record.status == ImportStatus.REFUSED
    assert not BankLine.objects.exists()
    assert record.error_count == 3  # each once, though the file holds two accounts' statements
    assert [(row["row"], row["column"]) for row in error_rows(record)] == [
        (27, ":62M:"),
        (35, ":62F:"),
        (47, ":62F:"),
    ]
    assert "C020315105000,00" in error_rows(record)[0]["message"]


def test_a_card_export_naming_its_card_id_is_stored_with_purchases_as_money_out() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "camtcsv_viseca_card.csv").read_bytes(),
        filename="viseca.csv",
        account_number="4000123412341234",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.currency, record.lines_stored) == ("CHF", 9)
    stored = BankLine.objects.filter(account=record.account)
    assert sorted(ln.amount for ln in stored if ln.direction == "in") == [Decimal("80.00"), Decimal("105.70")]
