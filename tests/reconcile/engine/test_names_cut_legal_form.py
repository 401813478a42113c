"""A bank cuts a payer's name at its field width, leaving the start of the legal form ("…(佛山)有限", "…股份有限公"):
that remnant is no part of the name, so the cut name and the journal's short form compare as the same company."""

from __future__ import annotations

import pytest

from reconcile.engine.names import core_name, name_similarity
from reconcile.engine.score import STRONG_NAME


@pytest.mark.parametrize(
    ("cut", "full"),
    [
        ("源昌汽车零部件(佛山)有限", "源昌汽车零部件(佛山)有限公司"),
        ("工业智能制造股份有限公", "工业智能制造股份有限公司"),
        ("恒瑞贸易有限责任", "上海恒瑞贸易有限责任公司"),
        ("恒瑞贸易有限责任公", "恒瑞贸易有限责任公司"),
        ("中科信达股份有限", "中科信达股份有限公司"),
    ],
)
def test_a_legal_form_cut_short_leaves_the_same_core(cut: str, full: str) -> None:
    assert core_name(cut) == core_name(full)


def test_the_cut_name_meets_the_journals_short_form() -> None:
    assert name_similarity("源昌汽车零部件(佛山)有限", "佛山源昌") >= STRONG_NAME
    assert name_similarity("工业智能制造股份有限公", "合肥工业") >= STRONG_NAME


def test_a_name_that_is_only_a_place_and_a_cut_form_keeps_the_place() -> None:
    # The remnant of the legal form goes; the place stays, since stripping it too would leave no core at all.
    assert core_name("上海有限") == "上海"


@pytest.mark.parametrize(
    ("cut", "core"),
    [
        ("精工汽车零部件(武汉)有", "精工汽车零部件"),  # the bracket gone, one character of 有限公司 left
        ("恒瑞贸易股份有", "恒瑞贸易"),
        ("锐丰博汽车零部件公", "锐丰博汽车零部件"),
    ],
)
def test_one_character_of_a_legal_form_after_a_trade_word_goes(cut: str, core: str) -> None:
    assert core_name(cut) == core


@pytest.mark.parametrize("name", ["万有", "金公", "百家有"])
def test_a_name_ending_in_such_a_character_without_a_trade_word_keeps_it(name: str) -> None:
    assert core_name(name) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("佛山航铭旋汽车零部件有限", "天津市锐丰博汽车零部件有限公司"),
        ("嘉兴恒通紧固件有限公司", "宁波永昌紧固件有限公司"),
        ("无锡华晟铸造有限公司", "绍兴康联铸造有限公司"),
        ("苏州精工液压件有限公司", "常州恒达液压件有限公司"),
    ],
)
def test_two_firms_of_one_parts_trade_are_two_companies(a: str, b: str) -> None:
    """They share the trade's bigrams and nothing else: that is no likeness (below WEAK_NAME: they contradict)."""
    assert name_similarity(a, b) == 0.0


def test_the_trade_word_does_not_keep_one_firm_from_meeting_itself() -> None:
    assert name_similarity("天津市锐丰博汽车零部", "天津市锐丰博汽车零部件有限公司") >= STRONG_NAME
    assert name_similarity("锐丰博汽车", "天津市锐丰博汽车零部件有限公司") >= STRONG_NAME
    assert name_similarity("嘉兴恒通紧固件有限公司", "恒通紧固") >= STRONG_NAME
