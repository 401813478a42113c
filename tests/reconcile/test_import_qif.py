"""Importing QIF files (tests/fixtures/files/qif_*): into the account chosen, in its currency, all or nothing; and
American Express's three-column export, whose charges are money out."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from reconcile.import_messages import error_rows, import_message
from reconcile.models import BankAccount, BankLine, Import, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QIF = Path(__file__).resolve().parents[1] / "fixtures" / "files"


def _import(name: str, account: str = "", **kw) -> Import:
    name = f"qif_{name}"
    return import_file(
        actor=None, kind="bank", data=(QIF / name).read_bytes(), filename=name, account_number=account, **kw
    )


def test_a_quicken_export_goes_into_the_account_chosen_in_its_currency(account_a) -> None:
    record = _import("quicken_checking_2025-12.qif", account=account_a.number)
    assert record.status == ImportStatus.DONE, (import_message(record), error_rows(record))
    assert (record.account, record.lines_stored) == (account_a, 4)
    lines = list(
        BankLine.objects.filter(account=account_a)
        .order_by("booking_date")
        .values_list("booking_date", "direction", "amount")
    )
    assert lines == [
        (dt.date(2025, 12, 3), "out", Decimal("1234.56")),
        (dt.date(2025, 12, 9), "in", Decimal("25000.00")),
        (dt.date(2025, 12, 15), "out", Decimal("3150.00")),
        (dt.date(2025, 12, 31), "out", Decimal("18.50")),
    ]
    assert f"currency of account {account_a.number}, {account_a.currency}" in import_message(record)


def test_a_qif_file_for_an_account_the_portal_does_not_hold_is_refused_naming_it() -> None:
    refused = _import("uk_bank_current_2025-12.qif", account="GB29NWBK60161331926819")
    assert refused.status == ImportStatus.REFUSED
    assert "a QIF file names neither its account nor its currency" in import_message(refused)
    assert not BankAccount.objects.filter(number="GB29NWBK60161331926819").exists()
    assert not BankLine.objects.exists()


def test_a_qif_file_whose_dates_do_not_tell_day_from_month_is_refused_naming_one(account_a) -> None:
    refused = _import("ambiguous_dates.qif", account=account_a.number)
    assert refused.status == ImportStatus.REFUSED
    assert "03/04/2025, line 2" in import_message(refused) and "year-month-day" in import_message(refused)
    assert not BankLine.objects.filter(account=account_a).exists()


def test_an_amex_three_column_export_stores_charges_as_money_out(account_a) -> None:
    name = "amex_activity_2025-12.csv"
    record = import_file(
        actor=None, kind="bank", data=(QIF / name).read_bytes(), filename=name, account_number=account_a.number
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    stored = BankLine.objects.filter(account=account_a)
    assert sorted(stored.filter(direction="out").values_list("amount", flat=True)) == [
        Decimal("23.45"),
        Decimal("412.88"),
        Decimal("1204.30"),
    ]
    assert sorted(stored.filter(direction="in").values_list("amount", flat=True)) == [
        Decimal("25.00"),
        Decimal("1000.00"),
    ]
    assert "Read as a credit card statement" in import_message(record)


def test_a_qif_file_uploaded_over_the_api_is_imported(
    accountant_a, account_a, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(accountant_a)
    name = "qif_uk_bank_current_2025-12.qif"
    upload = SimpleUploadedFile(name, (QIF / name).read_bytes(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs as the worker would
        response = api.post(
            "/api/v1/imports/upload/",
            {"kind": "bank", "file": upload, "account": account_a.number},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 202, response.content
    record = api.get(f"/api/v1/imports/{response.json()['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (record["status"], record["lines_stored"]) == ("done", 4), record


JOURNAL = """日期,凭证号,摘要,借方金额,贷方金额,余额
2025-12-01,,期初余额,,,12480.00
2025-12-03,记-1,Contoso Office Supply,,1234.56,11245.44
2025-12-09,记-2,Northwind Traders,25000.00,,36245.44
2025-12-15,记-3,Fabrikam Leasing,,3150.00,33095.44
"""


def test_reconcile_files_with_a_quicken_export_agrees_but_the_banks_fee(tmp_path: Path) -> None:
    journal = tmp_path / "journal.csv"
    journal.write_text(JOURNAL, encoding="utf-8")
    out = tmp_path / "out"
    call_command(
        "reconcile_files", "--bank", str(QIF / "qif_quicken_checking_2025-12.qif"), "--journal", str(journal),
        "--out", str(out), "--account", "31050161373600001234", "--language", "en", stdout=io.StringIO(),
    )  # fmt: skip
    summary = json.loads((out / "adjustment.json").read_text())
    assert (summary["bank_balance"], summary["book_balance"]) == ("33076.94", "33095.44")
    assert (summary["bank_out_not_journal"], summary["difference"], summary["agreed"]) == ("18.50", "0.00", True)
