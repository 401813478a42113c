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
