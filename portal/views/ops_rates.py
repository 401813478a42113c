"""Bank operations: 有效对账回收率, the return rate as reported to the supervisor (page and Excel export)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.roles import Role
from portal.charts import bar_chart
from portal.permissions import roles_required
from reconcile.models import AccountType
from statements.calendar import beijing_day
from statements.render.supervisory_xlsx import render_supervisory_xlsx
from statements.reports_supervisory import (
    FOLLOW_UP_CYCLES,
    excluded_account_types,
    excluded_statements,
    follow_up_accounts,
    supervisory_breakdowns,
    supervisory_rates,
)

ops_only = roles_required(Role.BANK_OPS)
LISTED = 200  # rows of a list the page shows; the Excel export has them all


@ops_only
def supervisory_rate(request: HttpRequest) -> HttpResponse:
    """Totals by period; by branch and by risk tier for one period (the newest, or ``?period=``); the statements
    that period leaves out; the accounts to follow up."""
    views = supervisory_breakdowns()
    periods = [r.period for r in views["period"]]
    asked = request.GET.get("period", "")
    period = asked if asked in periods else (periods[0] if periods else "")
    excluded = excluded_statements(period=period) if period else []
    follow_up = follow_up_accounts(today=beijing_day(timezone.now()))
    chart = bar_chart(
        [(r.period, 100 * r.rate, "ok") for r in views["period"][:12]], title=_("Supervisory return rate by period")
    )
    return render(
        request,
        "portal/ops/supervisory_rate.html",
        {
            "totals": views["period"],
            "periods": periods,
            "period": period,
            "by_branch": [r for r in views["branch"] if r.period == period],
            "by_tier": [r for r in views["tier"] if r.period == period],
            "excluded": excluded[:LISTED],
            "excluded_count": len(excluded),
            "follow_up": follow_up[:LISTED],
            "follow_up_count": len(follow_up),
            "cycles": FOLLOW_UP_CYCLES,
            "excluded_types": [AccountType(t).label for t in excluded_account_types()],
            "chart": mark_safe(chart),  # portal.charts escapes every label it draws
        },
    )


@ops_only
def supervisory_rate_export(request: HttpRequest) -> HttpResponse:
    # The report to the supervisor is in Chinese (its headers are): its risk tiers and reasons too, whatever the
    # page's language (an English page's export wrote "Normal" under 风险等级).
    with translation.override(settings.LANGUAGE_CODE):
        data = render_supervisory_xlsx(
            supervisory_rates(by_branch=True, by_tier=True),
            excluded_statements(),
            follow_up_accounts(today=beijing_day(timezone.now())),
        )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="supervisory-return-rate.xlsx"'
    return response
