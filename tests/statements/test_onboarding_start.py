"""Onboarding existing agreements: what a missing start date means, and correcting it by importing again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEvent
from core.tabular import RowsRefused
from reconcile.models import BankAccount
from statements.models import Agreement, BalanceSource, PeriodBalance, StatementRun
from statements.services.onboarding import agreements_import, migration_start
from statements.services.publishing import statement_run_start
from tests.statements.test_onboarding import HEADER, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = dt.date(2026, 12, 5)
NOW = dt.datetime(2026, 12, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def with_start(*rows: tuple[int, str, dict]) -> bytes:
    lines = [HEADER.strip() + ",valid_from"] + [row(n, **over).strip() + f",{start}" for n, start, over in rows]
    return ("\n".join(lines) + "\n").encode()


def _import(data: bytes):
    with time_machine.travel(NOW, tick=False):
        return agreements_import(actor=None, data=data, filename="agreements.csv", today=TODAY)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(period: str, account: BankAccount, as_of: dt.date):
        PeriodBalance.objects.create(
            account=account, as_of=as_of, balance=Decimal("1000.00"), source=BalanceSource.CORE_FEED
        )
        with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
            return statement_run_start(actor=None, period=period)

    return run


@pytest.mark.parametrize("cycle,start", [("monthly", dt.date(2026, 11, 1)), ("quarterly", dt.date(2026, 7, 1))])
def test_without_a_start_date_an_onboarded_agreement_covers_the_period_just_ended(cycle, start, publish):
    assert migration_start(cycle, TODAY) == start
    _import((HEADER + row(1, cycle=cycle)).encode())
    agreement = Agreement.objects.get()
    assert agreement.valid_from == start
    period, as_of = ("2026-11", dt.date(2026, 11, 30)) if cycle == "monthly" else ("2026-09", dt.date(2026, 9, 30))
    outcome = publish(period, agreement.account, as_of)
    assert outcome.created and outcome.run.accounts_due == 1


def test_migration_start_on_the_first_of_a_month_and_in_january():
    assert migration_start("monthly", dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)
    assert migration_start("quarterly", dt.date(2027, 1, 1)) == dt.date(2026, 10, 1)
    assert migration_start("quarterly", dt.date(2026, 12, 31)) == dt.date(2026, 7, 1)


def test_a_reimport_corrects_the_start_of_an_agreement_without_statements(publish):
    _import(with_start((1, "2026-12-01", {})))  # a start that leaves November out
    assert Agreement.objects.get().valid_from == dt.date(2026, 12, 1)
    result = _import(with_start((1, "2026-10-15", {})))
    assert result.counts == {"agreements start corrected": 1}
    assert "1 agreement's start date corrected" in result.summary()
    agreement = Agreement.objects.get()
    assert agreement.valid_from == dt.date(2026, 10, 15) and agreement.valid_to is None
    event = AuditEvent.objects.get(action="agreement.start_corrected")
    assert event.before["valid_from"] == "2026-12-01" and event.after["valid_from"] == "2026-10-15"
    assert publish("2026-11", agreement.account, dt.date(2026, 11, 30)).run.accounts_due == 1
    # The same file again: nothing to change.
    assert _import(with_start((1, "2026-10-15", {}))).counts == {}


def test_a_start_correction_also_takes_the_rows_terms():
    _import(with_start((1, "2026-12-01", {})))
    _import(with_start((1, "2026-11-01", {"mobile": "13900001111"})))
    agreement = Agreement.objects.get()
    assert (agreement.valid_from, agreement.mobile) == (dt.date(2026, 11, 1), "+8613900001111")


def test_with_statements_the_start_is_refused_naming_the_row_and_why(publish, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _import((HEADER + row(1) + row(2)).encode())
    account = BankAccount.objects.get(number="6222000000000001")
    PeriodBalance.objects.create(
        account=BankAccount.objects.get(number="6222000000000002"),
        as_of=dt.date(2026, 11, 30),
        balance=Decimal("5.00"),
        source=BalanceSource.CORE_FEED,
    )
    publish("2026-11", account, dt.date(2026, 11, 30))
    with pytest.raises(RowsRefused) as info:
        _import(with_start((1, "2026-11-01", {}), (2, "2026-01-01", {})))
    message = info.value.message
    assert "row 3, column valid_from ('2026-01-01')" in message
    assert "statements were already issued for account 6222000000000002" in message
    assert "202611-" in message and "leave valid_from empty or write 2026-11-01" in message
    assert "row 2" not in message  # the first account's start is unchanged: nothing to say
    assert Agreement.objects.get(account__number="6222000000000002").valid_from == dt.date(2026, 11, 1)
    assert StatementRun.objects.count() == 1


def test_with_earlier_versions_the_start_is_refused():
    with time_machine.travel(NOW, tick=False):
        agreements_import(
            actor=None, data=with_start((1, "2026-01-01", {})), filename="a.csv", today=dt.date(2026, 6, 1)
        )
        agreements_import(
            actor=None,
            data=with_start((1, "2026-01-01", {"mobile": "13900001111"})),
            filename="a.csv",
            today=dt.date(2026, 7, 1),
        )  # a change: a second version from 07-01
    assert Agreement.objects.count() == 2
    with pytest.raises(RowsRefused) as info:
        _import(with_start((1, "2025-06-01", {"mobile": "13900001111"})))
    assert "has changed since it started on 2026-01-01" in info.value.message
    # The file's start is the account's first start: an unchanged row is no correction.
    assert _import(with_start((1, "2026-01-01", {"mobile": "13900001111"}))).counts == {}
