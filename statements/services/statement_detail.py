"""The bank-fed detail (明细) a statement is published with, and the check that it joins its balances.

A statement of an account the bank feeds lists the bank's own lines of its period; opening balance + money in −
money out must be the statement's balance. The opening balance is known independently where the bank has one: the
previous period's statement, a core-banking balance of the day before the period, or the running balance on the
bank's last line before it. Where the detail does not join them, publishing refuses, naming the account, as it
refuses a missing balance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from reconcile.models import BankLine, Direction
from statements.models import Agreement, BalanceStatement, PeriodBalance, StatementStatus
from statements.periods import Period

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DetailSummary:
    opening: Decimal  # closing − in + out of the period's bank-fed lines
    lines: int
    known_opening: Decimal | None  # the opening the bank knows from elsewhere, None when it knows none
    known_from: str

    @property
    def joins(self) -> bool:
        return self.known_opening is None or self.known_opening == self.opening


def _fed_accounts(account_ids: list[int], end: dt.date) -> set[int]:
    return set(
        BankLine.objects.fed()
        .filter(account_id__in=account_ids, booking_date__lte=end)
        .values_list("account_id", flat=True)
        .distinct()
    )


def fed_accounts_among(account_ids: QuerySet[Any], end: dt.date) -> list[int]:
    """The accounts of ``account_ids`` (a query of ids, e.g. the due agreements') that have bank-fed lines up to
    ``end``, in id order: one query through the partial index of fed lines, so a run where few accounts are fed
    pays for those few, not for every due account."""
    return sorted(
        set(
            BankLine.objects.fed()
            .filter(account_id__in=account_ids, booking_date__lte=end)
            .values_list("account_id", flat=True)
            .distinct()
        )
    )


def _known_openings(account_ids: list[int], starts: dict[int, dt.date]) -> dict[int, tuple[Decimal, str]]:
    """The balance each account opened its period with, from the bank's own records, where it has one."""
    found: dict[int, tuple[Decimal, str]] = {}
    eves = {account: start - dt.timedelta(days=1) for account, start in starts.items()}
    for statement in (
        BalanceStatement.objects.filter(account_id__in=account_ids)
        .exclude(status=StatementStatus.SUPERSEDED)
        .order_by("account_id", "-version")
    ):
        if statement.period_end == eves[statement.account_id] and statement.account_id not in found:
            found[statement.account_id] = (statement.balance, _("statement %(n)s") % {"n": statement.number})
    for balance in PeriodBalance.objects.filter(account_id__in=[a for a in account_ids if a not in found]):
        if balance.as_of == eves[balance.account_id]:
            found[balance.account_id] = (balance.balance, _("core banking balance of %(d)s") % {"d": balance.as_of})
    for account_id in account_ids:
        if account_id in found:
            continue
        line = (
            BankLine.objects.fed()
            .filter(account_id=account_id, booking_date__lte=eves[account_id], balance__isnull=False)
            .order_by("-booking_date", "-source_import_id", "-row")
            .first()
        )
        if line is not None:
            found[account_id] = (line.balance, _("the bank's line of %(d)s") % {"d": line.booking_date})
    return found


def detail_summaries(
    *, agreements: Iterable[Agreement], spec: Period, closings: dict[int, Decimal]
) -> dict[int, DetailSummary]:
    """For each agreement's account the bank feeds: its period's detail and whether it joins the balances."""
    agreements = list(agreements)
    ids = [a.account_id for a in agreements]
    fed = _fed_accounts(ids, spec.end)
    if not fed:
        return {}
    starts = {a.account_id: spec.start_for(a.cycle) for a in agreements if a.account_id in fed}
    movements: dict[int, tuple[Decimal, Decimal, int]] = {}
    for start in set(starts.values()):
        accounts = [a for a, s in starts.items() if s == start]
        rows = (
            BankLine.objects.fed()
            .filter(account_id__in=accounts, booking_date__gte=start, booking_date__lte=spec.end)
            .values("account_id")
            .annotate(
                money_in=Sum("amount", filter=Q(direction=Direction.IN)),
                money_out=Sum("amount", filter=Q(direction=Direction.OUT)),
                n=Count("id"),
            )
        )
        for row in rows:
            movements[row["account_id"]] = (row["money_in"] or ZERO, row["money_out"] or ZERO, row["n"])
    known = _known_openings(sorted(starts), starts)
    summaries = {}
    for account_id in starts:
        money_in, money_out, count = movements.get(account_id, (ZERO, ZERO, 0))
        opening = (closings[account_id] - money_in + money_out).quantize(Decimal("0.01"))
        independent, source = known.get(account_id, (None, ""))
        summaries[account_id] = DetailSummary(
            opening=opening, lines=count, known_opening=independent, known_from=source
        )
    return summaries


def detail_mismatches(summaries: dict[int, DetailSummary], numbers: dict[int, str]) -> list[str]:
    """One sentence per account whose detail does not join its balances."""
    return [
        _(
            "%(account)s: the period opened at %(known)s (%(source)s), but the bank's lines of the period lead "
            "from %(opening)s to the statement's balance (%(diff)s missing or extra)"
        )
        % {
            "account": numbers[account_id],
            "known": f"{summary.known_opening:,.2f}",
            "source": summary.known_from,
            "opening": f"{summary.opening:,.2f}",
            "diff": f"{summary.known_opening - summary.opening:,.2f}",
        }
        for account_id, summary in sorted(summaries.items())
        if not summary.joins
    ]
