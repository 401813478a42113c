"""A shop's daily takings of one channel booked as one total (``stages/channel_totals.py``): 门市转数快收款汇总 01/06
against the day's (and the weekend's) FPS receipts, each from its payer, when exactly one subset adds up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

MONDAY = dt.date(2026, 1, 5)


def _receipts(amounts: list[str], text: str = "轉數快 入賬") -> list[Line]:
    payers = ["CHEUNG SHUK YEE", "WONG KA HO", "李淑儀", "LAM KA HO", "陳子健"]
    days = [MONDAY, MONDAY - dt.timedelta(days=1), MONDAY - dt.timedelta(days=2), MONDAY, MONDAY]
    return [
        Line(f"B{k}", days[k], Decimal(a), "in", f"FRN2026010{k}77286452", payers[k], text)
        for k, a in enumerate(amounts)
    ]


def _total(amount: str, text: str = "门市转数快收款汇总 01/05") -> list[Line]:
    return [Line("J1", MONDAY, Decimal(amount), "in", "JV2601-00094", "", text)]


def test_a_daily_total_takes_the_receipts_that_add_up_to_it() -> None:
    bank = _receipts(["705.35", "300.00", "512.40", "86.10"])
    (group,) = match(bank, _total("1517.75")).groups
    assert group.bank_ids == ("B0", "B1", "B2")
    assert any("channel's receipts of the day" in r for r in group.reasons)


def test_two_subsets_with_the_total_are_no_match() -> None:
    bank = _receipts(["700.00", "300.00", "500.00", "500.00"])
    assert match(bank, _total("1500.00")).groups == []


def test_a_total_of_another_channel_is_no_match() -> None:
    bank = _receipts(["705.35", "300.00", "512.40"])
    assert match(bank, _total("1517.75", "门市微信收款汇总 01/05")).groups == []


def test_receipts_after_the_day_named_are_not_its_takings() -> None:
    bank = _receipts(["705.35", "300.00", "512.40"])
    assert match(bank, _total("1517.75", "门市转数快收款汇总 01/02")).groups == []


def test_an_entry_that_is_not_a_total_is_no_match() -> None:
    bank = _receipts(["705.35", "300.00", "512.40"])
    assert match(bank, _total("1517.75", "门市转数快收款 01/05")).groups == []


def test_a_hong_kong_bookkeepers_day_first_stamp_names_the_day() -> None:
    # 05/01 is 5 January written day first (Hong Kong); read month first it would be 1 May, far from the booking.
    bank = _receipts(["705.35", "300.00", "512.40", "86.10"])
    (group,) = match(bank, _total("1517.75", "门市转数快收款汇总 05/01")).groups
    assert group.bank_ids == ("B0", "B1", "B2")
