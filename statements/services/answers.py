"""The reconciled answer: outstanding items (未达账项) that explain a difference between the bank and the books.

    statement balance + 企业已收银行未收 − 企业已付银行未付 = book balance + 银行已收企业未收 − 银行已付企业未付

An answer "agreed after adjustment" (调节后相符) must make both sides equal to the cent; a disagreement may list
items too, and what they leave unexplained is what ops investigate. Items on the bank's side must be the bank's own
lines (bank-fed) up to the period end: the bank checks them against its books, and a claimed bank item that is not
there is refused, named. For an account the bank does not feed there is nothing to check them against; they are
kept and shown to ops as not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.numbers import plain_amount
from core.text import refuse_hidden_characters, shown_value
from reconcile.models import BankLine, Direction
from statements.models import BANK_SIDE_KINDS, BalanceStatement, ItemKind

MAX_ITEMS = 1000
CENT = Decimal("0.01")
_SIGN = {
    ItemKind.JOURNAL_IN_NOT_BANK: ("bank", 1),
    ItemKind.JOURNAL_OUT_NOT_BANK: ("bank", -1),
    ItemKind.BANK_IN_NOT_JOURNAL: ("book", 1),
    ItemKind.BANK_OUT_NOT_JOURNAL: ("book", -1),
}


class DoesNotReconcile(ServiceError):
    code = "does_not_reconcile"


@dataclass(frozen=True)
class Item:
    kind: str
    date: dt.date
    amount: Decimal
    summary: str = ""
    reference: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "amount": f"{self.amount:.2f}",
            "summary": self.summary,
            "reference": self.reference,
        }

    def label(self, position: int) -> str:
        return _("item %(n)d (%(kind)s, %(date)s, %(amount)s%(summary)s)") % {
            "n": position,
            # the kind in words, in the reader's language (银行已收企业未收), never its code (bank_in_not_journal)
            "kind": dict(ItemKind.choices).get(self.kind, self.kind),
            "date": self.date,
            "amount": f"{self.amount:,.2f}",
            "summary": f", {self.summary}" if self.summary else "",
        }


def _text(value: Any, limit: int, where: str) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise ServiceError(_("%(where)s contains a NUL character; remove it.") % {"where": where}, code="bad_item")
    # Before folding the spaces: Python's split() takes some controls (U+0085, U+001C-U+001F) for spaces.
    refuse_hidden_characters(text, where=where, code="bad_item")
    return " ".join(text.split())[:limit]


def items_parse(raw: Any) -> list[Item]:
    """The ``outstanding`` list of an answer, checked field by field; each refusal names the item and the field."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise ServiceError(_("outstanding must be a list of items."), code="bad_item")
    if len(raw) > MAX_ITEMS:
        raise ServiceError(
            _("At most %(n)d outstanding items can be given with one answer.") % {"n": MAX_ITEMS}, code="bad_item"
        )
    items = []
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ServiceError(
                _("outstanding item %(n)d must be an object with kind, date and amount.") % {"n": index},
                code="bad_item",
            )
        kind = str(entry.get("kind") or "")
        if not kind:
            raise ServiceError(
                _("outstanding item %(n)d has no kind: choose one of %(kinds)s.")
                % {"n": index, "kinds": _(", ").join(str(label) for label in ItemKind.labels)},
                code="bad_item",
            )
        if kind not in ItemKind.values:
            raise ServiceError(
                _("outstanding item %(n)d: kind must be one of %(kinds)s (got %(v)s).")
                % {"n": index, "kinds": ", ".join(ItemKind.values), "v": kind[:40]},
                code="bad_item",
            )
        if not str(entry.get("date") or "").strip():
            raise ServiceError(
                _("outstanding item %(n)d has no date: give the day it was booked, as YYYY-MM-DD.") % {"n": index},
                code="bad_item",
            )
        try:
            day = dt.date.fromisoformat(str(entry.get("date", "")))
        except ValueError as exc:
            raise ServiceError(
                _("outstanding item %(n)d: date must be YYYY-MM-DD (got %(v)s).")
                % {"n": index, "v": str(entry.get("date", ""))[:40]},
                code="bad_item",
            ) from exc
        if day.year < 1990:
            raise ServiceError(
                _("outstanding item %(n)d: the date %(d)s is not plausible.") % {"n": index, "d": day}, code="bad_item"
            )
        amount = plain_amount(str(entry.get("amount", "")))
        if amount is None:
            raise ServiceError(
                _("outstanding item %(n)d: amount must be a number such as 30000.00 (got %(v)s).")
                % {"n": index, "v": shown_value(entry.get("amount", ""))},
                code="bad_item",
            )
        if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e16") or amount != amount.quantize(CENT):
            raise ServiceError(
                _(
                    "outstanding item %(n)d: amount must be positive with at most 2 decimals (got "
                    "%(v)s); the kind says which way the money went."
                )
                % {"n": index, "v": shown_value(entry.get("amount", ""))},
                code="bad_item",
            )
        items.append(
            Item(
                kind=kind,
                date=day,
                amount=amount.quantize(CENT),
                summary=_text(entry.get("summary"), 200, _("outstanding item %(n)d's summary") % {"n": index}),
                reference=_text(entry.get("reference"), 64, _("outstanding item %(n)d's reference") % {"n": index}),
            )
        )
    return items


