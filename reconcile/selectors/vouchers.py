"""Reads for the suggested vouchers of bank-only items: the lines, and the chart of accounts to book them on."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from reconcile.models import BankAccount, MatchLink
from reconcile.selectors.matching import outstanding_at
from reconcile.vouchers import BankOnlyLine, ChartOfAccounts, LedgerAccount, SuggestedVoucher, suggest


def chart_of_accounts(**overrides: tuple[str, str] | None) -> ChartOfAccounts:
    """The ledger accounts: settings.VOUCHER_ACCOUNTS ({"bank"|"fee"|"interest": [code, name]}), then overrides."""
    configured = {key: LedgerAccount(*value) for key, value in getattr(settings, "VOUCHER_ACCOUNTS", {}).items()}
    configured.update({key: LedgerAccount(*value) for key, value in overrides.items() if value})
    return ChartOfAccounts(**configured)


def bank_only_lines(*, account: BankAccount, period_end: dt.date) -> list[BankOnlyLine]:
    """Bank lines up to the period end that no journal entry matches (now): 银行已收/已付、企业未收/未付."""
    bank, _journal = outstanding_at(account, period_end)
    matched_now = MatchLink.objects.active().filter(bank_line__isnull=False).values("bank_line")
    lines = bank.exclude(pk__in=matched_now).order_by("booking_date", "pk")
    return [
        BankOnlyLine(
            line_id=line.pk,
            date=line.booking_date,
            amount=line.amount,
            incoming=line.direction == "in",
            summary=line.summary,
            counterparty=line.counterparty_name,
            serial=line.serial or line.voucher_no,
            currency=account.currency,
        )
        for line in lines
    ]


def suggested_vouchers(
    *, account: BankAccount, period_end: dt.date, chart: ChartOfAccounts | None = None
) -> tuple[list[SuggestedVoucher], list[BankOnlyLine]]:
    return suggest(bank_only_lines(account=account, period_end=period_end), chart or chart_of_accounts())
