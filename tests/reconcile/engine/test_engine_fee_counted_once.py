"""A fee line that names the party is a candidate payment and a candidate fee at once (stage 4, ``subset_batches``):
it was once counted twice, its subset adding up to an amount no set of lines makes (10,047.97 + 18,000.00 twice +
19,000.00 against a 65,047.97 debit), and the engine stopped on taking one line into one group twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

PARTY = "上海美嘉诚信息技术股份有限公司"


def test_a_fee_line_is_never_counted_twice() -> None:
    bank = [Line("B1", dt.date(2025, 4, 18), Decimal("65047.97"), "out", "", PARTY, "转账 货款")]
    journal = [
        Line(f"J{k}", dt.date(2025, 4, 21), Decimal(a), "out", ref, "美嘉诚信息", f"付美嘉诚信息服务费 发票号{ref}")
        for k, (a, ref) in enumerate((("10047.97", "73794679"), ("18000.00", "40167040"), ("19000.00", "17898320")))
    ]
    result = match(bank, journal, window_days=3)
    assert result.groups == []  # 47,047.97 is all three lines make
    for g in result.suggestions:
        assert len(set(g.journal_ids)) == len(g.journal_ids)
        assert sum(Decimal(j.amount) for j in journal if j.id in g.journal_ids) == Decimal("65047.97")
