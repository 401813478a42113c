"""Thousands of lines of one amount (a subscription of 100.00 paid by every member): each bank line still gets its
nearest few suggestions, and the work follows the lines, not the square of them (the pairs of a day's entries that
can never be among a bank line's nearest are never formed)."""

from __future__ import annotations

import datetime as dt
import random
import tracemalloc
from decimal import Decimal

from reconcile.engine import Line, match

START = dt.date(2025, 3, 3)


def _line(side: str, k: int, day: int, cp: str = "") -> Line:
    return Line(f"{side}{k:05d}", START + dt.timedelta(days=day), Decimal("100.00"), "in", "", cp, "会费")


def test_a_day_of_many_entries_of_one_amount_offers_the_first_by_id() -> None:
    # One bank line and seven entries of its amount, five on its day and two the day before: the suggestions are the
    # three of its day that come first by id.
    bank = [_line("B", 1, 4)]
    journal = [_line("J", k, 4) for k in (5, 3, 1, 4, 2)] + [_line("J", k, 3) for k in (6, 7)]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    assert sorted(j for s in result.suggestions for j in s.journal_ids) == ["J00001", "J00002", "J00003"]


def test_thousands_of_lines_of_one_amount_need_memory_for_the_lines_only() -> None:
    rng = random.Random(7)
    n = 3_000  # 2.25 million pairs within the window if every pair were formed (about 700 MB of arrays)
    bank = [_line("B", k, rng.randrange(28)) for k in range(n)]
    journal = [_line("J", k, rng.randrange(28)) for k in range(n)]
    tracemalloc.start()
    result = match(bank, journal, window_days=3)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_line: dict[str, int] = {}
    for s in result.suggestions:
        per_line[s.bank_ids[0]] = per_line.get(s.bank_ids[0], 0) + 1
    assert len(per_line) == n and set(per_line.values()) == {3}
    assert peak < 120 * 2**20
