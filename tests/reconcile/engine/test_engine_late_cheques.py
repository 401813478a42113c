"""A cheque presented days after the entry that paid it (``channels.late_cheques`` in stage 3b): outside the window,
no party at the bank, the only line of its amount over the reference span on both sides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

WRITTEN = dt.date(2026, 1, 5)
CLEARED = dt.date(2026, 1, 14)


def _cleared(amount: str = "4391.08", day: dt.date = CLEARED) -> list[Line]:
    return [Line("B1", day, Decimal(amount), "out", "001692", "", "支票 001692 CLEARING")]


def _paid(text: str = "付运费 INV-2026-00120", ref: str = "JV2601-00133", day: dt.date = WRITTEN) -> list[Line]:
    return [Line("J1", day, Decimal("4391.08"), "out", ref, "兴隆建筑", text)]


def test_a_cheque_cleared_nine_days_after_the_payment_matches() -> None:
    (group,) = match(_cleared(), _paid()).groups
    assert (group.bank_ids, group.journal_ids) == (("B1",), ("J1",))
    assert any("a cheque paid after it was written" in r for r in group.reasons)


def test_a_second_line_of_the_amount_leaves_it_open() -> None:
    bank = [*_cleared(), Line("B2", CLEARED + dt.timedelta(days=12), Decimal("4391.08"), "out", "", "", "CHQ 001700")]
    assert match(bank, _paid()).groups == []


def test_a_payment_the_books_made_by_fps_is_not_the_cheque() -> None:
    assert match(_cleared(), _paid(text="付运费 转数快 INV-2026-00120")).groups == []


def test_an_entry_with_another_cheque_number_is_not_the_cheque() -> None:
    assert match(_cleared(), _paid(text="付运费 支票 001655")).groups == []


def test_a_cheque_is_not_presented_before_it_was_written() -> None:
    assert match(_cleared(day=WRITTEN), _paid(day=CLEARED)).groups == []
