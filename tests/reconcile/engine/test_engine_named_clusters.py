"""Same-amount clusters left after stage 3 and the batches (4b): one bank line and one books entry name the same party
and the other lines of the amount name no one, so the named pair is matched; and (``ambiguous.NEAREST_DATES``, on
unless an accountant turns it off) a few lines whose pairs differ by nothing but their dates take the pairing of the
nearest dates when it is the only one that near."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from reconcile.engine import Line, MatchResult, match
from reconcile.engine.stages import ambiguous
from reconcile.reasons import reasons_text


def L(id: str, day: int, cp: str = "", text: str = "", amount: str = "5000.00") -> Line:
    """A receipt on 2024-03-<day> (March 2024: the 2nd-3rd and 9th-10th are a weekend)."""
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "in", "", cp, text)


def _pairs(result: MatchResult) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {g.bank_ids[0]: (g.journal_ids[0], g.reasons) for g in result.groups if len(g.journal_ids) == 1}


def _receipts() -> tuple[list[Line], list[Line]]:
    # Receipts of 5,000.00 in one week. Only one bank line names its payer (Monday the 4th); the books entry naming the
    # same customer is two days later and the nearest of its candidates. A nameless bank line of that Wednesday with
    # the same summary category, and another customer's entry, make the named pair win by less than the margin a
    # pair needs on score alone.
    bank = [
        L("b_named", 4, cp="宜昌德钧电子科技有限公司", text="网银转账"),
        L("b_blank1", 6, text="货款"),
        L("b_blank2", 7, text="INWARD REMITTANCE"),
    ]
    journal = [
        L("j_named", 6, cp="宜昌德钧电子", text="收宜昌德钧货款"),
        L("j_other", 7, text="INV-00275 SEQUOIA STERLING BROTHERS"),
    ]
    return bank, journal


def test_the_only_named_pair_of_a_same_amount_cluster_is_matched() -> None:
    bank, journal = _receipts()
    got = _pairs(match(bank, journal, window_days=3))
    assert got["b_named"][0] == "j_named"
    assert any("the only candidate of this amount in the window naming the same party" in r for r in got["b_named"][1])


def test_its_reason_reads_in_english() -> None:
    bank, journal = _receipts()
    reasons = _pairs(match(bank, journal, window_days=3))["b_named"][1]
    with translation.override("en"):
        shown = reasons_text(reasons)
    assert (
        "the only line of this amount in the window with the same counterparty or reference on both sides, and the "
        "nearest in date" in shown
    )


def test_a_nearer_entry_of_the_amount_keeps_the_name_from_deciding() -> None:
    # The same customer's second entry written so that no name is read from it ("付款 INV-…"), booked the day of the
    # bank line: the named entry two days later may be the other payment of the amount, so the name decides nothing.
    bank, journal = _receipts()
    journal.append(L("j_near", 4, text="付款 INV-0332201"))
    got = _pairs(match(bank, journal, window_days=3))
    assert not any("naming the same party" in " ".join(r) for _j, r in got.values())


def test_a_party_that_paid_the_amount_twice_is_not_decided_by_its_name() -> None:
    # The same customer twice on the bank side: the name fits both, so it identifies neither.
    bank = [
        L("b1", 1, cp="宜昌德钧电子科技有限公司"),
        L("b2", 4, cp="宜昌德钧电子科技有限公司"),
    ]
    journal = [L("j1", 4, text="收宜昌德钧货款"), L("j2", 5, text="INWARD")]
    got = _pairs(match(bank, journal, window_days=3))
    assert not any("naming the same party" in " ".join(r) for _j, r in got.values())


# --- Only dates tell the pairs apart -----------------------------------------------------------------------------------


def _platform_receipts(second_entry_day: int) -> tuple[list[Line], list[Line]]:
    # Two settlements of 5,000.00 by a payment platform (its name says nothing about the customer) and two books
    # entries that name no one: names and summaries are the same for every pair, only the dates differ.
    bank = [
        L("b1", 4, cp="财付通支付科技有限公司", text="微信支付结算"),
        L("b2", 6, cp="财付通支付科技有限公司", text="微信支付结算"),
    ]
    journal = [L("j1", 4, text="收货款"), L("j2", second_entry_day, text="收货款")]
    return bank, journal


@pytest.fixture
def nearest_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ambiguous, "NEAREST_DATES", True)


def test_dates_alone_decide_nothing_when_nearest_dates_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ambiguous, "NEAREST_DATES", False)
    assert _pairs(match(*_platform_receipts(6), window_days=3)) == {}


@pytest.mark.usefixtures("nearest_dates")
def test_the_pairing_of_the_nearest_dates_is_taken_when_it_is_the_only_one() -> None:
    # Monday and Wednesday on both sides: paired as booked (0 days apart in total) rather than crossed (4 days).
    got = _pairs(match(*_platform_receipts(6), window_days=3))
    assert {b: j for b, (j, _r) in got.items()} == {"b1": "j1", "b2": "j2"}
    with translation.override("en"):
        shown = reasons_text(got["b1"][1])
    assert (
        "the only way to pair these 2 same-amount lines with the smallest total date distance (all other evidence "
        "equal)" in shown
    )


@pytest.mark.usefixtures("nearest_dates")
def test_two_pairings_as_near_as_each_other_stay_suggestions() -> None:
    # Both entries on Tuesday: either pairing is 2 days apart in total.
    result = match(*_platform_receipts(5)[:1], [L("j1", 5, text="收货款"), L("j2", 5, text="收货款")], window_days=3)
    assert result.groups == []
    assert len(result.suggestions) == 4


@pytest.mark.usefixtures("nearest_dates")
def test_a_pair_with_other_evidence_is_not_decided_by_dates() -> None:
    # The bank lines say 货款 (goods) and one entry is about a fee: the pairs no longer differ by their dates alone.
    bank = [L(b.id, b.date.day, cp=b.counterparty, text="货款") for b in _platform_receipts(6)[0]]
    journal = [L("j1", 4, text="收货款"), L("j2", 6, text="收服务费")]
    got = _pairs(match(bank, journal, window_days=3))
    assert not any("smallest total date distance" in " ".join(r) for _j, r in got.values())
