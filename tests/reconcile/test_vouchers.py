"""Suggested vouchers for bank-only items, the pure part: which lines are the bank's own, and the import rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.vouchers import (
    FEE,
    INTEREST,
    LAYOUTS,
    BankOnlyLine,
    ChartOfAccounts,
    LedgerAccount,
    classify,
    suggest,
    voucher_rows,
)

DAY = dt.date(2026, 10, 20)


def line(
    summary: str,
    amount: str = "15.00",
    *,
    incoming: bool = False,
    counterparty: str = "",
    serial: str = "SN3",
    line_id: int = 1,
) -> BankOnlyLine:
    return BankOnlyLine(
        line_id=line_id,
        date=DAY,
        amount=Decimal(amount),
        incoming=incoming,
        summary=summary,
        counterparty=counterparty,
        serial=serial,
    )


@pytest.mark.parametrize(
    ("summary", "incoming", "counterparty", "kind"),
    [
        ("手续费", False, "", FEE),
        ("跨行汇划费", False, "", FEE),
        ("短信服务费", False, "中国工商银行上海分行", FEE),
        ("ACCOUNT MAINTENANCE FEE", False, "", FEE),
        ("Kontoführungsentgelt", False, "", FEE),
        ("结息", True, "", INTEREST),
        ("活期存款利息", True, "", INTEREST),
        ("CREDIT INTEREST Q3", True, "", INTEREST),
        ("透支利息", False, "", INTEREST),
        # not the bank's own: a supplier's service fee, a refund of a fee, a customer's payment, a payment
        ("技术服务费", False, "北京中科信达科技有限公司", None),
        ("手续费退回", True, "", None),
        ("货款", True, "深圳华南精密制造有限公司", None),
        ("INT'L TRANSFER", False, "ACME GMBH", None),
    ],
)
def test_only_the_banks_own_fees_and_interest_are_classified(summary, incoming, counterparty, kind):
    assert classify(line(summary, incoming=incoming, counterparty=counterparty)) == kind


def test_a_fee_is_debited_to_the_fee_account_and_interest_received_credited_to_interest():
    chart = ChartOfAccounts(fee=LedgerAccount("6603.02", "财务费用-手续费"))
    vouchers, left = suggest(
        [
            line("利息", "12.34", incoming=True, serial="SN9", line_id=2),
            line("手续费"),
            line("货款", "500.00", incoming=True, counterparty="某公司", line_id=3),
        ],
        chart,
    )
    fee, interest = sorted(vouchers, key=lambda v: v.kind)
    assert (fee.summary, fee.debit.code, fee.credit.code, fee.amount) == (
        "银行手续费 SN3",
        "6603.02",
        "1002",
        Decimal("15.00"),
    )
    assert (interest.summary, interest.debit.code, interest.credit.name) == (
        "银行存款利息 SN9",
        "1002",
        "财务费用-利息收入",
    )
    assert [item.line_id for item in left] == [3]


def test_each_voucher_is_two_balanced_rows_in_the_layouts_columns():
    vouchers, _ = suggest([line("手续费"), line("结息", "3.21", incoming=True, serial="", line_id=2)])
    for layout in LAYOUTS.values():
        rows = voucher_rows(vouchers, layout, first_number=7, preparer="张会计")
        assert len(rows) == 4 and all(len(row) == len(layout.headers) for row in rows)
        debit, credit = layout.headers.index("借方金额"), layout.headers.index("贷方金额")
        number = layout.headers.index("凭证号")
        for first, second in (rows[0:2], rows[2:4]):
            assert first[debit] == second[credit] and first[credit] is None and second[debit] is None
            assert first[number] == second[number]
        assert [row[number] for row in rows] == [7, 7, 8, 8]
        assert rows[2][layout.headers.index("摘要")] == "银行存款利息"  # no serial: the words alone
        assert rows[0][-1] == "张会计"
