"""The reasons of stage 4b (pairs decided once the others are matched) read in the page's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.stages import ambiguous
from reconcile.reasons import reason_text


def L(id: str, day: int, amount: str = "5000.00", cp: str = "", text: str = "") -> Line:
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "out", "", cp, text)


TWINS = "烟台市星瑞家具有限公司"
CASES = {
    "unique once the others were matched": (
        [L("b_named", 4, cp="佛山市华鑫精密机械有限公司"), L("b_blank", 5)],
        [L("j_named", 5, cp="华鑫精密"), L("j_blank", 6, text="付款")],
        "the only line of this amount and direction in the window once the others were matched by name or reference",
    ),
    "the only way to pair": (
        [L("b1", 1), L("b2", 3)],
        [L("j1", 1), L("j2", 6)],
        "the only way to pair these 2 same-amount lines one to one",
    ),
    "date order": (
        [L("b1", 1, "871.09", TWINS), L("b2", 3, "871.09", TWINS)],
        [L("j1", 2, "871.09", text="付星瑞运费"), L("j2", 3, "871.09", text="付星瑞材料款")],
        "2 lines of one amount and one counterparty on each side, paired in date order (the nearest dates)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_stage_4b_reason_is_a_known_phrase(case: str, english, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ambiguous, "DATE_ORDER_TWINS", True)  # off by default
    bank, journal, expected = CASES[case]
    result = match(bank, journal, window_days=3)
    stored = [r for g in result.groups for r in g.reasons]
    assert expected in [reason_text(r) for r in stored], stored
    for reason in stored:
        assert reason_text(reason) != reason, f"not rendered: {reason!r}"
