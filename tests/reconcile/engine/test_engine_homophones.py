"""A Chinese name typed with a homophone (泉州鑫达物流 keyed as 泉州鑫大物流) is no contradiction, where a character
that sounds different (鑫源) is another firm's; nor is it support: distinct firms often have such names (华信 / 华鑫)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.homophones import one_homophone_apart, sound
from reconcile.engine.names import name_similarity
from reconcile.engine.score import STRONG_NAME, WEAK_NAME


def test_the_commonest_reading_without_its_tone() -> None:
    assert sound("达") == sound("大") == "da"
    assert sound("贸") == sound("茂") == "mao"
    assert sound("源") == "yuan"
    assert sound("A") == ""


@pytest.mark.parametrize(
    ("books", "bank"),
    [("泉州鑫达物流有限公司", "泉州鑫大物流有限公司"), ("苏州星辰茂易有限公司", "苏州星辰贸易有限公司")],
)
def test_one_homophone_apart_is_no_contradiction(books: str, bank: str) -> None:
    assert WEAK_NAME <= name_similarity(bank, books) < STRONG_NAME


@pytest.mark.parametrize(
    ("a", "b"),
    [("泉州鑫达物流有限公司", "泉州鑫源物流有限公司"), ("恒瑞贸易", "恒端贸易")],
)
def test_a_character_that_sounds_different_is_another_firm(a: str, b: str) -> None:
    assert name_similarity(a, b) < WEAK_NAME


def test_two_characters_apart_is_not_a_typo() -> None:
    assert not one_homophone_apart("鑫达物流", "新大物流")
    assert not one_homophone_apart("达", "大")  # a one-character core is too short to tell


def test_a_homophone_firm_does_not_take_the_same_named_ones_line() -> None:
    day = dt.date(2025, 9, 1)
    bank = [Line("B1", day, Decimal("12345.60"), "in", "", "深圳市华鑫科技有限公司", "转账")]
    journal = [
        Line("J1", day, Decimal("12345.60"), "in", "记-0001", "深圳市华信科技有限公司", "收华信货款"),
        Line("J2", day, Decimal("12345.60"), "in", "记-0002", "深圳市华鑫科技有限公司", "收华鑫货款"),
    ]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups] == [(("B1",), ("J2",))]


def test_a_unique_pair_is_matched_despite_the_typo() -> None:
    day = dt.date(2025, 9, 1)
    bank = [Line("B1", day, Decimal("9576.70"), "in", "", "苏州星辰贸易有限公司", "汇入汇款/货款")]
    journal = [Line("J1", day, Decimal("9576.70"), "in", "记-0046", "苏州星辰茂易有限公司", "收星辰销货款")]
    assert [(g.bank_ids, g.journal_ids) for g in match(bank, journal).groups] == [(("B1",), ("J1",))]
