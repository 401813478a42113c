"""The bank's charges of one amount on one day against the books' fee entries of that amount that day
(``stages/fee_days.py``): as many on each side, they are booked; one more at the bank, the day cannot say which."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

DAY = dt.date(2026, 1, 6)


def _charges(days: list[dt.date]) -> list[Line]:
    return [Line(f"B{k}", d, Decimal("210.00"), "out", "", "", "匯款手續費") for k, d in enumerate(days)]


def _fees(days: list[dt.date]) -> list[Line]:
    return [
        Line(f"J{k}", d, Decimal("210.00"), "out", f"JV2601-0006{k}", "", "银行手续费 电汇") for k, d in enumerate(days)
    ]


def _history(lag: int = 0) -> tuple[list[Line], list[Line]]:
    """Thirty earlier charges of other amounts, each entered ``lag`` days after the bank took it: how these books
    date the bank's charges."""
    start = DAY - dt.timedelta(days=120)
    bank, journal = [], []
    for k in range(30):
        day, amount = start + dt.timedelta(days=3 * k), Decimal(f"{300 + k}.00")
        bank.append(Line(f"H{k:02d}", day, amount, "out", "", "", "匯款手續費"))
        journal.append(
            Line(f"G{k:02d}", day + dt.timedelta(days=lag), amount, "out", f"JV-H{k}", "", "银行手续费 电汇")
        )
    return bank, journal


def _pairs(bank: list[Line], journal: list[Line], lag: int = 0) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    hb, hj = _history(lag)
    groups = match([*hb, *bank], [*hj, *journal]).groups
    return {(g.bank_ids, g.journal_ids) for g in groups if not g.bank_ids[0].startswith("H")}


def test_the_days_charges_pair_with_the_days_fee_entries() -> None:
    # The day before and after have a charge of the same tariff too: the window alone sees three look-alikes.
    before, after = DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)
    bank = _charges([before, DAY, DAY, after])
    journal = _fees([DAY, DAY])
    assert _pairs(bank, journal) == {(("B1",), ("J0",)), (("B2",), ("J1",))}


def test_one_charge_more_at_the_bank_leaves_the_day_undecided() -> None:
    assert _pairs(_charges([DAY, DAY]), _fees([DAY])) == set()


def test_a_charge_of_another_day_is_not_paired_by_the_day() -> None:
    before, after = DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)
    assert _pairs(_charges([before, after]), _fees([DAY])) == set()


def test_charges_the_books_quote_by_serial_are_not_interchangeable() -> None:
    # The books quote the bank's serial (流水号) of each charge: the day's count says nothing about which is which.
    bank = [Line(f"B{k}", DAY, Decimal("25.00"), "out", f"20260106879210264{k}", "", "手续费") for k in range(2)]
    journal = [
        Line(f"J{k}", DAY, Decimal("25.00"), "out", f"记-017{k}", "", f"银行手续费 流水号2026010692996286{k}")
        for k in range(2)
    ]
    assert _pairs(bank, journal) == set()


def test_books_that_enter_charges_days_late_are_not_paired_by_the_day() -> None:
    before, after = DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)
    assert _pairs(_charges([before, DAY, DAY, after]), _fees([DAY, DAY]), lag=5) == set()


def test_the_days_charges_pair_in_the_order_the_ids_count() -> None:
    # reconcile_files numbers lines by row (b9, b10) and the portal by key: b9 is the earlier line though "b10" sorts
    # first as text. The day's charges pair in the files' order.
    bank = [Line(f"b{k}", DAY, Decimal("210.00"), "out", "", "", "匯款手續費") for k in (9, 10)]
    journal = [Line(f"j{k}", DAY, Decimal("210.00"), "out", "", "", "银行手续费 电汇") for k in (7, 8)]
    assert _pairs(bank, journal) == {(("b9",), ("j7",)), (("b10",), ("j8",))}


def test_ids_with_digits_that_are_not_decimal_pair_without_a_crash() -> None:
    # An id is the caller's string: a superscript ² is a digit to str.isdigit() but no number int() reads (ValueError
    # from match() for the whole run).
    bank = [Line(f"b1{s}", DAY, Decimal("210.00"), "out", "", "", "匯款手續費") for s in ("²", "³")]
    journal = [Line(f"j{k}", DAY, Decimal("210.00"), "out", "", "", "银行手续费 电汇") for k in (7, 8)]
    assert _pairs(bank, journal) == {(("b1²",), ("j7",)), (("b1³",), ("j8",))}
