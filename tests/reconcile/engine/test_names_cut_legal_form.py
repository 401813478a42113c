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
