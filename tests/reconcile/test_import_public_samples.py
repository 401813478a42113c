"""Importing MT940 files of real banks copied from open-source parsers' test suites (tests/fixtures/public/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.import_messages import error_rows
from reconcile.models import BankLine, ImportStatus
from reconcile.services.imports import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "public" / "mt940"


def test_an_ing_statement_stores_each_lines_counterparty_and_reference() -> None:
    record = import_file(
        actor=None,
        kind="bank",
        data=(ROOT / "ing_ibp_structured.sta").read_bytes(),
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
