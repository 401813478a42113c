"""A card processor's payout (Stripe, Shopify) sums the sales it settles; the books file most sales under the
processor and some under the customer who bought, the memo still naming the processor ("Stripe sale ch_1ed3")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match

HOLDER = "NORTHBRIDGE SUPPLY CO"
D = dt.date(2026, 3, 27)


def _payout(amount: str) -> Line:
    text = f"STRIPE DES:TRANSFER ID:ST-2A42D91AFA20 INDN:{HOLDER} ID:9214748200 CCD"
    return Line("B1", D, Decimal(amount), "in", "", "STRIPE", text)


def _sale(i: int, amount: str, party: str, days: int = -1) -> Line:
    return Line(
        f"J{i}", D + dt.timedelta(days=days), Decimal(amount), "in", f"ch_{i:04x}", party, f"Stripe sale ch_{i:04x}"
    )


def test_the_processors_own_sales_that_add_up_are_its_payout() -> None:
    journal = [_sale(1, "120.50", "Stripe"), _sale(2, "27.86", "Stripe", days=-2)]
    groups = match([_payout("148.36")], journal).groups
    assert [(g.bank_ids, g.journal_ids) for g in groups] == [(("B1",), ("J1", "J2"))]


def test_a_sale_filed_under_its_customer_nearby_leaves_the_payout_a_suggestion() -> None:
    # 120.50 + 27.86 of Stripe's own adds up, but Emily Walker's Stripe sale of 27.86 could be the payout's as well.
    # (Sales of two days: one day's sales adding up is stage 4's party-day batch.)
    journal = [_sale(1, "120.50", "Stripe"), _sale(2, "27.86", "Stripe", -2), _sale(3, "27.86", "Emily Walker", -2)]
    result = match([_payout("148.36")], journal)
    assert result.groups == []
    assert any(s.bank_ids == ("B1",) for s in result.suggestions)
