"""有效对账回收率: the return rate as banks report it to their supervisors. Aggregates and two lists, no writes.

    有效对账回收率 = valid answers received ÷ statements due

- A statement is *due* when it was dispatched, is not superseded by a re-issued version (that version counts
  instead), and its account is not excluded by the bank's policy for the statement's period.
- A *valid answer received* is an answer the client gave: 相符, 调节后相符 or 不符 (a settled dispute is still an
  answer, also when the window it re-opened lapsed and the statement was then deemed agreed). 视同相符 (deemed
  agreement, the window lapsed) is NOT a received answer; it stays in the denominator.
- *Excluded* statements are listed apart with the reason, and counted in no rate:
  closed  - the account is closed, and its closing day (``status_since``) is on or before the period end;
  dormant - the account is dormant (久悬/不动户 as core banking declares it), since a day on or before the period end;
  type    - the account's type is in ``settings.SUPERVISORY_EXCLUDED_ACCOUNT_TYPES``.
  A dormant or closed account without a status date is left out of every period (the day is unknown). The account's
  current record decides: an account made dormant and later reactivated counts again in every period.
- Rows are by period, branch and the account's risk tier (its current tier).
- The follow-up list: accounts whose latest two or more due statements in a row got no answer (deemed, or still
  unanswered after the due date). A statement whose answer window is still open neither counts nor breaks the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from reconcile.models import AccountStatus, AccountType, BankAccount, RiskTier
from statements.models import (
    BalanceStatement,
    Decision,
    StatementStatus,
)
from statements.periods import period_order
from statements.reports import answer_counts, final_answer, with_answer_flags

CLOSED, DORMANT, TYPE = "closed", "dormant", "account_type"
FOLLOW_UP_CYCLES = 2  # "two or more cycles in a row"
ANSWERED = (StatementStatus.CONFIRMED, StatementStatus.DISPUTED, StatementStatus.RESOLVED)
OPEN = (StatementStatus.PUBLISHED, StatementStatus.DISPATCHED, StatementStatus.VIEWED)


def reason_label(reason: str) -> str:
    return {CLOSED: _("Account closed"), DORMANT: _("Account dormant"), TYPE: _("Excluded account type")}.get(
        reason, reason
    )


def tier_label(tier: str) -> str:
    return str(RiskTier(tier).label) if tier in RiskTier.values else tier


@dataclass
class SupervisoryRow:
    period: str
    branch: str  # "" when the row is not by branch
    tier: str  # "" when the row is not by tier
    agreed: int = 0  # 相符 only (statements.reports.answer_counts)
    agreed_adjusted: int = 0  # 调节后相符, apart from ``agreed``
    disagreed: int = 0  # 不符 (open or settled)
    deemed: int = 0  # 视同相符: not an answer
    unanswered: int = 0  # no answer yet (window open or lapsed without deeming)
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> statements left out

    @property
    def received(self) -> int:
        return self.agreed + self.agreed_adjusted + self.disagreed

    @property
    def due(self) -> int:
        return self.received + self.deemed + self.unanswered

    @property
    def rate(self) -> float:
        return self.received / self.due if self.due else 0.0

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())

    @property
    def tier_label(self) -> str:
        return tier_label(self.tier) if self.tier else ""

    def add(self, other: SupervisoryRow) -> None:
        for name in ("agreed", "agreed_adjusted", "disagreed", "deemed", "unanswered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, n in other.excluded.items():
            self.excluded[reason] = self.excluded.get(reason, 0) + n


@dataclass(frozen=True)
class ExcludedRow:
    period: str
    account_number: str
    customer: str
    branch: str
    tier: str
    reason: str
    detail: str  # the day the account was closed or made dormant, or its type

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    @property
    def tier_label(self) -> str:
        return tier_label(self.tier)


@dataclass(frozen=True)
class FollowUpRow:
    account_id: int
    account_number: str
    customer: str
    branch: str
    tier: str
    cycles: int  # statements in a row without an answer, the newest first
    periods: tuple[str, ...]
    last_answered: str  # the period last answered, "" if never

    @property
    def tier_label(self) -> str:
        return tier_label(self.tier)


def excluded_account_types() -> list[str]:
    return [t for t in getattr(settings, "SUPERVISORY_EXCLUDED_ACCOUNT_TYPES", []) if t in AccountType.values]


def _exclusion() -> Case:
    """The policy reason a statement is left out, "" when it is due. First match wins: closed, dormant, type."""

    def since_in(status: str) -> Q:
        return Q(account__status=status) & (
            Q(account__status_since__isnull=True) | Q(account__status_since__lte=F("period_end"))
        )

    whens = [
        When(since_in(AccountStatus.CLOSED), then=Value(CLOSED)),
        When(since_in(AccountStatus.DORMANT), then=Value(DORMANT)),
    ]
    types = excluded_account_types()
    if types:  # an empty IN is left out rather than relied on
        whens.append(When(account__account_type__in=types, then=Value(TYPE)))
    return Case(*whens, default=Value(""))


def _statements() -> QuerySet[BalanceStatement]:
    """Every statement the measure looks at (dispatched, not superseded), with its exclusion reason."""
    return (
        BalanceStatement.objects.exclude(dispatched_at__isnull=True)
        .exclude(status=StatementStatus.SUPERSEDED)
        .annotate(exclusion=_exclusion())
    )


def _finest() -> list[SupervisoryRow]:
    keys = ("period", "account__branch", "account__risk_tier", "exclusion")
    counted = (
        with_answer_flags(_statements())
        .values(*keys)
        .annotate(n=Count("id"), **answer_counts(), unanswered=Count("id", filter=Q(status__in=OPEN)))
        .order_by(*keys)
    )
    rows: dict[tuple[str, str, str], SupervisoryRow] = {}
    for r in counted:
        key = (r["period"], r["account__branch"], r["account__risk_tier"])
        row = rows.setdefault(key, SupervisoryRow(*key))
        if r["exclusion"]:
            row.excluded[r["exclusion"]] = row.excluded.get(r["exclusion"], 0) + r["n"]
        else:
            row.add(
                SupervisoryRow(
                    *key,
                    agreed=r["agreed"],
                    agreed_adjusted=r["agreed_adjusted"],
                    disagreed=r["disagreed"],
                    deemed=r["deemed"],
                    unanswered=r["unanswered"],
                )
            )
    return list(rows.values())


def _sorted(rows: Iterable[SupervisoryRow]) -> list[SupervisoryRow]:
    # Newest period first (time order, not text order); then branch and tier (high before normal) in name order.
    tiers = {tier: n for n, tier in enumerate(RiskTier.values)}
    by_name = sorted(rows, key=lambda r: (r.branch, tiers.get(r.tier, len(tiers)), r.tier))
    return sorted(by_name, key=lambda r: period_order(r.period), reverse=True)


def supervisory_rates(
    *, by_branch: bool = False, by_tier: bool = False, rows: list[SupervisoryRow] | None = None
) -> list[SupervisoryRow]:
    """Rows per period, and per branch and/or risk tier within it when asked. ``rows``: the finest rows already
    read (one query serves every breakdown a page shows)."""
    grouped: dict[tuple[str, str, str], SupervisoryRow] = {}
    for row in rows if rows is not None else _finest():
        key = (row.period, row.branch if by_branch else "", row.tier if by_tier else "")
        grouped.setdefault(key, SupervisoryRow(*key)).add(row)
    return _sorted(grouped.values())


def supervisory_breakdowns() -> dict[str, list[SupervisoryRow]]:
    """Every breakdown from one read: by period, by period and branch, by period and tier, by all three."""
    finest = _finest()
    return {
        "period": supervisory_rates(rows=finest),
        "branch": supervisory_rates(by_branch=True, rows=finest),
        "tier": supervisory_rates(by_tier=True, rows=finest),
        "branch_tier": supervisory_rates(by_branch=True, by_tier=True, rows=finest),
    }


def excluded_statements(*, period: str | None = None) -> list[ExcludedRow]:
    """The statements left out, with the reason: newest period first, then branch and account number."""
    qs = _statements().exclude(exclusion="")  # type: ignore[misc]  # annotated by _statements(), unseen by the stubs
    if period:
        qs = qs.filter(period=period)
    fields = (
        "period",
        "account__number",
        "account__customer__legal_name",
        "account__branch",
        "account__risk_tier",
        "exclusion",
        "account__status_since",
        "account__account_type",
    )
    rows = []
    for p, number, customer, branch, tier, reason, since, kind in qs.values_list(*fields).order_by(
        "-period_end", "account__branch", "account__number"
    ):
        if reason == TYPE:
            detail = str(AccountType(kind).label) if kind in AccountType.values else kind
        else:
            detail = since.isoformat() if since else _("date not recorded")
        rows.append(ExcludedRow(p, number, customer or "", branch, tier, reason, detail))
    return sorted(rows, key=lambda r: period_order(r.period), reverse=True)  # stable: branch order kept


def follow_up_accounts(*, today: dt.date, cycles: int = FOLLOW_UP_CYCLES) -> list[FollowUpRow]:
    """Accounts whose latest ``cycles`` or more due statements in a row got no answer: high risk first, then the
    longest runs, then branch and account number."""
    due = (
        _statements()
        .filter(exclusion="")  # type: ignore[misc]  # annotated by _statements()
        .annotate(disagreed_before=final_answer(Decision.DISAGREE))
        .values_list("account_id", "period", "status", "due_date", "disagreed_before")
        .order_by("account_id", "-period_end", "-id")
    )
    runs: dict[int, tuple[list[str], str]] = {}
    current: int | None = None
    missed: list[str] = []
    last, done = "", False
    for account_id, period, status, due_date, disagreed_before in due.iterator(chunk_size=2000):
        if account_id != current:
            if current is not None and len(missed) >= cycles:
                runs[current] = (missed, last)
            current, missed, last, done = account_id, [], "", False
        if done:
            continue
        if status in ANSWERED or disagreed_before:  # a settled 不符 whose second window lapsed was still answered
            last, done = period, True
        elif status == StatementStatus.DEEMED_CONFIRMED or (due_date is not None and due_date < today):
            missed.append(period)
        # else: the answer window is still open (or has no end): neither a miss nor an answer yet
    if current is not None and len(missed) >= cycles:
        runs[current] = (missed, last)
    accounts = BankAccount.objects.filter(pk__in=list(runs)).select_related("customer")
    tiers = {tier: n for n, tier in enumerate(RiskTier.values)}
    rows = [
        FollowUpRow(
            a.pk,
            a.number,
            a.customer.legal_name if a.customer else "",
            a.branch,
            a.risk_tier,
            len(runs[a.pk][0]),
            tuple(runs[a.pk][0]),
            runs[a.pk][1],
        )
        for a in accounts
    ]
    return sorted(rows, key=lambda r: (tiers.get(r.tier, len(tiers)), -r.cycles, r.branch, r.account_number))
