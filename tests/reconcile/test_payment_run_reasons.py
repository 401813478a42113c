"""The reasons the payment-run stage gives (reconcile/engine/stages/payment_runs.py) read in the page's language: every
phrase it stores is one reconcile.reasons knows, so the workbench never shows an engine phrase raw (both languages at
once, or the other language alone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.reasons import reason_text


def L(id: str, day: int, amount: str, text: str = "", cp: str = "") -> Line:
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "out", "", cp, text)


FOUR = [L("j1", 6, "1234.56"), L("j2", 6, "2345.67"), L("j3", 6, "345.78"), L("j4", 6, "4567.89")]
NOISE = [L("n1", 6, "1111.11"), L("n2", 7, "222.22"), L("n3", 8, "3333.33")]
BANK = [L("b_run", 8, "9061.81", text="SAMMELUEBERWEISUNG 5 POSTEN")]


def _two_runs() -> tuple[list[Line], list[Line]]:
    bank = [L("b_a", 5, "1734.52", text="BULK PAYMENT 2 TXNS"), L("b_b", 10, "2981.17", text="PAYMENT RUN 2")]
    journal = [L("a1", 5, "1234.52"), L("p", 4, "500.00"), L("q", 8, "500.00"), L("b1", 9, "2481.17")]
    return bank, journal


CASES = {
    # four entries of one date and one of the next
    "split five": (BANK, [*FOUR, L("j5", 7, "567.91"), *NOISE]),
    # five of one date, preferred to four of them and an entry of the same amount the next day
    "one date before a split": (BANK, [*FOUR, L("j5", 6, "567.91"), L("o5", 7, "567.91"), *NOISE]),
    # four entries over two adjacent dates
    "four over two days": (
        [L("b4", 8, "8493.90", text="PAYMENT RUN 4 ITEMS")],
        [*FOUR[:3], L("j4", 7, "4567.89"), *NOISE],
    ),
    # two runs that could use one entry, each with a way of its own
    "shared": _two_runs(),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_payment_run_reason_is_a_known_phrase(case: str, english) -> None:
    bank, journal = CASES[case]
    result = match(bank, journal, window_days=3)
    assert result.groups, "the case auto-matches"
    stored = [r for g in result.groups for r in g.reasons]
    for reason in stored:
        shown = reason_text(reason)
        assert shown != reason, f"not rendered: {reason!r}"
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in shown), shown


def test_the_split_alternatives_phrase_is_known(english) -> None:
    # Stored when a five-entry run of one date is taken over runs with an entry a day off (_take's ``split``).
    stored = (
        "另有 2 个有一笔跨日的组合 2 subsets with an entry booked a day off also add up (a run is posted on one date:"
        " less likely)"
    )
    assert reason_text(stored) == (
        "2 subsets with an entry booked a day off also add up (a run is posted on one date: less likely)"
    )


def test_a_suggestion_for_many_equal_entries_says_how_many_more_add_up(english) -> None:
    journal = [L(f"s{i}", 6, "5000.00") for i in range(30)]
    result = match([L("b_pay", 6, "15000.00", text="SALARY BATCH 3 POSTEN")], journal, window_days=3)
    reasons = {r for s in result.suggestions for r in s.reasons}
    shown = [reason_text(r) for r in reasons]
    assert any(t.endswith("more subsets also add up (not listed)") for t in shown), shown
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in shown), shown


def test_the_stated_count_stage_reasons_are_known_phrases(english, monkeypatch) -> None:
    from reconcile.engine.stages import stated_runs

    monkeypatch.setattr(stated_runs, "ENABLED", True)
    # Six entries over three days before the debit: only the stage that trusts the bank's stated count takes them.
    amounts = ["1234.56", "2345.67", "345.78", "4567.89", "567.91", "6789.13"]
    journal = [L(f"e{i}", 10 + i // 2, a, cp=f"Payee {i}") for i, a in enumerate(amounts)]
    total = str(sum(Decimal(a) for a in amounts))
    result = match([L("b1", 12, total, text="BULK TRF 6 ITEMS")], journal, window_days=3)
    (group,) = result.groups
    shown = [reason_text(r) for r in group.reasons]
    assert "the bank line states 6 payments: the only 6 free entries of the window that add up to it" in shown
    for reason, text in zip(group.reasons, shown):
        assert text != reason, f"not rendered: {reason!r}"
