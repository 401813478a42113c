"""Books that write the voucher into the summary (天猫店12月31日销售回款 [其他] 凭证:记-0197) and leave the reference
empty: one voucher's entries of one day group as entries sharing a reference do (``vouchers.py``, stage 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.vouchers import voucher_of

DAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "text, voucher",
    [
        ("天猫店12月31日销售回款 [其他] 凭证:记-0197", "记-197"),
        ("凭证号：收-12 收货款", "收-12"),
        ("凭证字号 记-0007 付货款", "记-7"),
        ("记字第0128号 付款", "记-128"),
        ("收货款 发票号41174504", ""),  # an invoice number is no voucher
        ("凭证待补", ""),
        ("", ""),
    ],
)
def test_the_voucher_a_summary_names(text: str, voucher: str) -> None:
    assert voucher_of(text) == voucher


def _entries(vouchers: tuple[str, str, str] = ("0197", "0197", "0197")) -> list[Line]:
    days = ("12月30日", "12月31日", "1月4日")
    amounts = ("1923.35", "11385.36", "892.34")  # 14,201.05 in all
    return [
        Line(f"J{k}", DAY, Decimal(a), "in", "", "支付宝" if k else "", f"天猫店{d}销售回款 [其他] 凭证:记-{v}")
        for k, (a, d, v) in enumerate(zip(amounts, days, vouchers))
    ] + [Line("J9", DAY, Decimal("5650.00"), "in", "", "中联华", "收到中联华货款 [电汇] 凭证:记-0195")]


def _payout(counterparty: str = "支付宝（中国）网络技术有限公司") -> list[Line]:
    return [Line("B1", DAY, Decimal("14201.05"), "in", "", counterparty, "支付宝提现 提现")]


def test_one_vouchers_entries_are_the_payout_that_adds_up() -> None:
    (group,) = match(_payout(), _entries()).groups
    assert group.journal_ids == ("J0", "J1", "J2")
    assert any("voucher 记-197" in r for r in group.reasons)


def test_entries_of_different_vouchers_are_not_grouped_by_them() -> None:
    groups = match(_payout(), _entries(("0197", "0198", "0197"))).groups
    assert all(g.rule != "batch" or "voucher" not in " ".join(g.reasons) for g in groups)
    assert not any(g.journal_ids == ("J0", "J1", "J2") and "voucher" in " ".join(g.reasons) for g in groups)


def test_a_voucher_naming_another_company_than_the_named_payer_is_no_batch() -> None:
    journal = [
        Line(f"J{k}", DAY, Decimal(a), "in", "", "佳晨信息技术", "收佳晨货款 凭证:记-0301")
        for k, a in enumerate(("100.00", "100.00"))
    ]
    bank = [Line("B1", DAY, Decimal("200.00"), "in", "", "成都鑫泰信息技术集团有限公司", "销售款")]
    assert match(bank, journal).groups == []
