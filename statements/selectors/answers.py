"""Reads of a statement's detail (明细) and of its answer, shared by the pages, the API and the renderers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.prepared import PreparedQuery
from reconcile.models import BankLine, Direction
from reconcile.people import person_name
from statements.models import (
    AnswerDraft,
    AnswerItem,
    BalanceStatement,
    Confirmation,
    ConfirmationStatus,
    Decision,
    StatementStatus,
)
from statements.periods import parse_period

if TYPE_CHECKING:
    from statements.selectors.page import PageStatement


def statement_period_start(statement: BalanceStatement | PageStatement) -> dt.date:
    """The first day a statement covers (a month, or a quarter's three months)."""
    label = statement.period
    if "Q" in label:
        year, quarter = int(label[:4]), int(label[-1])
        return dt.date(year, 3 * quarter - 2, 1)
    return parse_period(label).start_for("monthly")


def fed_lines_in(
    account_id: int, start: dt.date, end: dt.date, *, as_at: dt.datetime | None = None
) -> QuerySet[BankLine]:
    """The bank's own lines of an account between two days, as they stood at ``as_at`` (a published statement's
    detail is what the bank had fed when it was published: lines fed or withdrawn later do not change it)."""
    lines = BankLine.objects.filter(
        account_id=account_id, bank_fed=True, booking_date__gte=start, booking_date__lte=end
    )
    if as_at is None:
        return lines.live()
    return lines.live_at(as_at).filter(source_import__finished_at__lte=as_at)


@dataclass(frozen=True)
class Detail:
    statement: BalanceStatement | PageStatement
    start: dt.date
    opening: Decimal
    closing: Decimal
    lines: QuerySet[BankLine]


def statement_detail(statement: BalanceStatement | PageStatement) -> Detail | None:
    """The detail a statement was published with, or None for a bare balance (an account the bank does not feed)."""
    if statement.detail_lines is None or statement.opening_balance is None:
        return None
    start = statement_period_start(statement)
    lines = fed_lines_in(statement.account_id, start, statement.period_end, as_at=statement.published_at)
    return Detail(
        statement=statement,
        start=start,
        opening=statement.opening_balance,
        closing=statement.balance,
        lines=lines.order_by("booking_date", "id"),
    )


def bank_feed_start(account_id: int) -> dt.date | None:
    """The first day of the bank's own lines of an account, or None when the bank has never fed it: a statement
    without detail of an account fed only from a later period has no detail for its period, the account is fed."""
    return BankLine.objects.fed().filter(account_id=account_id).aggregate(first=Min("booking_date"))["first"]


class AnswerItemRow(NamedTuple):
    kind: str
    date: dt.date
    amount: Decimal
    summary: str
    reference: str
    bank_line_id: int | None


OUTCOMES = {
    Decision.AGREE: "agreed",
    Decision.AGREE_ADJUSTED: "agreed_after_adjustment",
    Decision.DISAGREE: "disagreed",
}


# Compiled once per process (core.prepared): the statement API's every response shows the standing answer. Its
# items are read for that one answer only, the columns the API shows (the earlier prefetch read the items of every
# standing answer and then their bank lines, which the API never shows).
_STANDING: PreparedQuery[Confirmation] = PreparedQuery(
    lambda statement_id: (
        Confirmation.objects.filter(statement_id=statement_id)
        .filter(status__in=(ConfirmationStatus.FINAL, ConfirmationStatus.AWAITING_APPROVAL))
        .order_by("-submitted_at", "-id")
    ),
    statement_id=int,
)
_ITEMS: PreparedQuery[tuple] = PreparedQuery(
    lambda confirmation_id: (
        AnswerItem.objects.filter(confirmation_id=confirmation_id)
        .order_by("position", "pk")
        .values_list("kind", "date", "amount", "summary", "reference", "bank_line_id")
    ),
    confirmation_id=int,
)


def statement_answer(statement: BalanceStatement) -> Confirmation | None:
    """The answer that stands: the newest final one, else the newest awaiting approval."""
    answers = _STANDING.fetch(statement_id=statement.pk)
    final = [a for a in answers if a.status == ConfirmationStatus.FINAL]
    return final[0] if final else next(iter(answers), None)


def statement_status_label(statement: BalanceStatement) -> str:
    """The status in words; a statement confirmed by 调节后相符 says so (its status, ``confirmed``, reads "agreed"),
    as its page and the statements list do."""
    if statement.status == StatementStatus.CONFIRMED:
        answer = statement_answer(statement)
        if answer is not None and answer.status == ConfirmationStatus.FINAL:
            if answer.decision == Decision.AGREE_ADJUSTED:
                return _("Confirmed (agreed after adjustment)")
    return str(StatementStatus(statement.status).label)


def answer_facts(statement: BalanceStatement) -> dict | None:
    """The answer as the API shows it (``outcome`` agreed / agreed_after_adjustment / disagreed / deemed)."""
    answer = statement_answer(statement)
    if answer is None:
        if statement.status == StatementStatus.DEEMED_CONFIRMED:
            return {
                "outcome": "deemed",
                "book_balance": None,
                "outstanding": [],
                "unexplained_difference": None,
                "answered_at": None,
                "final": True,
                "group_answer": None,
            }
        return None
    return {
        "outcome": OUTCOMES[Decision(answer.decision)],
        "book_balance": None if answer.book_balance is None else f"{answer.book_balance:.2f}",
        "outstanding": [
            {
                "kind": item.kind,
                "date": item.date.isoformat(),
                "amount": f"{item.amount:.2f}",
                "summary": item.summary,
                "reference": item.reference,
                "bank_line_id": item.bank_line_id,
            }
            for item in (AnswerItemRow(*row) for row in _ITEMS.fetch(confirmation_id=answer.pk))
        ],
        "unexplained_difference": (
            None if answer.unexplained_difference is None else f"{answer.unexplained_difference:.2f}"
        ),
        "answered_at": timezone.localtime(answer.approved_at or answer.submitted_at).isoformat(),
        "final": answer.status == ConfirmationStatus.FINAL,
        "group_answer": group_answer_facts(answer.pk) if answer.group_grant_id else None,
    }


def group_answer_facts(confirmation_id: int) -> dict:
    """A group user's answer for a subsidiary (集团), as the API states it: who answered, of which company, for which
    company, under which written authorisation (read only for such an answer)."""
    answer = Confirmation.objects.select_related("submitted_by__customer", "group_grant__subsidiary").get(
        pk=confirmation_id
    )
    grant, parent = answer.group_grant, answer.submitted_by.customer
    assert grant is not None
    return {
        "answered_by": person_name(answer.submitted_by),
        "company": parent.legal_name if parent else "",
        "for_company": grant.subsidiary.legal_name,
        "authorisation": grant.authorisation,
        "granted_at": timezone.localtime(grant.granted_at).isoformat(),
    }


def statement_to_answer(user, account_id: int, period_end: dt.date, today: dt.date) -> BalanceStatement | None:
    """The published statement of an account at a period end that the user's company may still answer (open, not
    past its due date, no answer waiting for approval): what the workbench's "answer with this table" prepares."""
    from statements.selectors import statements_for

    return (
        statements_for(user)
        .open_for_answer()
        .filter(account_id=account_id, period_end=period_end, due_date__gte=today)
        .exclude(confirmations__status=ConfirmationStatus.AWAITING_APPROVAL)
        .order_by("-version")
        .first()
    )


def answer_draft_latest(statement: BalanceStatement | PageStatement) -> AnswerDraft | None:
    return (
        AnswerDraft.objects.filter(statement_id=statement.pk)
        .select_related("prepared_by")
        .order_by("-prepared_at", "-id")
        .first()
    )


def next_period_end(statement: BalanceStatement) -> dt.date:
    """The end of the period after a statement's (a month, or a quarter's three months): by then an item outstanding
    at the statement's period end has normally reached the other side's books."""
    months = 3 if "Q" in statement.period else 1
    first = statement.period_end + dt.timedelta(days=1)
    year, month = divmod(first.month - 1 + months, 12)
    return dt.date(first.year + year, month + 1, 1) - dt.timedelta(days=1)


def items_for_review(confirmation: Confirmation, today: dt.date) -> list:
    """An answer's items as ops review them: whether a bank-side item is among the bank's own lines, its age, and
    whether it is older than the statement's period (a 未达账 outstanding for more than one period is a finding).
    Once the next period has ended, an item of the company's side (``journal_*``) of an account the bank feeds that
    no bank-fed line of that period answers (same amount and direction) is flagged ``not_arrived`` (with
    ``next_end``): a 未达账 that never arrives is a finding too."""
    from statements.models import BANK_SIDE_KINDS, ItemKind

    statement = confirmation.statement
    start = statement_period_start(statement)
    next_end = next_period_end(statement)
    items = list(confirmation.items.all())
    arrived: list[BankLine] = []
    if today > next_end and statement.detail_lines is not None:
        arrived = list(
            fed_lines_in(statement.account_id, statement.period_end + dt.timedelta(days=1), next_end).order_by("id")
        )
    for item in items:
        item.bank_side = item.kind in BANK_SIDE_KINDS
        item.age_days = (today - item.date).days
        item.stale = item.date < start
        item.next_end = next_end
        item.not_arrived = False
        if item.bank_side or not (today > next_end and statement.detail_lines is not None):
            continue
        direction = Direction.IN if item.kind == ItemKind.JOURNAL_IN_NOT_BANK else Direction.OUT
        line = next((x for x in arrived if x.amount == item.amount and x.direction == direction), None)
        if line is None:
            item.not_arrived = True
        else:
            arrived.remove(line)  # one bank line answers one item
    return items
