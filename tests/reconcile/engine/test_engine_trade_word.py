"""In a cluster too big to score whole, two names are joined only on what is left of them without their trade
(…贸易, …科技): companies that share nothing but their trade are different companies, and a cluster of hundreds of
…贸易 payers must not join every pair of them."""

from __future__ import annotations

import tracemalloc

from bench.engine.crowded import lines
from reconcile.engine import match
from reconcile.engine.stages.candidates import join_grams


def test_the_join_keys_leave_out_the_trade_word() -> None:
    assert join_grams("恒瑞贸易") == frozenset({"恒瑞"})
    assert "科技" not in join_grams("宏达电子科技")
    assert join_grams("贸易") == frozenset({"贸易"})  # nothing left without it: the whole core
    assert join_grams("ACME TRADING") == frozenset({"ACM", "TRA"})  # Latin cores: word heads, as before


def test_hundreds_of_payers_of_one_trade_and_amount_need_memory_for_the_lines_only() -> None:
    bank, journal = lines("one_amount_named", 3_000)  # 20,000.00 deposits from …贸易 companies, three each
    tracemalloc.start()
    result = match(bank, journal, window_days=3)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(result.groups) > 500  # the brands still pair their own payments
    assert peak < 120 * 2**20
