"""Match rates (issue 19.5) on the accountant's reconciliation home and for the bank's operations, with Excel exports.

The figures come from reconcile.selectors.rates; these views pick the period, scope the accounts and draw the charts.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.roles import Role
from portal.charts import bar_chart
from portal.permissions import roles_required
from reconcile.models import BankAccount
from reconcile.render.rates_sheet import COMPANY_TOTAL, RatesRow, render_rates_sheet
from reconcile.selectors import scope_to_user
from reconcile.selectors.rates import (
    MatchRates,
    accounts_match_rates,
    companies_match_rates,
    company_trend,
    latest_period,
    month_end,
    recent_month_ends,
    total,
    workbench_companies,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TREND_MONTHS = 6
FIRST, LAST = dt.date(1990, 1, 1), dt.date(2099, 12, 31)  # as the workbench's period ends (views_reconcile)


def rates_period(request: HttpRequest, accounts: QuerySet[BankAccount]) -> dt.date:
    """The month end asked for (``?rates=YYYY-MM-DD``, any day of the month), else the newest month with lines."""
    try:
        day = dt.date.fromisoformat(request.GET.get("rates", "")[:10])
        if FIRST <= day <= LAST:
            return month_end(day)
    except ValueError:
        pass
    return latest_period(accounts) or month_end(timezone.localdate())


def _share_chart(rates: MatchRates, title: str) -> str:
    return mark_safe(
        bar_chart(
            [
                (_("Automatic"), 100 * rates.share("auto"), "ok"),
                (_("Accepted suggestions"), 100 * rates.share("suggestion"), "ok"),
                (_("Manual"), 100 * rates.share("manual"), "warn"),
                (_("Still open"), 100 * rates.share("open"), "bad"),
            ],
            title=title,
        )
    )


def _age_chart(rates: MatchRates, title: str) -> str:
    bands = [
        (_("0-30 days"), rates.age_0_30, "ok"),
        (_("31-90 days"), rates.age_31_90, "warn"),
        (_("over 90 days"), rates.age_over_90, "bad"),
    ]
    return mark_safe(bar_chart(bands, unit="", decimals=0, scale=max([n for _l, n, _c in bands] + [1]), title=title))


def rates_context(request: HttpRequest, accounts: QuerySet[BankAccount]) -> dict:
    """The company's and each account's rates for the chosen month, the last six months, and the two charts."""
    period_end = rates_period(request, accounts)
    per_account = accounts_match_rates(accounts, period_end)
    company = total(per_account.values())
    return {
        "rates_period": period_end,
        "company_rates": company,
        "account_rates": [(account.number, per_account[account.pk]) for account in accounts],
        # Month ends written as every page writes a day (2026-10-31), not in the locale's long form.
        "rates_trend": [(end.isoformat(), rates) for end, rates in company_trend(accounts, period_end, TREND_MONTHS)],
        "rates_chart": _share_chart(company, _("How the period's lines were matched (%)")),
        "ages_chart": _age_chart(company, _("Outstanding items by age")),
    }


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles_required(Role.ACCOUNTANT, Role.REVIEWER)
def company_rates_xlsx(request: HttpRequest) -> HttpResponse:
    """The user's company: one row per account and month for the last six months, then the company's total."""
    accounts = scope_to_user(BankAccount.objects.select_related("customer"), request.user)
    period_end = rates_period(request, accounts)
    listed = list(accounts)
    company = next((a.customer.legal_name for a in listed if a.customer), "")
    rows = []
    for end in recent_month_ends(period_end, TREND_MONTHS):
        per_account = accounts_match_rates(listed, end)
        rows += [RatesRow(end, account.number, company, per_account[account.pk]) for account in listed]
        rows.append(RatesRow(end, COMPANY_TOTAL, company, total(per_account.values())))
    return _xlsx(render_rates_sheet(rows), f"match-rates-{period_end}.xlsx")


ops_only = roles_required(Role.BANK_OPS)


@ops_only
def ops_match_rates(request: HttpRequest) -> HttpResponse:
    """The bank's clients who use the workbench, per company, for one month (bank operations only)."""
    companies = workbench_companies()
    accounts = BankAccount.objects.filter(customer__in=companies)
    period_end = rates_period(request, accounts)
    rows = companies_match_rates(companies, period_end)
    overall = total(row.rates for row in rows)
    return render(
        request,
        "portal/ops/match_rates.html",
        {
            "rows": rows,
            "overall": overall,
            "rates_period": period_end,
            "rates_chart": _share_chart(overall, _("How the period's lines were matched (%)")),
            "ages_chart": _age_chart(overall, _("Outstanding items by age")),
        },
    )


@ops_only
def ops_match_rates_xlsx(request: HttpRequest) -> HttpResponse:
    companies = workbench_companies()
    period_end = rates_period(request, BankAccount.objects.filter(customer__in=companies))
    rows = [
        RatesRow(period_end, row.company, row.company, row.rates, accounts=row.accounts)
        for row in companies_match_rates(companies, period_end)
    ]
    return _xlsx(render_rates_sheet(rows, per_company=True), f"match-rates-companies-{period_end}.xlsx")
