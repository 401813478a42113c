"""A long run of digits is not by its length a bill's number (``exact.bill_numbers``): a bank's transaction serial is
often 20-odd digits (a date and a sequence, 20261207000000000123), and two banks or two accounts of one bank number
their lines alike. Such a serial seen on a bank line and on an entry booking another company's payment of the same
amount is a coincidence, and the name check stands: only a bill's 30-digit number (ECDS 票据包号) overrides it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from reconcile.engine import Line, match
from reconcile.engine.normalize import RefTable, Side, day_mapper
from reconcile.engine.stages.exact import bill_numbers

DAY = dt.date(2026, 12, 7)


def _case(ref: str) -> tuple[list[Line], list[Line]]:
    bank = [Line("B1", DAY, Decimal("8800.00"), "in", ref, "深圳市星禾电子商务有限公司", "货款")]
    journal = [Line("J1", DAY, Decimal("8800.00"), "in", ref, "宁波长江科技股份有限公司", "收长江科技货款")]
    return bank, journal


def test_a_serial_of_twenty_digits_on_both_sides_keeps_the_name_check() -> None:
    for serial in ("20261207000000000123", "2026120700000000000000123"):
        result = match(*_case(serial))
        assert not [g for g in result.groups if g.rule == "reference"], serial


def test_a_bills_thirty_digits_still_override_the_collectors_name() -> None:
    (group,) = match(*_case("589729341070206623449454448838")).groups
    assert (group.bank_ids, group.journal_ids, group.rule) == (("B1",), ("J1",), "reference")


def test_only_thirty_digits_are_a_bill() -> None:
    refs = ["589729341070206623449454448838", "20261207000000000123", "1" * 29, "1" * 31, "5" * 30 + "X"]
    lines = [Line(f"B{i}", DAY, Decimal("1.00"), "in", r, "", "") for i, r in enumerate(refs)]
    side = Side(lines, "bank", day_mapper(None), RefTable())
    assert bill_numbers(side, np.arange(len(refs))).tolist() == [True, False, False, False, False]
