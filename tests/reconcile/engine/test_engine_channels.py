"""Two lines that name different ways of paying are different payments (``channels.py``): a receipt the books record
as a cheque is not a customer's FPS credit of the same amount, and a day's FPS takings total is not a receipt credited
after that day, nor a wire."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

DAY = dt.date(2026, 1, 6)


def _entry(text: str, day: dt.date = DAY, cp: str = "台湾大昌建筑股份有限公司") -> list[Line]:
    return [Line("J1", day, Decimal("1700.00"), "in", "JV2601-00302", cp, text)]


def _credit(text: str, cp: str = "LI SHU YI", day: dt.date = DAY) -> list[Line]:
    return [Line("B1", day, Decimal("1700.00"), "in", "FRN2026010661721246", cp, text)]


def test_a_cheque_receipt_is_not_an_fps_credit() -> None:
    assert match(_credit("轉數快 入賬"), _entry("收货款 支票 INV-2026-00280")).groups == []


def test_the_same_receipt_without_the_cheque_word_still_matches() -> None:
    (group,) = match(_credit("轉數快 入賬"), _entry("收货款 INV-2026-00280")).groups
    assert group.bank_ids == ("B1",)


def test_a_cheque_payment_is_not_an_fps_debit() -> None:
    bank = [
        Line("B1", DAY, Decimal("500.00"), "out", "FRN2026082675701950", "PO WAH INDUSTRIAL LIMITED", "轉數快 支賬")
    ]
    journal = [Line("J1", DAY, Decimal("500.00"), "out", "JV2608-10889", "", "付加工费 CHQ 002962 INV-2026-09881")]
    assert match(bank, journal).groups == []


def test_a_days_takings_total_is_not_a_receipt_credited_after_that_day() -> None:
    total = _entry("门市转数快收款汇总 01/06", cp="")
    assert match(_credit("轉數快 入賬", day=DAY + dt.timedelta(days=3)), total).groups == []
    (group,) = match(_credit("轉數快 入賬"), total).groups  # the day's only receipt is its total
    assert group.journal_ids == ("J1",)


def test_a_days_fps_takings_total_is_not_a_wire() -> None:
    assert (
        match(
            _credit("TT IN 香港興隆建築有限公司", cp="香港興隆建築有限公司"), _entry("门市转数快收款汇总 01/06", cp="")
        ).groups
        == []
    )


def test_two_cheques_of_different_numbers_are_two_cheques() -> None:
    bank = [Line("B1", DAY, Decimal("600.00"), "out", "003013", "", "支票 003013 CLEARING")]
    journal = [Line("J1", DAY, Decimal("600.00"), "out", "JV2609-11694", "", "付运费 CHQ 003070 INV-2026-10644")]
    assert match(bank, journal).groups == []
    journal = [Line("J1", DAY, Decimal("600.00"), "out", "JV2609-11694", "", "付运费 CHQ 003013 INV-2026-10644")]
    (group,) = match(bank, journal).groups
    assert group.journal_ids == ("J1",)
