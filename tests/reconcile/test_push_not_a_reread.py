"""An ERP push adds entries: one of the day and amount of a stored entry is a second movement, not an earlier
reading of it (reread.py compares only a re-export's lines with the entries it would retire)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reconcile.models import ImportStatus, JournalEntry
from reconcile.services.imports import import_file, import_push
from tests.reconcile.test_import_service import journal_csv

pytestmark = pytest.mark.django_db


def test_a_pushed_entry_of_a_stored_entrys_day_and_amount_is_stored(account_a):
    row = '2026-10-12,记-2,收货款,应收账款,转账,,"5,000.00",,借,"105,000.00"\n'
    export = import_file(
        actor=None, kind="journal", data=journal_csv([row]), filename="j.csv", account_number=account_a.number
    )
    assert export.status == ImportStatus.DONE and export.lines_stored == 1

    pushed = import_push(
        actor=None,
        kind="journal",
        account_number=account_a.number,
        payload={"lines": [{"date": "2026-10-12", "debit": "5000.00"}]},
    )

    assert pushed.status == ImportStatus.DONE and pushed.lines_stored == 1
    live = JournalEntry.objects.filter(account=account_a, removed_at__isnull=True)
    assert sorted(live.values_list("amount", flat=True)) == [Decimal("5000.00"), Decimal("5000.00")]
