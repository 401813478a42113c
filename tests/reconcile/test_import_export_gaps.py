"""Real exports through the import service: the refusal's words in the reader's language, an MT940 without balance
lines, Revolut's fees, Discover's card export."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankAccount, BankLine, Import, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

_CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_table_without_a_recognisable_header_is_refused_with_english_examples() -> None:
    data = b"Posted On,Memo,Sum\n2026-10-08,Invoice 17,100.00\n2026-10-09,Fee,-2.00\n"
    record = import_file(actor=None, kind="bank", data=data, filename="export.csv", account_number="6228480012345678")
    assert record.status == ImportStatus.REFUSED, error_rows(record)
    text = import_message(record)
    assert "“Date” with “Debit”/“Credit” or “Amount”, and a “Description”" in text and not _CJK.search(text), text
    assert not BankLine.objects.exists() and Import.objects.filter(status=ImportStatus.DONE).count() == 0


# An MT940 with no :60F:/:62F: (some banks' intraday or "transactions only" exports): its currency is written nowhere.
_MT940_NO_BALANCES = (
    b":20:STMT20261031\r\n:25:NL91ABNA0417164300\r\n:28C:00031/1\r\n"
    b":61:2610011001D12,50NTRFNONREF//B261001\r\n:86:Office supplies\r\n"
    b":61:2610021002C200,00NTRFINV-17//B261002\r\n:86:Payment invoice 17\r\n-\r\n"
)


def test_an_mt940_without_balance_lines_is_read_in_its_accounts_currency() -> None:
    BankAccount.objects.create(number="NL91ABNA0417164300", currency="EUR")
    record = import_file(
        actor=None, kind="bank", data=_MT940_NO_BALANCES, filename="stmt.sta", account_number="NL91ABNA0417164300"
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.lines_stored == 2
    assert "read in the currency of account NL91ABNA0417164300, EUR" in import_message(record)
    assert BankAccount.objects.get().currency == "EUR"


def test_an_mt940_without_balance_lines_for_an_unknown_account_is_refused_naming_what_is_missing() -> None:
    record = import_file(actor=None, kind="bank", data=_MT940_NO_BALANCES, filename="stmt.sta")
    assert record.status == ImportStatus.REFUSED
    text = import_message(record)
    assert text.startswith("The file states no currency: an MT940 statement gives it only in its balance lines")
    assert "account NL91ABNA0417164300 is not in the portal yet" in text and "Nothing was imported" in text
    assert [e["code"] for e in error_rows(record)] == ["no_currency"]
    # nothing half-stored: no account registered (as CNY, the default), no line
    assert not BankAccount.objects.exists() and not BankLine.objects.exists()


def test_an_mt940_with_balances_still_registers_its_account_in_the_stated_currency() -> None:
    data = _MT940_NO_BALANCES.replace(b":28C:00031/1\r\n", b":28C:00031/1\r\n:60F:C260930EUR100,00\r\n").replace(
        b"-\r\n", b":62F:C261002EUR287,50\r\n-\r\n"
    )
    record = import_file(actor=None, kind="bank", data=data, filename="stmt.sta")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert BankAccount.objects.get().currency == "EUR"


FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"


def test_a_revolut_statement_stores_each_fee_as_a_bank_line_of_its_own() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(FILES / "revolut_gbp_2026-10.csv").read_bytes(),
        filename="account-statement_2026-10-01_2026-10-31_en-gb_a1b2c3.csv",
        account_number="GB33REVO00996912345678",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.lines_stored, record.closing_balance) == (11, Decimal("2026.97"))
    assert record.account.currency == "GBP"
    fees = BankLine.objects.filter(account=record.account, summary__startswith="Fee 手续费").order_by("row")
    assert [(f.direction, f.amount) for f in fees] == [
        ("out", Decimal("1.00")),
        ("out", Decimal("0.47")),
        ("out", Decimal("2.00")),
    ]
    assert "rows 5, 7, 11 were left out" in import_message(record)
    # the same file again stores nothing twice: the fee and its payment are told apart
    again = import_file(
        actor=None,
        kind="bank",
        data=(FILES / "revolut_gbp_2026-10.csv").read_bytes() + b"\n",
        filename="account-statement.csv",
        account_number="GB33REVO00996912345678",
    )
    assert again.status == ImportStatus.DONE, error_rows(again)
    assert (again.lines_stored, again.lines_known) == (0, 11)


def test_a_discover_card_export_is_imported_with_charges_as_money_out() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(FILES / "discover_card_2026-10.csv").read_bytes(),
        filename="Discover-Statement-20261031.csv",
        account_number="6011000990139424",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.total_out, record.total_in) == (Decimal("121.39"), Decimal("531.33"))
    assert record.account.currency == "USD"
    assert "Read as a credit card statement: charges count as money out" in import_message(record)


def test_an_n26_export_goes_into_the_account_chosen_in_its_stated_unit_currency() -> None:
    from tests.reconcile.parsers.test_parsers_uk_eu_app_exports import N26

    record = import_file(
        actor=None, kind="bank", data=N26, filename="n26-csv-transactions.csv", account_number="DE44500105175407324931"
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.account.currency, record.lines_stored) == ("DE44500105175407324931", "EUR", 3)
    assert not BankAccount.objects.filter(number="DE89370400440532013000").exists()
