"""Stage 4D (``stages/stated_runs.py``): a bank line that states its count of payments, matched to the only set of
that many free entries of its window that adds up to it, once every other stage is done.

Each case where it matches has one where it must not.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from reconcile.engine import Line, match
from reconcile.engine.stages import stated_runs
from tests.reconcile.engine.run_cases import L, amounts

STATED = "the only 6 free entries of the window that add up to the amount"


@pytest.fixture(autouse=True)
def stage_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stated_runs, "ENABLED", True)


def _spread_run(text: str = "BULK TRF 6 ITEMS") -> tuple[Line, list[Line], list[Line]]:
    """Six entries booked over three days before the debit (two a day), and twelve other payments around them."""
    parts = amounts(random.Random(3), 6)
    run = [L(f"e{i}", 10 + i // 2, a, cp=f"Payee {i}") for i, a in enumerate(parts)]
    noise = [L(f"n{k:02d}", 9 + k % 4, a, cp=f"Other {k}") for k, a in enumerate(amounts(random.Random(5), 12))]
    bank = L("b1", 12, str(sum(Decimal(a) for a in parts)), text=text)
    return bank, run, noise


def _group_of(result, bank_id: str):  # type: ignore[no-untyped-def]
    return next((g for g in result.groups if bank_id in g.bank_ids), None)


def test_a_stated_run_booked_over_three_days_is_the_only_set_of_six_that_adds_up() -> None:
    bank, run, noise = _spread_run()
    result = match([bank], run + noise, window_days=3)
    group = _group_of(result, "b1")
    assert group is not None
    assert group.journal_ids == tuple(sorted(x.id for x in run))
    assert any(STATED in r for r in group.reasons)
    # Without a stated count the same lines stay a suggestion: six entries over three dates are no evidence.
    plain = match([bank._replace(text="BULK PAYMENT")], run + noise, window_days=3)
    assert _group_of(plain, "b1") is None


def test_a_second_set_of_six_with_the_same_total_leaves_it_open() -> None:
    bank, run, noise = _spread_run()
    # Two other payments that add up to the same as two of the run's entries of one day: a second set of six.
    a, b = Decimal(run[0].amount), Decimal(run[1].amount)
    twin = [L("t1", 10, str(a - Decimal("1.11")), cp="Twin A"), L("t2", 10, str(b + Decimal("1.11")), cp="Twin B")]
    result = match([bank], run + noise + twin, window_days=3)
    assert _group_of(result, "b1") is None


def test_an_entry_a_free_bank_line_could_claim_one_to_one_is_no_member() -> None:
    bank, run, noise = _spread_run()
    # A bank line of the amount of one of the run's entries, near it, that nothing else matched.
    claimant = L("b2", 11, str(run[2].amount), text="TRANSFER")
    result = match([bank, claimant], run + noise, window_days=3)
    group = _group_of(result, "b1")
    assert group is None or not any(STATED in r for r in group.reasons)


def test_the_count_must_match_the_set() -> None:
    bank, run, noise = _spread_run(text="BULK TRF 5 ITEMS")
    result = match([bank], run + noise, window_days=3)
    assert _group_of(result, "b1") is None


def test_two_stated_runs_whose_only_sets_share_an_entry_decide_nothing() -> None:
    bank, run, noise = _spread_run()
    # The same total stated again the next day: both lines find the same six entries.
    again = bank._replace(id="b3", date=bank.date + dt.timedelta(days=1))
    result = match([bank, again], run + noise, window_days=3)
    assert _group_of(result, "b1") is None and _group_of(result, "b3") is None


def test_a_member_whose_amount_another_free_entry_has_makes_two_sets() -> None:
    bank, run, noise = _spread_run()
    # The run's first entry (day 9) and another entry of its amount (day 8) face two nameless bank lines of that
    # amount (days 7 and 8) that nothing decides: both entries are held back for them. An entry of the same amount on
    # day 13 (another payee's) is in the run's window too, so six entries of the run's total can be had either way.
    first = run[0]._replace(date=dt.date(2024, 3, 9))
    x = str(first.amount)
    pending = [L("b2", 7, x, text="TRANSFER"), L("b3", 8, x, text="TRANSFER")]
    other = L("o1", 8, x, text="payment")
    twin = L("t1", 13, x, cp="Another payee")
    result = match([bank, *pending], [first, *run[1:], *noise, other, twin], window_days=3)
    group = _group_of(result, "b1")
    assert group is None or not any(STATED in r for r in group.reasons)


def test_two_entries_of_round_amounts_make_no_evidence() -> None:
    bank, run, noise = _spread_run()
    # 84,800.00 + 4,400.00 + ... : amounts in whole tens add up to one total in many ways (list prices, thousands).
    run = [run[0]._replace(amount=Decimal("84800.00")), run[1]._replace(amount=Decimal("4400.00")), *run[2:]]
    bank = bank._replace(amount=sum((x.amount for x in run), Decimal(0)))
    result = match([bank], run + noise, window_days=3)
    group = _group_of(result, "b1")
    assert group is None or not any(STATED in r for r in group.reasons)
    # One round amount among them is no such doubt.
    run[1] = run[1]._replace(amount=Decimal("4400.37"))
    one_round = match([bank._replace(amount=sum((x.amount for x in run), Decimal(0)))], run + noise, window_days=3)
    assert any(STATED in r for r in _group_of(one_round, "b1").reasons)


def test_the_stage_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stated_runs, "ENABLED", False)
    bank, run, noise = _spread_run()
    assert _group_of(match([bank], run + noise, window_days=3), "b1") is None
