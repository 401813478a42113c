"""The Kingdee voucher file of a US-dollar account wrote each fee as 币别 RMB at 汇率 1: imported, a USD 25.00 charge
became 25 yuan. A foreign-currency account's vouchers name its currency and leave the rate to the accountant (the
day's rate is theirs to enter; 1 would be a wrong figure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.vouchers import LAYOUTS, BankOnlyLine, suggest, voucher_rows

HEADERS = LAYOUTS["kingdee"].headers


def _rows(currency: str) -> list[dict]:
    fee = BankOnlyLine(
        line_id=1,
        date=dt.date(2026, 11, 30),
        amount=Decimal("25.00"),
        incoming=False,
        summary="手续费",
        serial="US1",
        currency=currency,
    )
    vouchers, _left = suggest([fee])
    return [dict(zip(HEADERS, row, strict=True)) for row in voucher_rows(vouchers, LAYOUTS["kingdee"])]


def test_a_dollar_accounts_fee_is_in_dollars_with_the_rate_left_to_fill():
    rows = _rows("USD")
    assert [(r["币别"], r["汇率"]) for r in rows] == [("USD", None), ("USD", None)]


def test_a_yuan_accounts_fee_stays_rmb_at_rate_one():
    assert [(r["币别"], r["汇率"]) for r in _rows("CNY")] == [("RMB", 1), ("RMB", 1)]
