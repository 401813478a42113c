"""The recognition of an earlier reading (reconcile/services/imports/reread.py) is for a re-export the parsers read
more of. An ERP push adds entries and stands for nothing: a pushed entry whose fields another entry of its day and
amount leaves empty is a new entry, not that one read again (attack3)."""

from __future__ import annotations

import pytest

from reconcile.models import ImportStatus, JournalEntry
from reconcile.services.imports import import_push

pytestmark = pytest.mark.django_db


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
