"""A person paying a company's invoice from a personal account (the owner, an employee: 个人代付): the bank shows the
person, the books the company. Different names, but no sign of two parties, so the pair is decided as a nameless
pair would be (the only line of its amount in the window). Books naming a person the bank did not pay (付张三货款
against a company's account) still contradict."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.names import NEUTRAL, name_similarity
from reconcile.engine.person_names import is_person
from reconcile.engine.score import WEAK_NAME


@pytest.mark.parametrize("name", ["程军", "黄霞彬", "林洋芳", "王秀英", "欧丽"])
def test_common_surnames_and_given_names_read_as_a_person(name: str) -> None:
    assert is_person(name)


@pytest.mark.parametrize("name", ["康联", "高科", "万达", "恒瑞贸易", "华为", "宏达电子", "程", "上海"])
def test_a_companys_short_form_is_no_person(name: str) -> None:
    assert not is_person(name)


def test_a_person_at_the_bank_against_a_company_in_the_books_is_no_evidence() -> None:
    assert name_similarity("程军", "佛山德业鼎有限公司") == NEUTRAL >= WEAK_NAME
    # Books naming a person where the bank shows a company: two parties.
    assert name_similarity("佛山德业鼎有限公司", "程军") < WEAK_NAME
    # The books' name may be a company's short form that reads like a person's (康利): no evidence either.
    assert name_similarity("孙伟娥", "康利") == NEUTRAL
    # Two companies: as before.
    assert name_similarity("恒瑞贸易有限公司", "宏达电子有限公司") < WEAK_NAME
    # A company's short form in the books still meets its own full name.
    assert name_similarity("绍兴康联铸造有限公司", "康联") >= 0.8


def _day(d: int) -> dt.date:
    return dt.date(2025, 10, d)


def test_the_owners_payment_of_a_unique_amount_matches_the_companys_receivable() -> None:
    bank = [
        Line("b1", _day(17), Decimal("1944.30"), "in", "", "程军", "货款"),
        Line("b2", _day(17), Decimal("500.00"), "in", "", "恒瑞贸易有限公司", "货款"),
    ]
    books = [
        Line("j1", _day(18), Decimal("1944.30"), "in", "", "佛山德业鼎", "收到佛山德业鼎应收款"),
        Line("j2", _day(17), Decimal("500.00"), "in", "", "恒瑞贸易", "收恒瑞贸易货款"),
    ]
    pairs = {g.bank_ids: g.journal_ids for g in match(bank, books, calendar=None).groups}
    assert pairs == {("b1",): ("j1",), ("b2",): ("j2",)}


def test_books_paying_a_person_do_not_take_a_payment_to_a_company() -> None:
    bank = [Line("b1", _day(13), Decimal("801600.00"), "out", "", "昆山市陶东生环保商行", "网银转账")]
    books = [Line("j1", _day(13), Decimal("801600.00"), "out", "", "朱伟华", "付朱伟华货款")]
    result = match(bank, books, calendar=None)
    assert result.groups == []


def test_a_person_among_named_payers_of_one_amount_takes_nothing_from_them() -> None:
    """The person is no evidence, so where a named payer's entry is there, the named pair decides and the person's
    line waits for the entry that is left."""
    bank = [
        Line("b_person", _day(13), Decimal("20000.00"), "in", "", "李明磊", "电汇"),
        Line("b_named", _day(13), Decimal("20000.00"), "in", "", "无锡市宏科建筑工程有限责任公司", "汇入汇款"),
    ]
    books = [
        Line(
            "j_named", _day(14), Decimal("20000.00"), "in", "", "无锡市宏科建筑工程有限责任公司", "无锡宏科投标保证金"
        ),
    ]
    pairs = {g.bank_ids: g.journal_ids for g in match(bank, books, calendar=None).groups}
    assert pairs == {("b_named",): ("j_named",)}
