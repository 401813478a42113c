"""An ERP push adds entries: one of the day and amount of a stored entry is a second movement, not an earlier
reading of it (reread.py compares only a re-export's lines with the entries it would retire), even when the pushed
entry leaves empty fields the stored one has; and an earlier reading is only ever the same account's."""

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


def _push(account, line: dict):
    record = import_push(actor=None, kind="journal", account_number=account.number, payload={"lines": [line]})
    assert record.status == ImportStatus.DONE, record.errors
    return record


def test_a_second_pushed_receipt_of_one_day_and_amount_is_stored(account_a):
    first = {"date": "2026-10-08", "debit": "5000.00", "summary": "收货款", "counterparty": "恒瑞贸易"}
    _push(account_a, {**first, "voucher_no": "记-1"})
    second = _push(account_a, first)  # the ERP's next receipt, before it has a voucher number
    assert second.lines_stored == 1
    assert JournalEntry.objects.live().filter(account=account_a).count() == 2


def test_another_customers_earlier_reading_is_not_this_accounts(account_a, account_b):
    """The same export's old reading stored in customer A's account does not make B's reading of it known."""
    from tests.reconcile.test_dedupe_earlier_reads import HEADER, OLD_READING, ROWS, _import

    assert _import(account_a, OLD_READING, "a-oct.csv").lines_stored == 3
    b = _import(account_b, "\n".join([HEADER, *ROWS]) + "\n", "b-oct.csv")
    assert (b.status, b.lines_stored, b.lines_known) == (ImportStatus.DONE, 3, 0)
