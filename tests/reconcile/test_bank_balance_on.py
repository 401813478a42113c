"""reconcile.balances.reads.bank_balance_on: the balance on a day as the bank's own lines state it (issue 21,
item 6: statements publishes from it, reconcile owns the read)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.balances.reads import bank_balance_on
from reconcile.models import BankLine
from reconcile.services.imports import import_file

pytestmark = pytest.mark.django_db

CSV = "交易日期,摘要,借方发生额,贷方发生额,余额\n2026-09-29,货款,,100.00,5100.00\n2026-09-30,手续费,1.00,,5099.00\n"


def test_the_last_line_up_to_the_day_gives_the_balance_and_its_source(account_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert bank_balance_on(account_a, dt.date(2026, 9, 30)) is None  # nothing imported yet
    import_file(actor=None, kind="bank", data=CSV.encode(), filename="sep.csv", account_number=account_a.number)
    last = BankLine.objects.get(account=account_a, booking_date=dt.date(2026, 9, 30))
    balance, source = bank_balance_on(account_a, dt.date(2026, 9, 30))
    assert balance == Decimal("5099.00")
    assert source == f"bank line {last.pk} (import #{last.source_import_id}, row {last.row})"
    assert bank_balance_on(account_a, dt.date(2026, 9, 29))[0] == Decimal("5100.00")
    # A day after the imported statement's period: lines of that day may still come, so no balance is claimed.
    assert bank_balance_on(account_a, dt.date(2026, 10, 31)) is None


def test_another_accounts_lines_give_no_balance(account_a, account_b, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    import_file(actor=None, kind="bank", data=CSV.encode(), filename="sep.csv", account_number=account_a.number)
    assert bank_balance_on(account_b, dt.date(2026, 9, 30)) is None
