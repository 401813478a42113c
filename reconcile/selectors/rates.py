"""Match rates (issue 19.5): how the lines of a period were matched, and how old the outstanding items are.

For an account and a period (the calendar month ending at ``period_end``):

- the period's lines are its bank lines and journal entries dated in the month (not withdrawn), each counted once by
  how it stands now: in a live match made automatically (``auto``), by accepting a suggestion (``suggestion``) or by
  hand (``manual``), or in none (``open``);
- the outstanding items (未达账项) are the lines of the 余额调节表 at ``period_end`` (dated up to it and not matched by
  then: reconcile.selectors.matching.outstanding_at), by age in days at ``period_end``: 0-30, 31-90 and over 90.

A company's rates are the sum of its accounts'. Each figure is a few grouped queries whatever the number of accounts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Case, CharField, Count, Exists, OuterRef, QuerySet, Subquery, Value, When

from reconcile.models import BankAccount, BankLine, Customer, JournalEntry, MatchKind, MatchLink

AGE_BANDS = ("0-30", "31-90", ">90")


@dataclass(frozen=True)
class MatchRates:
    auto: int = 0
    suggestion: int = 0
    manual: int = 0
    open: int = 0
    age_0_30: int = 0
    age_31_90: int = 0
    age_over_90: int = 0

    @property
    def lines(self) -> int:
        return self.auto + self.suggestion + self.manual + self.open

    @property
    def outstanding(self) -> int:
        return self.age_0_30 + self.age_31_90 + self.age_over_90

    def share(self, part: str) -> float:
        """``part`` (auto, suggestion, manual, open) as a fraction of the period's lines; 0 when there are none."""
        return getattr(self, part) / self.lines if self.lines else 0.0

    def __add__(self, other: MatchRates) -> MatchRates:
        return MatchRates(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


def month_of(period_end: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month ``period_end`` lies in: (first day, ``period_end``)."""
    return period_end.replace(day=1), period_end


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def recent_month_ends(period_end: dt.date, count: int) -> list[dt.date]:
    """``count`` month ends up to ``period_end``'s month, newest first."""
    ends, day = [], month_end(period_end)
    for _ in range(count):
        ends.append(day)
        day = month_end(day.replace(day=1) - dt.timedelta(days=1))
    return ends


def _kind_counts(
    model: type[BankLine] | type[JournalEntry],
    link_field: str,
    accounts: QuerySet | list[int],
    first: dt.date,
    last: dt.date,
) -> dict[int, dict[str, int]]:
    live_kind = MatchLink.objects.active().filter(**{link_field: OuterRef("pk")}).values("match__kind")[:1]
    rows = (
        model.objects.live()
        .filter(account__in=accounts, booking_date__gte=first, booking_date__lte=last)
        .annotate(kind=Subquery(live_kind))
        .values("account_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["account_id"]][row["kind"] or "open"] = row["n"]
    return counts


def _age_counts(
    model: type[BankLine] | type[JournalEntry],
    link_field: str,
    accounts: QuerySet | list[int],
    period_end: dt.date,
) -> dict[int, dict[str, int]]:
    # The same rule as outstanding_at: not in a live match whose latest line is dated up to the period end.
    matched_by_then = MatchLink.objects.active().filter(
        **{link_field: OuterRef("pk")}, match__last_date__lte=period_end
    )
    band = Case(
        When(booking_date__gte=period_end - dt.timedelta(days=30), then=Value(AGE_BANDS[0])),
        When(booking_date__gte=period_end - dt.timedelta(days=90), then=Value(AGE_BANDS[1])),
        default=Value(AGE_BANDS[2]),
        output_field=CharField(),
    )
    rows = (
        model.objects.live()
        .filter(account__in=accounts, booking_date__lte=period_end)
        .exclude(Exists(matched_by_then))
        .annotate(band=band)
        .values("account_id", "band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["account_id"]][row["band"]] = row["n"]
    return counts


def accounts_match_rates(
    accounts: QuerySet[BankAccount] | Iterable[BankAccount], period_end: dt.date
) -> dict[int, MatchRates]:
    """Each account's rates for the month ending at ``period_end`` (accounts already scoped to the user)."""
    ids = (
        list(accounts.values_list("pk", flat=True))
        if isinstance(accounts, QuerySet)
        else [account.pk for account in accounts]
    )
    first, last = month_of(period_end)
    # A queryset filters as a subquery: the bank's view over every company sends no list of thousands of ids.
    scope = accounts.values("pk") if isinstance(accounts, QuerySet) else ids
    parts = [
        _kind_counts(BankLine, "bank_line", scope, first, last),
        _kind_counts(JournalEntry, "journal_entry", scope, first, last),
    ]
    ages = [
        _age_counts(BankLine, "bank_line", scope, period_end),
        _age_counts(JournalEntry, "journal_entry", scope, period_end),
    ]
    result = {}
    for pk in ids:
        kinds = [part.get(pk, {}) for part in parts]
        bands = [age.get(pk, {}) for age in ages]
        result[pk] = MatchRates(
            auto=sum(k.get(MatchKind.AUTO, 0) for k in kinds),
            suggestion=sum(k.get(MatchKind.SUGGESTION, 0) for k in kinds),
            manual=sum(k.get(MatchKind.MANUAL, 0) for k in kinds),
            open=sum(k.get("open", 0) for k in kinds),
            age_0_30=sum(b.get(AGE_BANDS[0], 0) for b in bands),
            age_31_90=sum(b.get(AGE_BANDS[1], 0) for b in bands),
            age_over_90=sum(b.get(AGE_BANDS[2], 0) for b in bands),
        )
    return result


def total(rates: Iterable[MatchRates]) -> MatchRates:
    return sum(rates, MatchRates())


@dataclass(frozen=True)
class CompanyRates:
    customer_id: int
    company: str
    accounts: int
    rates: MatchRates


def workbench_companies() -> QuerySet[Customer]:
    """The bank's clients who use the workbench: a company with a journal (日记账) uploaded for one of its accounts,
    which only reconciling needs (the bank's own statements reach every client)."""
    uses = JournalEntry.objects.filter(account__customer=OuterRef("pk"))
    return Customer.objects.filter(Exists(uses)).order_by("legal_name", "pk")


def companies_match_rates(customers: QuerySet[Customer], period_end: dt.date) -> list[CompanyRates]:
    """Per company, its accounts' rates summed, for the month ending at ``period_end`` (bank staff's view)."""
    accounts = BankAccount.objects.filter(customer__in=customers)
    per_account = accounts_match_rates(accounts, period_end)
    by_customer: dict[int, list[MatchRates]] = defaultdict(list)
    for pk, customer_id in accounts.values_list("pk", "customer_id"):
        by_customer[customer_id].append(per_account[pk])
    return [CompanyRates(c.pk, c.legal_name, len(by_customer[c.pk]), total(by_customer[c.pk])) for c in customers]


def company_trend(
    accounts: QuerySet[BankAccount], period_end: dt.date, months: int = 6
) -> list[tuple[dt.date, MatchRates]]:
    """The accounts' summed rates for each of ``months`` month ends up to ``period_end``, newest first."""
    return [(end, total(accounts_match_rates(accounts, end).values())) for end in recent_month_ends(period_end, months)]


def latest_period(accounts: QuerySet[BankAccount]) -> dt.date | None:
    """The month end of the newest line among ``accounts`` (either side), or None when they have none."""
    days = [
        model.objects.live()
        .filter(account__in=accounts)
        .order_by("-booking_date")
        .values_list("booking_date", flat=True)
        .first()
        for model in (BankLine, JournalEntry)
    ]
    found = [d for d in days if d is not None]
    return month_end(max(found)) if found else None
