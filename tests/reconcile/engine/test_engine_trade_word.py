"""In a cluster too big to score whole, two names are joined only on what is left of them without their trade
(…贸易, …科技): companies that share nothing but their trade are different companies, and a cluster of hundreds of
…贸易 payers must not join every pair of them."""

from __future__ import annotations

import datetime as dt
import random
import tracemalloc
from decimal import Decimal

from bench.engine.crowded import lines
from reconcile.engine import Line, match
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


def _parts_deposits(firms: int = 80) -> tuple[list[Line], list[Line], dict[str, str]]:
    """Tender deposits of 20,000.00 from firms of one parts trade, a few a day: the bank writes each payer's full
    name cut at its field width, the books the short name, one to three working days later."""
    rng = random.Random(7)
    chars = "锐丰博航铭旋华工精中瑞凯源昌远恒通永达嘉兴康联晟宇德润泰安信利鑫盛"
    brands = sorted({"".join(rng.sample(chars, 3)) for _ in range(firms * 2)})[:firms]
    cities = ["天津市", "佛山", "芜湖", "宁波", "无锡", "常州"]
    start = dt.date(2025, 9, 1)
    bank, books, truth = [], [], {}
    for k, brand in enumerate(brands):
        paid = start + dt.timedelta(days=rng.randrange(12))
        booked = paid + dt.timedelta(days=rng.randrange(3))
        full = f"{rng.choice(cities)}{brand}汽车零部件有限公司"
        bank.append(Line(f"B{k:03d}", paid, Decimal("20000.00"), "in", "", full[:12], "跨行来账"))
        books.append(Line(f"J{k:03d}", booked, Decimal("20000.00"), "in", "", "", f"收{brand}汽车投标保证金"))
        truth[f"B{k:03d}"] = f"J{k:03d}"
    return bank, books, truth


def test_deposits_of_one_parts_trade_pair_by_brand_not_by_trade() -> None:
    """锐丰博汽车零部 paid on the 16th, booked on the 18th, when 航铭旋汽车零部件 paid: the trade word they share makes
    them no likelier the same company; every deposit goes to its own firm's entry."""
    bank, books, truth = _parts_deposits()
    result = match(bank, books, calendar=None)
    pairs = {g.bank_ids[0]: g.journal_ids[0] for g in result.groups}
    assert all(truth[b] == j for b, j in pairs.items())  # no wrong pair
    assert len(pairs) >= 0.95 * len(truth)
