"""Every reason the engine writes on every generator's lines reads in one language on the pages: each is one fixed
phrase, Chinese and English side by side, and ``reconcile.reasons`` (with ``reason_phrases``) renders it; one it did
not know was shown as stored, both languages in one line (the batch and cheque stages' reasons were)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from bench.engine.bench_unseen import GENERATORS, _generator
from reconcile.engine import match
from reconcile.reasons import reason_text

CJK = re.compile(r"[\u3400-\u9fff]")
# Values a reason quotes from the lines (names, summaries, voucher words such as 记-12) may be Chinese in an English
# page; the phrase's own words may not. So the check is "rendered", not "no Chinese".


@pytest.mark.parametrize("gen", GENERATORS)
def test_every_reason_of_a_generated_case_is_rendered(gen: str) -> None:
    case = _generator(gen, None, False)(1500, 11)
    result = match(case.bank, case.journal)
    stored = {r for g in (*result.groups, *result.suggestions) for r in g.reasons}
    assert stored
    with translation.override("en"):
        left = sorted(r for r in stored if reason_text(r) == r)
    assert not left, left[:5]


def test_a_stage_reason_in_chinese_has_no_english_phrase() -> None:
    stored = "支票晚于记账兑付, 30 个工作日内金额唯一 a cheque paid after it was written, the only line of this amount within 30 working days on both sides"
    with translation.override("zh-hans"):
        shown = reason_text(stored)
    assert shown == "支票晚于记账兑付，双方 30 个工作日内该金额唯一"
    with translation.override("en"):
        assert reason_text(stored) == (
            "a cheque paid after it was written, the only line of this amount within 30 working days on both sides"
        )
