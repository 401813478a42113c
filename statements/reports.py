"""Ops figures: return rate (回签率), deemed rate, disputes by age, deadlines at risk. Aggregates only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from statements.models import (
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    Dispute,
    DisputeStatus,
    InquiryStatus,
    NonReceiptInquiry,
    StatementStatus,
)
from statements.periods import period_order

ANSWERED = (StatementStatus.CONFIRMED, StatementStatus.DISPUTED, StatementStatus.RESOLVED)


@dataclass(frozen=True)
class RateRow:
    period: str
    branch: str
    dispatched: int
    confirmed: int  # 相符 and 调节后相符
    disputed: int
    deemed: int
    open: int
    confirmed_adjusted: int = 0  # of ``confirmed``: 调节后相符 (agreed after adjustment)

    @property
    def confirmed_plain(self) -> int:
        """相符 alone: the column beside 调节后相符 on the dashboard and in its export."""
        return self.confirmed - self.confirmed_adjusted

    @property
    def adjusted_rate(self) -> float:
        return self.confirmed_adjusted / self.dispatched if self.dispatched else 0.0

    @property
    def answered(self) -> int:
        return self.confirmed + self.disputed

    @property
    def return_rate(self) -> float:
        return self.answered / self.dispatched if self.dispatched else 0.0

    @property
    def deemed_rate(self) -> float:
        return self.deemed / self.dispatched if self.dispatched else 0.0


def final_answer(decision: str) -> Exists:
    """The statement has the client's final answer ``decision`` (annotate it before ``settled_then_lapsed``)."""
    return Exists(
        Confirmation.objects.filter(statement=OuterRef("pk"), status=ConfirmationStatus.FINAL, decision=decision)
    )


def settled_then_lapsed() -> Q:
    """Deemed after a disagreement was settled as a client error or timing difference: the window re-opened and
    lapsed, so the balance is deemed agreed, but the client did answer (不符) this very statement. Needs the
    annotation ``disagreed_before=final_answer(Decision.DISAGREE)``."""
    return Q(status=StatementStatus.DEEMED_CONFIRMED, disagreed_before=True)


def with_answer_flags(statements: QuerySet[BalanceStatement]) -> QuerySet[BalanceStatement]:
    """The annotations ``answer_counts`` reads: the final answer was 调节后相符; a 不符 was answered before."""
    return statements.annotate(
        adjusted=final_answer(Decision.AGREE_ADJUSTED), disagreed_before=final_answer(Decision.DISAGREE)
    )


def answer_counts() -> dict[str, Count]:
    """The answers, counted one way for every rate page and its Excel export (on ``with_answer_flags`` rows):

    agreed           相符 only (the balances matched as they stood)
    agreed_adjusted  调节后相符 (agreed once outstanding items are taken into account), never inside ``agreed``
    disagreed        不符, open or settled (also when the window a settlement re-opened lapsed)
    deemed           视同相符, the window lapsed without an answer

    相符 and 调节后相符 are two of the three outcomes of an answer (DESIGN §5): a page and its file show them as two
    columns side by side, so the same period reads the same figure in both."""
    confirmed = Q(status=StatementStatus.CONFIRMED)
    return {
        "agreed": Count("id", filter=confirmed & Q(adjusted=False)),
        "agreed_adjusted": Count("id", filter=confirmed & Q(adjusted=True)),
        "disagreed": Count(
            "id", filter=Q(status__in=[StatementStatus.DISPUTED, StatementStatus.RESOLVED]) | settled_then_lapsed()
        ),
        "deemed": Count("id", filter=Q(status=StatementStatus.DEEMED_CONFIRMED) & ~settled_then_lapsed()),
    }


def return_rates(*, by_branch: bool = True) -> list[RateRow]:
    """Per period (and branch): answered / dispatched, with deemed apart. Superseded versions are not counted
    (their re-issued version is); a dispute counts as an answer."""
    fields = ["period", "account__branch"] if by_branch else ["period"]
    rows = (
        with_answer_flags(
            BalanceStatement.objects.exclude(dispatched_at__isnull=True).exclude(status=StatementStatus.SUPERSEDED)
        )
        .values(*fields)
        .annotate(
            dispatched=Count("id"),
            **answer_counts(),
            open=Count("id", filter=Q(status__in=[StatementStatus.DISPATCHED, StatementStatus.VIEWED])),
        )
        .order_by(*fields)
    )
    result = [
        RateRow(
            r["period"],
            r.get("account__branch", ""),
            r["dispatched"],
            r["agreed"] + r["agreed_adjusted"],
            r["disagreed"],
            r["deemed"],
            r["open"],
            r["agreed_adjusted"],
        )
        for r in rows
    ]
    # Newest period first, in time order ("2026-Q3" is not after "2026-11" as text sorting has it); branches in
    # name order within a period (the sort is stable).
    return sorted(result, key=lambda r: period_order(r.period), reverse=True)


def disputes_by_age(today: dt.date) -> list[tuple[str, int]]:
    buckets = [("0-2", 0, 2), ("3-5", 3, 5), ("6-10", 6, 10), (">10", 11, 100000)]
    open_disputes = list(Dispute.objects.exclude(status=DisputeStatus.RESOLVED).values_list("opened_at", flat=True))
    result = []
    for label, low, high in buckets:
        result.append(
            (label, sum(1 for opened in open_disputes if low <= (today - timezone.localdate(opened)).days <= high))
        )
    return result


def open_inquiries_overdue(today: dt.date) -> int:
    return NonReceiptInquiry.objects.filter(status=InquiryStatus.OPEN, answer_due__lt=today).count()
