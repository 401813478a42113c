"""Bid bonds (投标保证金) of one round sum to one tender centre, told apart by the project both summaries name: the
bank's 摘要 cut at 10 characters, the voucher's summary whole. Not when two candidates share the word, when what they
share is only the words every such line holds, or when the cut word is the start of two projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from reconcile.engine import Line, match
from reconcile.engine.project_words import shared_word, words
from reconcile.engine.stages.projects import ONLY_PROJECT
from reconcile.reasons import reason_text

DAY = dt.date(2025, 3, 3)
CENTRE = "南京市公共资源交易中心"
PROJECT_REASON = ONLY_PROJECT.split(" ", 1)[0].split("“")[0]


def _bank(i: int, text: str, day: int = 0, direction: str = "out", amount: str = "100000.00") -> Line:
    return Line(f"B{i}", DAY + dt.timedelta(days=day), Decimal(amount), direction, f"19771{i:05d}", CENTRE, text)


def _entry(i: int, text: str, day: int = 0, direction: str = "out", amount: str = "100000.00") -> Line:
    word = "付" if direction == "out" else "收"
    return Line(f"J{i}", DAY + dt.timedelta(days=day), Decimal(amount), direction, f"{word}-{i:04d}", CENTRE, text)


def _by_project(bank: list[Line], journal: list[Line]) -> dict[tuple[str, ...], tuple[str, ...]]:
    result = match(bank, journal)
    return {g.bank_ids: g.journal_ids for g in result.groups if any(PROJECT_REASON in r for r in g.reasons)}


def test_the_words_left_once_the_common_ones_and_the_party_are_out() -> None:
    assert words("付滨江花园二期项目投标保证金", (CENTRE,)) == ("滨江花园二期",)
    assert words("退还投标保证金滨江花") == ("滨江花",)
    assert words("收回投标保证金") == () and words("付款") == ()
    assert shared_word(words("投标保证金滨江花园二期"), words("付滨江花园二期项目投标保证金")) == "滨江花园二期"
    assert shared_word(words("退还投标保证金滨江花"), words("收回滨江花园二期投标保证金")) == "滨江花"
    assert shared_word(words("投标保证金滨江花园二期"), words("付河西保障房项目投标保证金")) == ""
    assert shared_word(("2025",), ("2025",)) == ""  # a year is in many texts
    assert shared_word(("SALARY",), ("SALARY", "LIN")) == ""  # a Latin word alone is a category as often as a name
    assert shared_word(words("汇入汇款/代顺发贸易付货款"), words("收到顺发贸易货款")) == ""  # a payer's name
    assert shared_word(words("到期托收"), words("银承到期托收")) == ""  # a bill's kind
    assert shared_word(("HT2025031",), ("HT2025031",)) == "HT2025031"  # a contract number
    assert (
        shared_word(words("付利辉福密环保科技服务费"), words("付利辉福密环保科技服务费"), ("利辉福密环保科技",)) == ""
    )


def test_payments_of_one_sum_to_one_centre_pair_by_project() -> None:
    bank = [_bank(1, "投标保证金滨江花园二期"), _bank(2, "投标保证金河西保障房"), _bank(3, "投标保证金六合污水厂", 1)]
    journal = [
        _entry(1, "付六合污水厂项目投标保证金"),
        _entry(2, "付滨江花园二期项目投标保证金", 1),
        _entry(3, "付河西保障房项目投标保证金", 1),
    ]
    result = match(bank, journal)
    groups = {g.bank_ids: g.journal_ids for g in result.groups}
    assert groups == {("B1",): ("J2",), ("B2",): ("J3",), ("B3",): ("J1",)}
    reasons = next(g.reasons for g in result.groups if g.bank_ids == ("B1",))
    stored = next(r for r in reasons if PROJECT_REASON in r)
    with translation.override("en"):
        assert reason_text(stored) == (
            "the only line of this amount in the window whose summary names the same project or contract "
            "“滨江花园二期” on both sides"
        )


def test_returns_cut_at_the_column_pair_by_the_start_of_the_project() -> None:
    bank = [_bank(1, "退还投标保证金滨江花", 0, "in"), _bank(2, "退还投标保证金河西保", 0, "in")]
    journal = [_entry(1, "收回河西保障房投标保证金", 1, "in"), _entry(2, "收回滨江花园二期投标保证金", 1, "in")]
    assert _by_project(bank, journal) == {("B1",): ("J2",), ("B2",): ("J1",)}


def test_a_word_two_candidates_share_decides_nothing() -> None:
    bank = [_bank(1, "投标保证金滨江花园二期"), _bank(2, "投标保证金河西保障房", 1)]
    journal = [_entry(1, "付滨江花园二期项目投标保证金"), _entry(2, "付滨江花园二期项目投标保证金", 1)]
    assert ("B1",) not in _by_project(bank, journal)


def test_only_the_common_words_shared_decide_nothing() -> None:
    bank = [_bank(1, "退还投标保证金", 0, "in"), _bank(2, "退还投标保证金", 1, "in")]
    journal = [_entry(1, "收回项目投标保证金", 0, "in"), _entry(2, "收回工程投标保证金", 1, "in")]
    assert _by_project(bank, journal) == {}


def test_a_cut_word_that_starts_two_projects_decides_nothing() -> None:
    bank = [_bank(1, "退还投标保证金滨江花", 0, "in"), _bank(2, "退还投标保证金仙林地", 1, "in")]
    journal = [_entry(1, "收回滨江花园二期投标保证金", 0, "in"), _entry(2, "收回滨江花苑投标保证金", 1, "in")]
    assert _by_project(bank, journal) == {}
