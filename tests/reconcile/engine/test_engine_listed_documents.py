"""One line that lists several document numbers (跨行转账 发票号17883954/40218901, "INV 1043, 1044"), each the number of
exactly one line of the other side: those lines are its batch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match

DAY = dt.date(2025, 9, 1)


def _journal(numbers: list[str], amounts: list[str]) -> list[Line]:
    return [
        Line(f"J{k}", DAY, Decimal(a), "in", f"记-0{53 + 70 * k}", "", f"收货款 发票号{n}")
        for k, (n, a) in enumerate(zip(numbers, amounts))
    ]


@pytest.mark.parametrize("listed", ["发票号17883954/40218901", "发票号17883954、40218901", "INV 17883954, 40218901"])
def test_a_transfer_listing_two_invoices_is_their_batch(listed: str) -> None:
    bank = [Line("B1", DAY, Decimal("43993.41"), "in", "", "长江贸易(广州)有限公司", f"跨行转账 {listed}")]
    (group,) = match(bank, _journal(["17883954", "40218901"], ["23730.00", "20263.41"])).groups
    assert group.journal_ids == ("J0", "J1")
    assert any("17883954/40218901" in r for r in group.reasons)


def test_the_amounts_must_add_up() -> None:
    bank = [Line("B1", DAY, Decimal("43993.40"), "in", "", "", "跨行转账 发票号17883954/40218901")]
    assert match(bank, _journal(["17883954", "40218901"], ["23730.00", "20263.41"])).groups == []


def test_a_number_two_entries_carry_decides_nothing() -> None:
    bank = [Line("B1", DAY, Decimal("43993.41"), "in", "", "", "跨行转账 发票号17883954/40218901")]
    journal = [
        *_journal(["17883954", "40218901"], ["23730.00", "20263.41"]),
        Line("J9", DAY, Decimal("20263.41"), "in", "记-0999", "", "收货款 发票号40218901 重复"),
    ]
    assert all(len(g.journal_ids) < 2 for g in match(bank, journal).groups)


def test_the_listed_numbers_are_named_in_the_same_order_for_any_input_order() -> None:
    # The label followed the order the numbers were first read, i.e. the input's: 40218901/17883954 in one order.
    journal = [Line("J1", DAY, Decimal("300.00"), "out", "", "", "付款 发票号40218901/17883954")]
    bank = [
        Line("B1", DAY, Decimal("100.00"), "out", "", "", "转账 发票17883954"),
        Line("B2", DAY, Decimal("200.00"), "out", "", "", "转账 发票40218901"),
    ]
    for lines in (bank, bank[::-1]):
        (group,) = match(lines, journal).groups
        assert "相同单据号 same document number in the texts 17883954/40218901" in group.reasons
