"""Payment runs (stage 4C, ``stages/payment_runs.py``): runs booked over two working days, alternatives that differ
by an entry of the same amount, and runs that compete for one entry.

Each rule has the case it exists for and an ambiguous case where it must not auto-match.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.stages.payment_runs import MAX_SUGGESTED


def L(id: str, day: int, amount: str, text: str = "", cp: str = "") -> Line:
    """A payment on 2024-03-<day> (no calendar in these tests: plain days, all within a week)."""
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "out", "", cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


# Four entries posted on the 6th, one on the 7th (booked a day later by hand): 9,061.81 in all.
RUN = [
    L("j1", 6, "1234.56", cp="Nordic Timber AB"),
    L("j2", 6, "2345.67", cp="Baltic Software Oy"),
    L("j3", 6, "345.78", cp="Acme GmbH"),
    L("j4", 6, "4567.89", cp="Vega SRL"),
    L("j5", 7, "567.91", cp="Helix BV"),
]
NOISE = [L("n1", 6, "1111.11", cp="Orion AG"), L("n2", 7, "222.22", cp="Zenith Oy"), L("n3", 8, "3333.33")]
BANK = [L("b_run", 8, "9061.81", text="SAMMELUEBERWEISUNG 5 POSTEN")]


def test_a_five_entry_run_with_one_entry_booked_the_next_day_is_matched() -> None:
    result = match(BANK, RUN + NOISE, window_days=3)
    assert groups(result.groups) == {(("b_run",), ("j1", "j2", "j3", "j4", "j5"))}
    (g,) = result.groups
    assert g.rule == "subset_sum"
    assert any("batch marker" in r for r in g.reasons)
    assert any("four entries of one date and one of the adjacent working day" in r for r in g.reasons)


def test_without_a_batch_marker_the_split_run_is_not_matched() -> None:
    bank = [L("b_run", 8, "9061.81", text="SEPA CREDIT TRANSFER")]
    assert match(bank, RUN + NOISE, window_days=3).groups == []


def test_a_split_run_is_only_suggested_when_an_entry_of_the_same_amount_makes_another_split() -> None:
    # 4,567.89 was also paid to another supplier on the 7th: three entries of the 6th and two of the 7th add up just
    # as well (a shape the search itself does not look for), so which 4,567.89 was in the run is for a person.
    twin = L("t4", 7, "4567.89", cp="Kelly Packaging LLC")
    result = match(BANK, RUN + NOISE + [twin], window_days=3)
    assert result.groups == []
    suggested = {s.journal_ids for s in result.suggestions if s.bank_ids == ("b_run",)}
    assert ("j1", "j2", "j3", "j4", "j5") in suggested
    assert ("j1", "j2", "j3", "j5", "t4") in suggested


def test_a_run_of_one_date_is_preferred_to_the_same_run_with_an_entry_of_the_next_day() -> None:
    # Five entries of the 6th add up; so would four of them with an entry of the same amount on the 7th. The ERP
    # posts a run on one date: a run with an entry a day off is looked for only when nothing else adds up.
    run = RUN[:4] + [L("j5", 6, "567.91", cp="Helix BV")]
    other = L("o5", 7, "567.91", cp="Kelly Packaging LLC")
    result = match(BANK, run + NOISE + [other], window_days=3)
    assert groups(result.groups) == {(("b_run",), ("j1", "j2", "j3", "j4", "j5"))}
    assert any("posted on one date" in r for r in result.groups[0].reasons)


def test_a_triple_found_first_does_not_hide_a_second_pair() -> None:
    # 700 + 300 and 600 + 400 both make 1,000.00 (and 700 + 200 + 100 too): two pairs, no unique run.
    bank = [L("b_run", 6, "1000.00", text="PAYMENT RUN 7781")]
    amounts = ["700.00", "300.00", "600.00", "400.00", "200.00", "100.00"]
    journal = [L(f"j{k}", 6, a, cp=f"Supplier {k}") for k, a in enumerate(amounts)]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    suggested = {s.journal_ids for s in result.suggestions}
    assert ("j0", "j1") in suggested and ("j2", "j3") in suggested


def _two_runs(p_day: int) -> tuple[list[Line], list[Line]]:
    """Run A (bank line on the 7th) = a1 + a 500.00; run B (bank line on the 10th) = b1 + a 500.00. One 500.00 is
    booked on ``p_day``, the other on the 8th, within both runs' windows (an outgoing run's entries from three days
    before its debit to one day after)."""
    bank = [L("b_a", 7, "1734.52", text="BULK PAYMENT 2 TXNS"), L("b_b", 10, "2981.17", text="PAYMENT RUN 2")]
    journal = [
        L("a1", 7, "1234.52", cp="Nordic Timber AB"),
        L("p", p_day, "500.00", cp="Acme GmbH"),
        L("q", 8, "500.00", cp="Vega SRL"),
        L("b1", 9, "2481.17", cp="Baltic Software Oy"),
    ]
    return bank, journal


def test_a_run_with_one_way_to_add_up_takes_the_shared_amount_and_leaves_the_other_run_its_own() -> None:
    # p (the 4th) is outside B's window: B can only be b1 + q. A could be a1 + p or a1 + q; once B has q, A is a1 + p.
    bank, journal = _two_runs(p_day=4)
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b_a",), ("a1", "p")), (("b_b",), ("b1", "q"))}
    reasons_b = next(g.reasons for g in result.groups if g.bank_ids == ("b_b",))
    assert any("each adds up without them" in r for r in reasons_b)


def test_two_runs_that_could_each_take_either_of_two_equal_entries_are_only_suggested() -> None:
    # p on the 8th too: a1 + p and b1 + q, or a1 + q and b1 + p. Amounts cannot tell; a person must.
    bank, journal = _two_runs(p_day=8)
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    suggested = {(s.bank_ids, s.journal_ids) for s in result.suggestions}
    assert {(("b_a",), ("a1", "p")), (("b_a",), ("a1", "q")), (("b_b",), ("b1", "p")), (("b_b",), ("b1", "q"))} <= (
        suggested
    )


def test_equal_entries_do_not_multiply_a_runs_suggestions() -> None:
    # Fifty salaries of 5,000.00 on one day: any three make the 15,000.00 batch. The swaps that prove a subset not
    # unique (_with_swaps) are each a subset too, one per salary; a person is shown a few of them and told how many
    # more there are, not hundreds of suggestions for one bank line.
    journal = [L(f"s{i}", 6, "5000.00", cp=f"Employee {i}") for i in range(50)]
    bank = [L("b_pay", 6, "15000.00", text="SALARY BATCH 3 POSTEN")]
    result = match(bank, journal, window_days=3)
    assert result.groups == []
    suggested = [s for s in result.suggestions if s.bank_ids == ("b_pay",)]
    assert 2 <= len(suggested) <= MAX_SUGGESTED
    assert all(any("more subsets also add up" in r for r in s.reasons) for s in suggested)
