"""A cheque is paid after it is written: the bank's "Check 12883" dated before the books' entry is another cheque."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from reconcile.engine import Line, match
from reconcile.engine.cheque_dates import cheque_before_issue

D = dt.date(2026, 1, 20)


def test_a_cheque_paid_before_the_entry_is_dated_is_not_its_cheque() -> None:
    # Rent of 2,000.00 by cheque every week: the bank paid cheque 12883 on the 20th; the only free entry of that
    # amount was written on the 23rd (its cheque has not been presented yet). Not a pair, however near.
    bank = [
        Line("B0", D, Decimal("431.07"), "out", "12850", "", "Check 12850"),
        Line("B1", D, Decimal("2000.00"), "out", "12883", "", "Check 12883"),
    ]
    journal = [
        Line("J0", D - dt.timedelta(days=2), Decimal("431.07"), "out", "BILLPMT1", "Acme Office Supply", "Vendor Payment"),
        Line("J1", D + dt.timedelta(days=3), Decimal("2000.00"), "out", "BILLPMT2", "Heritage Eng Group", "Vendor Payment"),
    ]  # fmt: skip
    pairs = {(g.bank_ids, g.journal_ids) for g in match(bank, journal, window_days=3).groups}
    assert (("B0",), ("J0",)) in pairs
    assert (("B1",), ("J1",)) not in pairs


def test_a_cheque_paid_after_it_was_written_still_pairs() -> None:
    bank = [Line("B1", D, Decimal("2000.00"), "out", "12883", "", "Check 12883")]
    journal = [
        Line("J1", D - dt.timedelta(days=3), Decimal("2000.00"), "out", "BILLPMT2", "Heritage", "Vendor Payment")
    ]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal, window_days=3).groups] == [(("B1",), ("J1",))]


class _Side:
    def __init__(self, texts: list[str], days: list[int]) -> None:
        self.texts = texts
        self.text_code = np.arange(len(texts), dtype=np.int64)
        self.day = np.array(days, dtype=np.int64)


def test_only_the_banks_paid_cheques_are_read_so() -> None:
    bank = _Side(
        ["Check 12883", "CHECK PAID #1234", "Checking transfer 1234", "CHECKCARD 0112 AMAZON", "Check 77"], [5] * 5
    )
    journal = _Side(["Vendor Payment"], [6])
    b = np.arange(5, dtype=np.int64)
    j = np.zeros(5, dtype=np.int64)
    assert cheque_before_issue(bank, journal, b, j).tolist() == [True, True, False, False, False]
