"""Which version of an account's agreement is in force: now (``current``) and on a statement's period end
(``valid_on``), the two reads every service and page shares."""

from __future__ import annotations

import datetime as dt

import pytest

from statements.models import Agreement, Cycle
from tests.factories import BankAccountFactory

pytestmark = pytest.mark.django_db


def _version(account, start: dt.date, end: dt.date | None) -> Agreement:
    return Agreement.objects.create(
        account=account,
        cycle=Cycle.MONTHLY,
        channel="online_banking",
        contact_name="张三",
        mobile="13800138000",
        valid_from=start,
        valid_to=end,
    )


def test_current_and_valid_on_pick_the_version_in_force():
    account = BankAccountFactory()
    other = BankAccountFactory()
    old = _version(account, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    new = _version(account, dt.date(2026, 7, 1), None)
    _version(other, dt.date(2026, 8, 1), None)

    assert list(Agreement.objects.current().filter(account=account)) == [new]
    assert list(account.agreements.current()) == [new]
    mine = Agreement.objects.filter(account=account)
    assert list(mine.valid_on(dt.date(2026, 6, 30))) == [old]  # the last day of the old terms
    assert list(mine.valid_on(dt.date(2026, 7, 1))) == [new]
    assert list(mine.valid_on(dt.date(2025, 12, 31))) == []  # before any version
    # the other account's version starts later: not in force on 31 July
    assert list(Agreement.objects.valid_on(dt.date(2026, 7, 31))) == [new]
