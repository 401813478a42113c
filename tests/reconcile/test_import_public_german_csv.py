"""Importing the German bank CSV copied from csv2ofx's tests (tests/fixtures/public/) and an N26 export of transfers
only (names, numbers and amounts made up)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.import_messages import error_rows
from reconcile.models import BankLine, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "public"


def test_a_gls_bank_csv_goes_into_its_own_account_with_its_vwz_text() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "csv" / "csv2ofx_gls_de_vwz.csv").read_bytes(),
        filename="gls.csv",
        account_number="",
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.account.currency, record.lines_stored) == ("1234567890", "EUR", 1)
    [line] = BankLine.objects.filter(account=record.account)
    assert (line.direction, line.amount, line.counterparty_name) == ("out", Decimal("98.76"), "Drillisch Online AG")
    assert line.purpose == "B4658645 U123456789 B123456 987 SIMply Rechnung"


def test_an_n26_export_of_transfers_only_is_one_statement_of_the_account_chosen() -> None:
    """Every line names the partner's IBAN: it was split into a statement per partner, each a new account."""
    data = (
        b'"Date","Payee","Account number","Transaction type","Payment reference","Category","Amount (EUR)",'
        b'"Amount (Foreign Currency)","Type Foreign Currency","Exchange Rate"\n'
        b'"2026-10-01","Alice","DE99999999999999999999","Income","Muster GmbH","Income","56.78","","",""\n'
        b'"2026-10-02","Bob","DE89370400440532013000","Outgoing Transfer","Home food","Foo","-42.0","","",""\n'
    )
    record = import_file(
        actor=None, kind="bank", data=data, filename="n26.csv", account_number="DE02100110012345678901"
    )
    assert record.status == ImportStatus.DONE, error_rows(record)
    assert (record.account.number, record.lines_stored) == ("DE02100110012345678901", 2)
    stored = BankLine.objects.filter(account=record.account).order_by("row")
    assert [(ln.direction, ln.amount, ln.counterparty_account) for ln in stored] == [
        ("in", Decimal("56.78"), "DE99999999999999999999"),
        ("out", Decimal("42.00"), "DE89370400440532013000"),
    ]
