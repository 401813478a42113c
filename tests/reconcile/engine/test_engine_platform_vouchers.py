"""One voucher's entries (the books' 记-0128: a Tmall shop's takings of five days, named 天猫 or not at all) against
the platform's payout (支付宝（中国）网络技术有限公司, 天猫结算): a payment platform pays for the shop the books name, so
its name neither agrees nor contradicts, and the voucher adding up to the cent decides (``batches._party_agrees``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match

DAY = dt.date(2025, 12, 1)
AMOUNTS = ["17095.73", "1192.38", "5785.61", "2628.01", "7195.44"]  # 33,897.17 in all


def _voucher(party: str = "天猫") -> list[Line]:
    entries = [
        Line(
            f"J{k}",
            DAY,
            Decimal(a),
            "in",
            "1000000128",
            party if k % 2 == 0 else "",
            f"天猫旗舰店11月{24 + k}日销售回款",
        )
        for k, a in enumerate(AMOUNTS)
    ]
    # The same shop's order booked apart the same day, in another voucher: the shop's whole day does not add up,
    # only the voucher does.
    return [*entries, Line("J9", DAY, Decimal("197.81"), "in", "1000000129", party, "天猫旗舰店订单收款")]


def _payout(counterparty: str) -> list[Line]:
    return [Line("B1", DAY, Decimal("33897.17"), "in", "", counterparty, "天猫结算/天猫提现")]


def test_a_platforms_payout_takes_the_voucher_it_pays() -> None:
    (group,) = match(_payout("支付宝（中国）网络技术有限公司"), _voucher()).groups
    assert group.bank_ids == ("B1",) and group.journal_ids == ("J0", "J1", "J2", "J3", "J4")
    assert any("1000000128" in r for r in group.reasons)


@pytest.mark.parametrize("payer", ["成都鑫泰信息技术集团有限公司", "北京中科信达科技有限公司"])
def test_another_company_paying_the_sum_is_no_batch(payer: str) -> None:
    # A company is no platform: its name against 天猫 is a contradiction, and the voucher is someone else's money.
    assert match(_payout(payer), _voucher()).groups == []


def test_a_platform_against_a_voucher_naming_two_parties_is_still_judged_by_its_sum() -> None:
    # Members naming different parties never contradicted a single line (payroll, POS); unchanged.
    journal = _voucher()
    journal[2] = journal[2]._replace(counterparty="京东")
    groups = match(_payout("支付宝（中国）网络技术有限公司"), journal).groups
    assert [g.journal_ids for g in groups] == [("J0", "J1", "J2", "J3", "J4")]
