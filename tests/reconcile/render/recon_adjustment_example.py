"""Worked example from the brief: account 1002.01, period end 2026-10-31."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.render.adjustment import AdjustmentItem, AdjustmentTable

D = dt.date


def worked_example(**overrides: object) -> AdjustmentTable:
    base: dict[str, object] = dict(
        account_number="1002.01",
        account_name="银行存款—某某银行基本户",
        period_end=D(2026, 10, 31),
        bank_balance=Decimal("1250000.00"),
        book_balance=Decimal("1198500.00"),
        journal_in_not_bank=(
            AdjustmentItem(D(2026, 10, 31), "ZP-0031", "恒瑞贸易转账支票（10-31送存，11-02入账）", Decimal("30000.00")),
        ),
        journal_out_not_bank=(
            AdjustmentItem(D(2026, 10, 28), "10234567", "支票付中科信达货款，对方未提示付款", Decimal("80000.00")),
        ),
        bank_in_not_journal=(AdjustmentItem(D(2026, 10, 31), "JX20261031", "结息", Decimal("1650.00")),),
        bank_out_not_journal=(AdjustmentItem(D(2026, 10, 31), "SXF1031", "转账手续费", Decimal("150.00")),),
        company_name="北京恒瑞贸易有限公司",
        bank_name="中国某某银行北京分行营业部",
        prepared_by="张三",
        reviewed_by="李四",
    )
    base.update(overrides)
    return AdjustmentTable(**base)  # type: ignore[arg-type]
