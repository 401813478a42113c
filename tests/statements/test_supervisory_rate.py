"""有效对账回收率: exact counts on a constructed set of statements (answered, deemed, unanswered, excluded closed /
dormant / type), by branch, period and risk tier, and the follow-up list of accounts two or more cycles silent."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.models import AccountType, BankAccount, RiskTier
from statements.reports_supervisory import (
    CLOSED,
    DORMANT,
    TYPE,
    excluded_statements,
    follow_up_accounts,
    supervisory_breakdowns,
    supervisory_rates,
)
from tests.fixtures.supervisory import BJ, SH, TODAY, book  # noqa: F401 - book is a fixture

pytestmark = pytest.mark.django_db


def counts(row) -> tuple:
    return (
        row.due,
        row.received,
        row.agreed,  # 相符 only
        row.agreed_adjusted,  # 调节后相符
        row.disagreed,
        row.deemed,
        row.unanswered,
        row.excluded,
    )


def test_period_totals_count_answers_not_deemed_and_leave_exclusions_apart(book):
    rows = {r.period: r for r in supervisory_rates()}
    assert list(rows) == ["2026-10", "2026-09", "2026-08", "2026-07"]  # newest first
    september = rows["2026-09"]
    assert counts(september) == (6, 3, 1, 1, 1, 2, 1, {CLOSED: 1, DORMANT: 1, TYPE: 1})
    assert september.rate == 0.5
    # August: a1, a4, a6 deemed, a5 unanswered, a9 agreed; a7 dormant left out.
    assert counts(rows["2026-08"]) == (5, 1, 1, 0, 0, 3, 1, {DORMANT: 1})
    assert rows["2026-08"].rate == 0.2
    assert counts(rows["2026-10"]) == (1, 0, 0, 0, 0, 0, 1, {})


def test_by_branch_and_by_tier(book):
    views = supervisory_breakdowns()
    branch = {r.branch: r for r in views["branch"] if r.period == "2026-09"}
    assert counts(branch[SH]) == (3, 3, 1, 1, 1, 0, 0, {DORMANT: 1, TYPE: 1}) and branch[SH].rate == 1.0
    assert counts(branch[BJ]) == (3, 0, 0, 0, 0, 2, 1, {CLOSED: 1}) and branch[BJ].rate == 0.0
    tier = {r.tier: r for r in views["tier"] if r.period == "2026-09"}
    assert [r.tier for r in views["tier"] if r.period == "2026-09"] == ["high", "normal"]
    assert counts(tier[RiskTier.HIGH]) == (2, 1, 1, 0, 0, 1, 0, {TYPE: 1})
    assert counts(tier[RiskTier.NORMAL]) == (4, 2, 0, 1, 1, 1, 1, {CLOSED: 1, DORMANT: 1})
    both = {(r.branch, r.tier): r.due for r in views["branch_tier"] if r.period == "2026-09"}
    assert both == {(SH, "high"): 1, (SH, "normal"): 2, (BJ, "high"): 1, (BJ, "normal"): 2}
    # Every breakdown adds up to the period's totals.
    total = next(r for r in views["period"] if r.period == "2026-09")
    for name in ("branch", "tier", "branch_tier"):
        rows = [r for r in views[name] if r.period == "2026-09"]
        assert sum(r.due for r in rows) == total.due and sum(r.received for r in rows) == total.received


def test_excluded_statements_are_listed_with_the_reason(book):
    rows = excluded_statements(period="2026-09")
    assert [(r.account_number, r.branch, r.reason, r.detail) for r in rows] == [  # by branch, then account number
        (book[7].number, SH, DORMANT, "2026-06-01"),
        (book[8].number, SH, TYPE, str(AccountType.MARGIN.label)),
        (book[6].number, BJ, CLOSED, "2026-09-15"),
    ]
    assert {r.period for r in excluded_statements()} == {"2026-09", "2026-08"}


def test_no_excluded_type_by_default(book, settings):
    settings.SUPERVISORY_EXCLUDED_ACCOUNT_TYPES = []
    september = next(r for r in supervisory_rates() if r.period == "2026-09")
    assert (september.due, september.received, september.excluded) == (7, 4, {CLOSED: 1, DORMANT: 1})


def test_a_dormant_or_closed_account_without_a_date_is_left_out_of_every_period(book):
    BankAccount.objects.filter(pk=book[9].pk).update(status_since=None)
    rows = {r.period: r for r in supervisory_rates()}
    assert rows["2026-09"].excluded == {CLOSED: 2, DORMANT: 1, TYPE: 1} and rows["2026-09"].due == 5
    assert rows["2026-08"].excluded == {CLOSED: 1, DORMANT: 1}


def test_follow_up_lists_accounts_silent_two_cycles_in_a_row(book):
    rows = follow_up_accounts(today=TODAY)
    assert [(r.account_number, r.tier, r.cycles, r.periods, r.last_answered) for r in rows] == [
        (book[4].number, "high", 2, ("2026-09", "2026-08"), "2026-07"),  # high risk first
        (book[5].number, "normal", 2, ("2026-09", "2026-08"), ""),  # 2026-10's window still open: skipped
    ]
    # Once 2026-10's due date has passed, a5 has three cycles in a row.
    later = {r.account_number: r.cycles for r in follow_up_accounts(today=TODAY + dt.timedelta(days=30))}
    assert later == {book[4].number: 2, book[5].number: 3}
    assert follow_up_accounts(today=TODAY, cycles=3) == []
