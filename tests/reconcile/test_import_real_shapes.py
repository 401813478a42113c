"""Importing the real-shape files (tests/fixtures/files): each goes into the right account, or is refused saying
why; a statement of a month without movements records its balances and joins its neighbours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.validators import normalize_account_number
from reconcile.balances.reads import balance_breaks, import_gaps, import_notices
from reconcile.import_messages import error_rows, import_message
from reconcile.models import BalanceCheckpoint, BankAccount, BankLine, Import, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"


def _import(name: str, account: str = "", **kw) -> Import:
    return import_file(
        actor=None, kind="bank", data=(FILES / name).read_bytes(), filename=name, account_number=account, **kw
    )


def _lines(account: str) -> list[tuple[dt.date, str, Decimal]]:
    return list(
        BankLine.objects.filter(account__number=account)
        .order_by("booking_date", "row")
        .values_list("booking_date", "direction", "amount")
    )


@pytest.mark.parametrize(
    ("name", "account", "count"),
    [
        ("spdb_2026-10.xls", "98470078801300000123", 3),
        ("bocom_2026-10.csv", "310066771018000012345", 3),
        ("mt940_blank_statement_number.sta", "DE41500105170123456789", 2),
        ("bai2_spec_continuation.bai2", "0975312468", 3),
        ("camt053_daily_2026-10.zip", "DE41500105170123456789", 2),
    ],
)
def test_each_shape_is_imported_into_the_account_it_names(name, account, count) -> None:
    record = _import(name)
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == (account, count)


def test_icbc_masked_card_number_needs_the_account_and_says_so() -> None:
    refused = _import("icbc_2026-10.csv")
    assert refused.status == ImportStatus.REFUSED
    assert "shows its account only masked (6222****0123)" in import_message(refused)
    record = _import("icbc_2026-10.csv", account="6222 0000 1111 0123")
    assert record.status == ImportStatus.DONE and record.lines_stored == 4
    assert record.account.number == "6222000011110123" and record.closing_balance == Decimal("12100.00")


def test_two_accounts_of_one_mt940_go_each_into_their_own() -> None:
    record = _import("mt940_triodos_two_accounts.sta")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account is None and record.accounts_registered == ["TRIODOSBANK/0666666666", "TRIODOSBANK/0777777777"]
    assert len(_lines("TRIODOSBANK/0666666666")) == 2 and len(_lines("TRIODOSBANK/0777777777")) == 1


def test_choosing_one_of_the_files_accounts_still_imports_each_into_its_own() -> None:
    record = _import("mt940_triodos_two_accounts.sta", account="TRIODOSBANK/0777777777")
    assert record.status == ImportStatus.DONE
    assert len(_lines("TRIODOSBANK/0666666666")) == 2 and len(_lines("TRIODOSBANK/0777777777")) == 1


def test_choosing_another_account_for_a_two_account_file_says_how() -> None:
    refused = _import("mt940_triodos_two_accounts.sta", account="31050161373600001234")
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    message = import_message(refused)
    assert "2 accounts (TRIODOSBANK/0666666666, TRIODOSBANK/0777777777)" in message
    assert "without choosing an account" in message


def test_german_bank_code_account_needs_no_account_and_is_stored_normalised() -> None:
    record = _import("mt940_german_quiet_month.sta")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.number == "12345678/0001324357"
    assert normalize_account_number("12345678/1324357") == "12345678/0001324357"  # as someone would type it
    # A file that does not name its account goes to the one chosen, as someone would type it.
    again = import_file(
        actor=None,
        kind="bank",
        data="交易日期,摘要,借方发生额,贷方发生额\n2026-11-03,货款,,100.00\n".encode(),
        filename="x.csv",
        account_number="12345678/1324357",
    )
    assert again.status == ImportStatus.DONE, error_rows(again)
    assert again.account.number == "12345678/0001324357"


def test_a_statement_naming_another_account_than_the_one_chosen_is_refused() -> None:
    # The BAI2 file is the statement of account 0975312468; the upload form offers the account last chosen.
    refused = _import("bai2_spec_continuation.bai2", account="31050161373600001234")
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    assert refused.errors[0]["code"] == "chosen_account_differs"
    message = import_message(refused)
    assert "statement of account 0975312468, not of the account chosen at upload (31050161373600001234)" in message
    assert not BankAccount.objects.filter(number="31050161373600001234").exists()
    # Chosen as the file names it, it imports.
    record = _import("bai2_spec_continuation.bai2", account="0975312468")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.number == "0975312468" and record.lines_stored == 3


def test_a_quiet_months_statement_records_its_balances() -> None:
    record = _import("mt940_german_quiet_month.sta")
    assert (record.lines_in_file, record.lines_stored) == (0, 0)
    assert (record.period_start, record.period_end) == (dt.date(2026, 9, 30), dt.date(2026, 10, 31))
    points = sorted(BalanceCheckpoint.objects.filter(source_import=record).values_list("role", "as_of", "balance"))
    assert points == [
        ("closing", dt.date(2026, 10, 31), Decimal("15000.00")),
        ("opening", dt.date(2026, 9, 30), Decimal("15000.00")),
    ]
    assert "had no transactions from 2026-09-30 to 2026-10-31; its balance of 15,000.00 was recorded" in import_message(
        record
    )


@pytest.mark.parametrize("name", ["camt053_quiet_month.xml", "ofx_quiet_month.ofx"])
def test_quiet_camt_and_ofx_statements_are_imported(name) -> None:
    record = _import(name)
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert set(BalanceCheckpoint.objects.filter(source_import=record).values_list("role", flat=True)) == {
        "opening",
        "closing",
    }


def _mt940(opening_day: str, opening: str, booking: str, amount: str, closing_day: str, closing: str) -> bytes:
    d = booking[2:].replace("-", "")
    return (
        f":20:S{d}\n:25:12345678/1324357\n:28C:1/1\n:60F:C{opening_day[2:].replace('-', '')}EUR{opening}\n"
        f":61:{d}{d[2:]}{amount}NTRFNONREF//R{d}\n:86:RECHNUNG\n"
        f":62F:C{closing_day[2:].replace('-', '')}EUR{closing}\n-\n"
    ).encode()


def test_a_quiet_month_between_two_statements_joins_them() -> None:
    september = _mt940("2026-08-31", "14000,00", "2026-09-15", "C1000,00", "2026-09-30", "15000,00")
    november = _mt940("2026-10-31", "15000,00", "2026-11-05", "D200,00", "2026-11-30", "14800,00")
    for name, data in (
        ("sep.sta", september),
        ("oct.sta", (FILES / "mt940_german_quiet_month.sta").read_bytes()),
        ("nov.sta", november),
    ):
        record = import_file(actor=None, kind="bank", data=data, filename=name)
        assert record.status == ImportStatus.DONE, error_rows(record)
    account = BankAccount.objects.get(number="12345678/0001324357")
    assert balance_breaks(account, "bank") == []
    assert import_gaps(record) == [] and import_notices(record) == []


def test_a_quiet_month_that_contradicts_its_neighbour_is_a_gap() -> None:
    september = _mt940("2026-08-31", "14000,00", "2026-09-15", "C1000,00", "2026-09-30", "15000,00")
    import_file(actor=None, kind="bank", data=september, filename="sep.sta")
    wrong = (FILES / "mt940_german_quiet_month.sta").read_text().replace("15000,00", "15500,00").encode()
    record = import_file(actor=None, kind="bank", data=wrong, filename="oct.sta")
    assert record.status == ImportStatus.DONE
    [gap] = import_gaps(record)
    assert "2026-09-30" in gap and "15,500.00" in gap and "15,000.00" in gap


def test_zero_booking_is_named_in_the_summary() -> None:
    record = _import("mt940_zero_booking.sta")
    assert (record.lines_in_file, record.lines_stored) == (7, 7)
    assert "1 booking of 0.00 moves no money and was not stored (row 11)" in import_message(record)


def test_currency_suffix_is_not_part_of_the_account() -> None:
    record = _import("mt940_currency_suffix.sta")
    assert (record.account.number, record.account.currency) == ("NL08BUNQ2206789012", "EUR")


def test_mixed_currencies_are_refused_naming_the_rows() -> None:
    refused = _import("mixed_currency_2026-10.xlsx")
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    rows = error_rows(refused)
    assert [(e["row"], e["code"]) for e in rows] == [(5, "mixed_currency"), (7, "mixed_currency")]
    assert "Row 5, column “币种”: this line is in USD, the statement in CNY" in rows[0]["message"]


def test_a_credit_card_statement_comes_in_with_charges_as_money_out() -> None:
    record = _import("gongwuka_2026-10.xlsx")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert _lines("6259650012345678") == [
        (dt.date(2026, 10, 8), "out", Decimal("2800.00")),
        (dt.date(2026, 10, 12), "out", Decimal("1080.00")),
        (dt.date(2026, 10, 20), "in", Decimal("500.00")),
    ]
    assert "Read as a credit card statement" in import_message(record)


def test_qif_goes_into_the_account_chosen(account_a) -> None:
    record = _import("statement_2026-10.qif", account=account_a.number)
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account, record.lines_stored) == (account_a, 2)


def test_the_command_imports_a_german_statement_without_account(capsys) -> None:
    call_command("import_file", str(FILES / "mt940_german_quiet_month.sta"), "--kind", "bank", "--language", "en")
    out = capsys.readouterr().out
    assert "-> 12345678/0001324357 [mt940]" in out and "had no transactions" in out


def test_a_quiet_statement_withdrawn_takes_its_balances_with_it(accountant_a, account_a) -> None:
    from reconcile.services.withdraw import import_withdraw

    record = _import("mt940_german_quiet_month.sta")
    withdrawn = import_withdraw(actor=None, import_id=record.pk, reason="wrong account")
    assert withdrawn.status == ImportStatus.WITHDRAWN
    assert not BalanceCheckpoint.objects.filter(source_import=record).exists()


def test_another_customers_bank_code_account_is_refused(accountant_a, customer_b) -> None:
    from reconcile.services.books import bank_account_create

    bank_account_create(
        actor=None, customer=customer_b, number="TRIODOSBANK/0777777777", branch="Zeist", currency="EUR"
    )
    refused = import_file(
        actor=accountant_a,
        kind="bank",
        filename="t.sta",
        customer=accountant_a.customer,
        data=(FILES / "mt940_triodos_two_accounts.sta").read_bytes(),
    )
    assert refused.status == ImportStatus.REFUSED and not BankLine.objects.exists()
    # A company's file registers no account: the first one the bank has not registered for it is named.
    assert "The bank has not registered account TRIODOSBANK/0666666666 for your company" in import_message(refused)
    assert refused.errors[0]["code"] == "account_not_registered"
    assert not BankAccount.objects.filter(number="TRIODOSBANK/0666666666").exists()  # nothing half-stored


def test_icbc_booked_amount_file_imports_with_the_account_chosen() -> None:
    record = _import("icbc_booked_2026-11.csv", account="6222 0000 2222 7788")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored, record.closing_balance) == (
        "6222000022227788",
        3,
        Decimal("12100.00"),
    )


def test_a_bic_before_an_iban_imports_into_the_iban() -> None:
    record = _import("mt940_bic_slash_iban.sta")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert record.account.number == "NL10BUNQ2290325473" and record.lines_stored == 2
    assert normalize_account_number("BUNQNL2A/NL10BUNQ2290325473") == "NL10BUNQ2290325473"


def test_the_command_names_unknown_amount_columns(tmp_path) -> None:
    from tests.reconcile.parsers.cnparse_kit import xls_bytes

    path = tmp_path / "u.xls"
    path.write_bytes(
        xls_bytes([["账户交易明细"], ["交易日期", "摘要", "流入额", "流出额"], ["2026-11-03", "货款", "1.00", ""]])
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_file", str(path), "--kind", "bank", "--language", "en")
    assert "Row 2 looks like the header" in str(refused.value) and "流入额" in str(refused.value)
    assert "Traceback" not in str(refused.value) and "object at 0x" not in str(refused.value)


def test_a_web_page_named_xls_imports_into_the_account_it_names() -> None:
    record = _import("spdb_web_2026-11.xls")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.format, record.lines_stored) == ("95200078801600004444", "html", 3)
    assert record.closing_balance == Decimal("108517.70")


def test_a_quiet_month_in_a_banks_own_export_records_its_balances() -> None:
    record = _import("quiet_month_2026-11.xlsx")
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_in_file, record.lines_stored) == ("6217000010001234567", 0, 0)
    assert (record.period_start, record.period_end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    points = set(BalanceCheckpoint.objects.filter(source_import=record).values_list("role", "balance"))
    assert points == {("opening", Decimal("86420.15")), ("closing", Decimal("86420.15"))}
    assert "had no transactions from 2026-11-01 to 2026-11-30" in import_message(record)
