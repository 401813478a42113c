"""A bill's number on both sides (``exact.bill_numbers``): a bank acceptance bill collected at maturity (到期托收) shows
the collecting party, not the customer who endorsed the bill to us, so the books' customer and the bank's name differ;
the bill's 30 digits still identify the one bill. Short numbers (a cheque's, which a payer may reuse) keep the name
check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from reconcile.engine import Line, match
from reconcile.engine.normalize import RefTable, Side, day_mapper
from reconcile.engine.stages.exact import bill_numbers

DAY = dt.date(2025, 9, 15)
BILL = "589729341070206623449454448838"


def _bank(ref: str) -> Line:
    return Line("B1", DAY, Decimal("150000.00"), "in", ref, "深圳市星禾电子商务有限公司", "到期托收")


def _journal(ref: str) -> list[Line]:
    return [
        Line("J1", DAY, Decimal("150000.00"), "in", ref, "泰和贸易", "收到期银承款(泰和贸易)"),
        Line("J2", DAY, Decimal("150000.00"), "in", "记-0412", "宁波长江科技股份有限公司", "长江科技回款"),
    ]


def test_a_bill_number_on_both_sides_pairs_whatever_the_collectors_name() -> None:
    (group,) = match([_bank(BILL)], _journal(BILL)).groups
    assert (group.bank_ids, group.journal_ids, group.rule) == (("B1",), ("J1",), "reference")
    assert f"相同参考号 same reference {BILL}" in group.reasons


def test_a_short_number_keeps_the_name_check() -> None:
    result = match([_bank("15423")], _journal("15423"))
    assert not [g for g in result.groups if g.rule == "reference"]


def test_only_a_bills_thirty_digits_are_a_bill() -> None:
    refs = [BILL, "15423", "E2E" + BILL, "", "12345678901234567890"]
    lines = [Line(f"B{i}", DAY, Decimal("1.00"), "in", r, "", "") for i, r in enumerate(refs)]
    side = Side(lines, "bank", day_mapper(None), RefTable())
    assert bill_numbers(side, np.arange(len(refs))).tolist() == [True, False, False, False, False]


def test_a_bills_pair_whose_names_differ_says_so_and_why() -> None:
    (group,) = match([_bank(BILL)], _journal(BILL)).groups
    differ = [r for r in group.reasons if r.startswith("户名不同")]
    assert differ == [
        "户名不同 names differ “深圳市星禾电子商务有限公司” / “泰和贸易”, 票据包号相同: 托收或持票方常非付款人 the same "
        "bill's number: a bill's collector or holder is often not the payer"
    ]


def test_a_bills_pair_whose_names_agree_says_nothing_of_names() -> None:
    bank = Line("B1", DAY, Decimal("150000.00"), "in", BILL, "泰和贸易有限公司", "到期托收")
    (group,) = match([bank], _journal(BILL)).groups
    assert not [r for r in group.reasons if r.startswith("户名不同")]
    assert len(group.reasons) == 2
