"""Payment runs on crowded days (stage 4C, ``stages/payment_runs.py`` with ``stages/run_evidence.py``): a dozen
runs a day, runs of six, the bank's stated count, entries after the debit, and where a unique subset among too many
is no evidence.

Each new rule has the case it exists for and a case where it must not auto-match.
"""

from __future__ import annotations

import random
from decimal import Decimal

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.stages.run_evidence import stated_count
from tests.reconcile.engine.run_cases import L, amounts


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


def _runs(sizes: list[int], day: int, seed: int) -> tuple[list[Line], list[Line], set]:
    """One bank line per run (all debited on ``day``), its entries posted that day."""
    rng = random.Random(seed)
    bank: list[Line] = []
    journal: list[Line] = []
    truth = set()
    for r, k in enumerate(sizes):
        parts = amounts(rng, k)
        ids = tuple(f"r{r:02d}e{i}" for i in range(k))
        journal += [L(i, day, a, cp=f"Payee {i}") for i, a in zip(ids, parts)]
        total = sum(Decimal(a) for a in parts)
        bank.append(L(f"b{r:02d}", day, str(total), text="BULK PAYMENT"))
        truth.add(((f"b{r:02d}",), ids))
    return bank, journal, truth


def test_a_crowded_day_of_a_dozen_runs_is_matched_run_by_run() -> None:
    # 12 runs of 2-6 entries debited on one day: 44 entries on one posting date, more than a day's search of four
    # to six parts could decide at once. The pairs and triples are unique first; once they are taken, the date
    # holds few enough entries for the runs of four to six to be unique too.
    bank, journal, truth = _runs([2, 2, 3, 3, 4, 4, 5, 6, 2, 3, 4, 6], day=12, seed=7)
    assert len(journal) == 44
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == truth
    six = next(g for g in result.groups if len(g.journal_ids) == 6)
    assert any("posted on one date" in r for r in six.reasons)


def test_a_run_of_six_entries_with_a_marker_is_matched() -> None:
    bank, journal, truth = _runs([6], day=12, seed=3)
    noise = [L(f"n{k}", 12 - k % 3, a, cp=f"Other {k}") for k, a in enumerate(amounts(random.Random(5), 12))]
    result = match(bank, journal + noise, window_days=3)
    assert groups(result.groups) == truth


def test_the_count_the_bank_states_decides_between_a_pair_and_a_triple() -> None:
    # 700.01 + 300.02 and 500.01 + 200.01 + 300.01 both make 1,000.03; the bank says three payments.
    amounts = {"a": "700.01", "b": "300.02", "c": "500.01", "d": "200.01", "e": "300.01"}
    journal = [L(k, 6, a, cp=f"Supplier {k}") for k, a in amounts.items()]
    bank = [L("b1", 6, "1000.03", text="网银批量转账 共3笔")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("c", "d", "e"))}
    assert any("states 3 payments" in r for r in result.groups[0].reasons)
    # Without a count the pair is the likelier run, as before.
    bank = [L("b1", 6, "1000.03", text="BULK PAYMENT")]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("a", "b"))}


def test_stated_counts_are_read_only_in_their_explicit_forms() -> None:
    assert stated_count("网银批量转账 共5笔") == 5
    assert stated_count("BULK TRF 4 ITEMS") == 4
    assert stated_count("MULTIPLE PAYEES (6)") == 6
    assert stated_count("BULK PAYMENT 645008 TXNS") == 0  # a batch number, not a count
    assert stated_count("F110 PAYMENT RUN 20250319") == 0
    assert stated_count("Batch Payment #12 ITEMS") == 0


def test_entries_posted_days_after_an_outgoing_runs_debit_make_no_run() -> None:
    # The ERP posts a run's payments when it makes the run: entries two days after the debit that happen to add up
    # are other payments, not this run.
    journal = [L("x", 10, "1234.56", cp="Nordic Timber AB"), L("y", 10, "765.45", cp="Vega SRL")]
    bank = [L("b1", 8, "2000.01", text="BULK PAYMENT")]
    assert match(bank, journal, window_days=3).groups == []
    # One working day late (booked by hand) is still a run.
    journal = [L("x", 9, "1234.56", cp="Nordic Timber AB"), L("y", 9, "765.45", cp="Vega SRL")]
    assert groups(match(bank, journal, window_days=3).groups) == {(("b1",), ("x", "y"))}


def test_a_unique_subset_among_too_many_of_its_shape_stays_a_suggestion() -> None:
    # A five-entry run on a date of 40 entries (C(40, 5) = 658,008 subsets of five, far more than the 142,506 of a
    # date of 30 the search may try for a unique one): when the run's own entries are elsewhere, a chance five
    # takes their place just as uniquely, so a person decides.
    bank, journal, truth = _runs([5], day=12, seed=11)
    noise = [L(f"n{k}", 12, a, cp=f"Other {k}") for k, a in enumerate(amounts(random.Random(13), 35))]
    result = match(bank, journal + noise, window_days=3)
    assert result.groups == []
    assert {(s.bank_ids, s.journal_ids) for s in result.suggestions} >= truth
