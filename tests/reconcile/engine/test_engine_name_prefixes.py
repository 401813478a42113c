"""A company's short form read in a summary where the text goes on with another company's name; document numbers
in full width or behind a year; the cost of asking whether a side knows a company under a Chinese name."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from reconcile.engine import Line, MatchGroup, match, side_names
from reconcile.engine.fields import norm_ref
from reconcile.engine.mentions import Dictionary, mentioned_company
from reconcile.engine.names import core_similarity

D = dt.date


def L(id: str, day: int, amount: str, direction: str = "in", ref: str = "", cp: str = "", text: str = "") -> Line:
    return Line(id, D(2024, 3, day), Decimal(amount), direction, ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


# --- a short form that is the start of another name ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cores, text, expected",
    [
        # 晶朋 is 晶朋投资's short form, but the text goes on with 华: the run also knows 晶朋华精密仪器有 (a bank name
        # cut at the field width), which it may be the start of.
        (["晶朋投资", "晶朋华精密仪器有"], "无锡晶朋华回款", "晶朋"),
        (["尚康光电", "尚康机电设备有限"], "付尚康（郑州）机电设备货款", "尚康"),
        # Nothing else the run knows starts with the short form: it is the company's.
        (["晶朋投资", "恒瑞贸易"], "晶朋回款", "晶朋投资"),
        # The other name is the owner's own, cut at a bank's field width: no other company.
        (
            ["EVERBRIGHT宝星照明", "EVERBRIGHT宝星(中国"],
            "付EVERBRIGHT宝星（中国）照明有限公司工程进度款",
            "EVERBRIGHT宝星照明",
        ),
        (["晶朋投资", "晶朋投资管理有"], "晶朋回款", "晶朋投资"),
        # The whole name is read as it is, whatever else shares its start.
        (["晶朋投资", "晶朋华精密仪器有"], "收晶朋投资货款", "晶朋投资"),
    ],
)
def test_a_short_form_inside_another_known_name_stands_for_itself(cores: list[str], text: str, expected: str) -> None:
    assert mentioned_company(text, Dictionary(cores)) == expected


def test_a_summary_starting_another_companys_name_does_not_contradict_the_payer() -> None:
    # The payer's name is cut at the bank's field width; the books' 简称 starts like another customer's short form.
    bank = [
        L("b1", 5, "8650.00", cp="无锡晶朋华精密仪器有", text="回款"),
        L("b2", 12, "777.00", cp="上海晶朋投资有限公司", text="回款"),
    ]
    journal = [L("j1", 5, "8650.00", text="无锡晶朋华回款"), L("j2", 12, "777.00", text="晶朋投资回款")]
    result = match(bank, journal, window_days=3)
    assert (("b1",), ("j1",)) in groups(result.groups)


# --- document numbers in full width, or behind a year ---------------------------------------------------------------


def test_a_full_width_reference_is_its_ascii_form() -> None:
    assert norm_ref("ＩＮＶ３４６４０８") == norm_ref("INV346408") == "INV346408"
    assert norm_ref("３４６４０８") == "346408"
    assert norm_ref("０００１２３４５") == "12345"


def test_a_full_width_invoice_number_matches_the_books_number_behind_a_year() -> None:
    bank = [L("b1", 6, "5000.00", text="货款 ＩＮＶ３４６４０８"), L("b2", 6, "5000.00", text="货款")]
    journal = [L("j1", 6, "5000.00", ref="2025-346408", text="收货款"), L("j2", 6, "5000.00", text="收货款")]
    assert (("b1",), ("j1",)) in groups(match(bank, journal, window_days=3).groups)


def test_full_width_references_on_both_sides_match_as_references() -> None:
    bank = [L("b1", 6, "5000.00", ref="ＫＤ－ＡＢ１２"), L("b2", 6, "5000.00")]
    journal = [L("j1", 6, "5000.00", ref="KD-AB12"), L("j2", 6, "5000.00")]
    assert (("b1",), ("j1",)) in groups(match(bank, journal, window_days=3).groups)


# --- whether a side knows a company under a Chinese name ------------------------------------------------------------


class _Side:
    def __init__(self, cores: list[str]) -> None:
        self.cores = cores


def _cores(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    chars = "恒瑞中科信达晶朋华尚康光电宏泰源胜旋金龙海天"
    ends = ["", "科技", "电子", "贸易", "机电设备", "信息技术", "电子科技"]
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 5))) + rng.choice(ends) for _ in range(n)]


def test_known_by_chinese_name_answers_as_comparing_every_core() -> None:
    known = [c for c in _cores(1, 400) if len(c) >= 2]
    side = _Side(known)
    for core in {c for c in _cores(2, 600) if len(c) >= 2}:
        brute = any(core_similarity(core, other) >= 0.8 for other in set(known))
        assert side_names.known_by_chinese_name(side, core) == brute, core  # type: ignore[arg-type]


def test_known_by_chinese_name_does_not_compare_names_sharing_only_a_line_of_business(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # 300 companies whose names share nothing but 科技: none can be the asked one, and none needs comparing.
    rng = random.Random(5)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    known = list({"".join(rng.sample(pool, 3)) + "科技" for _ in range(300)})
    calls = []

    def counting(a: str, b: str) -> float:
        calls.append((a, b))
        return core_similarity(a, b)

    monkeypatch.setattr(side_names, "core_similarity", counting)
    assert not side_names.known_by_chinese_name(_Side(known), "恒瑞达科技")  # type: ignore[arg-type]
    assert len(calls) < 5
