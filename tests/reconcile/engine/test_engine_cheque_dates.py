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


def test_a_cheque_presented_weeks_after_it_was_written_is_its_entry_when_the_amount_is_the_only_one() -> None:
    bank = [Line("B1", D, Decimal("1587.70"), "out", "15007", "", "Check 15007")]
    journal = [
        Line("J1", D - dt.timedelta(days=15), Decimal("1587.70"), "out", "BILLPMT4033", "Fairway Freight", "Vendor Payment"),
    ]  # fmt: skip
    groups = match(bank, journal, window_days=3).groups
    assert [(g.bank_ids, g.journal_ids) for g in groups] == [(("B1",), ("J1",))]
    assert any("cheque paid after it was written" in r for r in groups[0].reasons)


def test_a_late_cheque_stays_a_suggestion_when_the_amount_repeats_or_the_entry_is_later() -> None:
    cheque = Line("B1", D, Decimal("1587.70"), "out", "15007", "", "Check 15007")
    twice = [
        Line("J1", D - dt.timedelta(days=15), Decimal("1587.70"), "out", "BILLPMT1", "Fairway Freight", "Vendor Payment"),
        Line("J2", D - dt.timedelta(days=9), Decimal("1587.70"), "out", "BILLPMT2", "Keystone Foods", "Vendor Payment"),
    ]  # fmt: skip
    later = [Line("J3", D + dt.timedelta(days=9), Decimal("1587.70"), "out", "BILLPMT3", "Fairway", "Vendor Payment")]
    assert match([cheque], twice, window_days=3).groups == []
    assert match([cheque], later, window_days=3).groups == []
