"""Match rates (issue 19.5): exact counts on a constructed month, ages at the 30/31/90/91-day boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.selectors.rates import (
    MatchRates,
    accounts_match_rates,
    companies_match_rates,
    company_trend,
    latest_period,
    recent_month_ends,
    workbench_companies,
)
from tests.factories import BankAccountFactory, CustomerFactory
from tests.fixtures.rates_month import END, bank, journal, october

pytestmark = pytest.mark.django_db

OCTOBER = MatchRates(auto=3, suggestion=2, manual=2, open=5, age_0_30=6, age_31_90=2, age_over_90=1)


def test_the_constructed_month_counts_exactly(account_a, account_b):
    october(account_a)
    october(account_b)  # another company's lines change nothing of A's
    rates = accounts_match_rates([account_a], END)
    assert rates == {account_a.pk: OCTOBER}
    assert (rates[account_a.pk].lines, rates[account_a.pk].outstanding) == (12, 9)
    assert rates[account_a.pk].share("auto") == pytest.approx(3 / 12)


def test_ages_at_the_boundaries(account_a):
    for days in (0, 30, 31, 90, 91, 400):
        journal(account_a, END - dt.timedelta(days=days))
    rates = accounts_match_rates([account_a], END)[account_a.pk]
    assert (rates.age_0_30, rates.age_31_90, rates.age_over_90) == (2, 2, 2)


def test_other_months_and_an_empty_account(account_a, customer_a):
    october(account_a)
    empty = BankAccountFactory(customer=customer_a)
    rates = accounts_match_rates([account_a, empty], dt.date(2026, 11, 30))
    # November: the one November bank line (matched automatically); every October line still open is now older.
    assert (rates[account_a.pk].auto, rates[account_a.pk].open, rates[account_a.pk].lines) == (1, 0, 1)
    assert rates[account_a.pk].outstanding == 8  # the October line matched in November is no longer outstanding
    assert rates[empty.pk] == MatchRates() and rates[empty.pk].share("auto") == 0.0


def test_companies_sum_their_accounts_and_only_workbench_users(account_a, account_b, customer_a):
    october(account_a)
    october(account_b)
    second = BankAccountFactory(customer=customer_a)
    bank(second, dt.date(2026, 10, 20))
    statements_only = CustomerFactory(legal_name="只收对账单的公司")
    bank(BankAccountFactory(customer=statements_only), dt.date(2026, 10, 20))  # no journal: not a workbench user
    companies = workbench_companies()
    assert set(companies) == {customer_a, account_b.customer}
    rows = {row.customer_id: row for row in companies_match_rates(companies, END)}
    assert rows[customer_a.pk].accounts == 2
    assert rows[customer_a.pk].rates == OCTOBER + MatchRates(open=1, age_0_30=1)
    assert rows[account_b.customer_id].rates == OCTOBER


def test_trend_and_latest_period(account_a):
    from reconcile.models import BankAccount

    october(account_a)
    accounts = BankAccount.objects.filter(pk=account_a.pk)
    assert recent_month_ends(dt.date(2026, 3, 15), 3) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 1, 31),
    ]
    trend = dict(company_trend(accounts, END, months=3))
    assert trend[END] == OCTOBER and trend[dt.date(2026, 9, 30)].lines == 1
    assert latest_period(accounts) == dt.date(2026, 11, 30)
