"""Two equally good candidates: ask the accountant. Same-day twins that nothing tells apart (the same party, amount,
day and summary on both sides) are never paired by the engine's own choice; they stay suggestions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

D = dt.date(2025, 7, 4)
PARTY = "深圳市万隆科技股份有限公司"


def test_same_day_twins_of_one_party_are_left_to_a_person() -> None:
    bank = [Line(f"B{k}", D, Decimal("16000.00"), "in", "", PARTY, "网银转账") for k in (1, 2)]
    journal = [Line(f"J{k}", D, Decimal("16000.00"), "in", f"记-{k}", PARTY, "收万隆科技货款") for k in (1, 2)]
    result = match(bank, journal)
    assert result.groups == []
    assert result.suggestions


def test_same_day_twins_without_names_are_left_to_a_person() -> None:
    bank = [Line(f"B{k}", D, Decimal("9000.00"), "out", "", "", "转账") for k in (1, 2)]
    journal = [Line(f"J{k}", D, Decimal("9000.00"), "out", f"记-{k}", "", "付货款") for k in (1, 2)]
    assert match(bank, journal).groups == []


def test_one_candidate_a_day_nearer_than_the_other_is_no_tie() -> None:
    # Bank 07-04 and 07-07, books 07-04 and 07-07: the pairing of the nearest dates is the only one that near.
    bank = [
        Line("B1", D, Decimal("9000.00"), "out", "", "", "转账"),
        Line("B2", D + dt.timedelta(days=3), Decimal("9000.00"), "out", "", "", "转账"),
    ]
    journal = [
        Line("J1", D, Decimal("9000.00"), "out", "记-1", "", "付货款"),
        Line("J2", D + dt.timedelta(days=3), Decimal("9000.00"), "out", "记-2", "", "付货款"),
    ]
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups}
    assert pairs <= {(("B1",), ("J1",)), (("B2",), ("J2",))}
