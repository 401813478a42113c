"""A bank line that names the account's own bank (贴现款入账, 银承到期扣款): the bank acts on its own product for the
party the books name, so the two names are no evidence either way and the only entry of the amount pairs; books
naming a bank where the bank line names a company stay a contradiction, and a repeated amount is still undecided."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, match
from reconcile.engine.names import NEUTRAL, core_similarity, name_similarity
from reconcile.engine.score import WEAK_NAME

DAY = dt.date(2025, 3, 3)
BANK = "中国建设银行股份有限公司南京城南支行"


def _bank(i: int, amount: str, text: str, direction: str = "in", cp: str = BANK) -> Line:
    return Line(f"B{i}", DAY, Decimal(amount), direction, f"19771{i:05d}", cp, text)


def _entry(i: int, amount: str, cp: str, text: str, direction: str = "in", day: int = 1) -> Line:
    return Line(f"J{i}", DAY + dt.timedelta(days=day), Decimal(amount), direction, f"收-{i:04d}", cp, text)


def test_the_banks_own_name_against_a_company_is_no_evidence_but_not_the_other_way() -> None:
    assert name_similarity(BANK, "德邦开发建设") == NEUTRAL
    assert core_similarity("建设银行", "建设银行") == 1.0
    assert name_similarity("德邦开发建设有限公司", "建设银行") < WEAK_NAME  # books paying a bank: two parties
    assert name_similarity(BANK, "国家金库南京市江宁区支库") == 0.0  # the treasury stays another party


def test_a_discount_credit_pairs_with_the_only_entry_of_its_amount() -> None:
    bank = [_bank(1, "1671645.97", "贴现款入账 4614"), _bank(2, "218000.00", "银承到期扣款 票号5", "out")]
    journal = [
        _entry(1, "1671645.97", "德邦开发建设", "德邦开发建设银承贴现"),
        _entry(2, "218000.00", "常州市海螺商品混凝土有限责任公司", "银承到期兑付常州海螺", "out", 0),
    ]
    groups = {g.bank_ids: g.journal_ids for g in match(bank, journal).groups}
    assert groups == {("B1",): ("J1",), ("B2",): ("J2",)}


def test_two_entries_of_the_amount_for_two_parties_stay_undecided() -> None:
    bank = [_bank(1, "500000.00", "贴现款入账 4614")]
    journal = [
        _entry(1, "500000.00", "德邦开发建设", "德邦开发建设银承贴现"),
        _entry(2, "500000.00", "华晨盛", "华晨盛银承贴现"),
    ]
    result = match(bank, journal)
    assert not result.groups
    assert any(s.bank_ids == ("B1",) for s in result.suggestions)
