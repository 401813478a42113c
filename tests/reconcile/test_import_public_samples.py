"""Importing files of real banks copied from open-source parsers' test suites (tests/fixtures/public/)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.import_messages import error_rows
from reconcile.models import BankLine, ImportStatus
from reconcile.services.imports import import_file

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
