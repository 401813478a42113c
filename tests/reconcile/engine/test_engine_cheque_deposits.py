"""A deposit of cheques against the cheque receipts the books entered in the days before it
(``stages/cheque_deposits.py``): one CHEQUE DEPOSIT naming nobody, one 收货款 支票 per customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

RECEIVED = dt.date(2026, 1, 5)
PAYERS = ["澳门金龙物流有限公司", "香港富华贸易有限公司", "伟业食品", "兴隆制衣"]


def _receipts(amounts: list[str], text: str = "收货款 支票") -> list[Line]:
    return [
        Line(f"J{k}", RECEIVED, Decimal(a), "in", f"JV2601-0016{k}", PAYERS[k], f"{text} INV-2026-0014{k}")
        for k, a in enumerate(amounts)
    ]


def _deposit(amount: str, text: str = "CHEQUE DEPOSIT", day: dt.date = RECEIVED + dt.timedelta(days=1)) -> list[Line]:
    return [Line("B1", day, Decimal(amount), "in", "DEP7640411", "", text)]


def test_a_deposit_takes_the_cheque_receipts_that_add_up_to_it() -> None:
    (group,) = match(_deposit("86401.16"), _receipts(["52255.63", "1400.00", "32745.53", "28569.53"])).groups
    assert group.journal_ids == ("J0", "J1", "J2")
    assert any("a deposit of cheques" in r for r in group.reasons)


def test_receipts_not_by_cheque_are_not_in_a_deposit() -> None:
    assert match(_deposit("86401.16"), _receipts(["52255.63", "1400.00", "32745.53"], "收货款")).groups == []


def test_two_subsets_with_the_sum_are_no_match() -> None:
    assert match(_deposit("3000.00"), _receipts(["1000.00", "2000.00", "1500.00", "1500.00"])).groups == []


def test_a_deposit_before_the_cheques_were_received_is_not_theirs() -> None:
    early = _deposit("86401.16", day=RECEIVED - dt.timedelta(days=1))
    assert match(early, _receipts(["52255.63", "1400.00", "32745.53"])).groups == []