def unexplained_difference(*, bank_balance: Decimal, book_balance: Decimal, items: Sequence[Item]) -> Decimal:
    """Adjusted bank balance minus adjusted book balance: 0.00 when the items explain the difference."""
    adjusted = {"bank": bank_balance, "book": book_balance}
    for item in items:
        side, sign = _SIGN[ItemKind(item.kind)]
        adjusted[side] += sign * item.amount
    return (adjusted["bank"] - adjusted["book"]).quantize(CENT)


def check_dates(statement: BalanceStatement, items: Sequence[Item]) -> None:
    for position, item in enumerate(items, start=1):
        if item.date > statement.period_end:
            raise ServiceError(
                _(
                    "%(item)s is dated after the statement's period end %(end)s: an item outstanding at "
                    "the period end happened on or before it."
                )
                % {"item": item.label(position), "end": statement.period_end},
                code="bad_item",
            )


def bank_lines_for(statement: BalanceStatement, items: Sequence[Item]) -> list[BankLine | None]:
    """The bank's own line each bank-side item is (None for the company's side, and for every item of an account
    the bank does not feed). A bank-side item that is not a bank-fed line up to the period end is refused, named;
    two items cannot both be one line."""
    found: list[BankLine | None] = [None] * len(items)
    bank_side = [(i, item) for i, item in enumerate(items) if item.kind in BANK_SIDE_KINDS]
    if not bank_side:
        return found
    fed = BankLine.objects.fed().filter(account_id=statement.account_id, booking_date__lte=statement.period_end)
    if not fed.exists():
        return found
    used: set[int] = set()
    for index, item in bank_side:
        direction = Direction.IN if item.kind == ItemKind.BANK_IN_NOT_JOURNAL else Direction.OUT
        candidates = [
            line
            for line in fed.filter(booking_date=item.date, amount=item.amount, direction=direction).order_by("id")
            if line.pk not in used
        ]
        if item.reference:
            by_reference = [line for line in candidates if item.reference in (line.serial, line.voucher_no)]
            candidates = by_reference or candidates
        if not candidates:
            raise ServiceError(
                _(
                    "%(item)s is not a line of the bank's statement detail up to %(end)s: the bank has "
                    "no %(direction)s of %(amount)s on %(date)s on this account. Check the date and "
                    "amount against the statement's detail, or list it as a difference in a "
                    "disagreement."
                )
                % {
                    "item": item.label(index + 1),
                    "end": statement.period_end,
                    "amount": f"{item.amount:,.2f}",
                    "date": item.date,
                    "direction": _("receipt") if direction == Direction.IN else _("payment"),
                },
                code="not_in_detail",
            )
        used.add(candidates[0].pk)
        found[index] = candidates[0]
    return found
