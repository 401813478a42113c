"""Fixtures for the confirmation process: agreements, balances and a published period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from statements.models import BalanceSource, Channel, Cycle, PeriodBalance
from statements.services.agreements import agreement_create
from statements.services.publishing import statement_run_start

# 2026-10-09 (Friday) is the 2nd working day of October 2026: National Day ran 10-01..10-07 and
# Saturday 10-10 is a make-up working day (调休), so the calendar is exercised on every test.
PUBLISH_AT = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def agreement_a(account_a):
    return agreement_create(actor=None, account=account_a, cycle=Cycle.MONTHLY, channel=Channel.ONLINE_BANKING,
                            contact_name="王丽", mobile="13812345678", valid_from=dt.date(2026, 1, 1))


@pytest.fixture
def agreement_b(account_b):
    return agreement_create(actor=None, account=account_b, cycle=Cycle.QUARTERLY, channel=Channel.WEBSITE,
                            contact_name="李强", mobile="13901234567", valid_from=dt.date(2026, 1, 1))


@pytest.fixture
def balances(account_a, account_b):
    for account, amount in ((account_a, "1250000.00"), (account_b, "88000.50")):
        PeriodBalance.objects.create(account=account, as_of=dt.date(2026, 9, 30), balance=Decimal(amount),
                                     source=BalanceSource.CORE_FEED)


@pytest.fixture
def published(agreement_a, agreement_b, balances, django_capture_on_commit_callbacks, settings, tmp_path):
    """September 2026 published on 2026-10-09; returns {customer: statement}."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(PUBLISH_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        outcome = statement_run_start(actor=None, period="2026-09")
    statements = {st.account.customer_id: st for st in outcome.run.statements.select_related("account")}
    return statements
