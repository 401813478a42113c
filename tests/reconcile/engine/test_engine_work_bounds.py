"""The engine's work depends on the work, not on how crowded the data is: payment-run searches within node budgets
(one run's searches, the probes of shapes that cannot count, the whole stage), and memo and summary names read once
per shape of text rather than once per invoice number. Each bound has the case where it must leave a run open or
undecided, and the case where the result is as before.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import numpy as np
import pytest

from reconcile.engine import Line, MatchGroup, latin_mentions, match, mentions
from reconcile.engine.latin_mentions import memo_shape
from reconcile.engine.stages import payment_runs
from reconcile.engine.stages import run_search as runs
from reconcile.engine.stages.run_evidence import MAX_SUBSETS


def L(id: str, day: int, amount: str, text: str = "", cp: str = "", ref: str = "") -> Line:
    """A payment on 2024-03-<day> (no calendar: plain days)."""
    return Line(id, dt.date(2024, 3, day), Decimal(amount), "out", ref, cp, text)


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


def _cents(rng: random.Random, k: int) -> list[int]:
    """``k`` amounts of a few hundred to a few hundred thousand, none in whole tens."""
    out: list[int] = []
    while len(out) < k:
        cents = int(10 ** rng.uniform(4.5, 7.5))
        if cents % 1000:
            out.append(cents)
    return out


def _one_date(k: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cents = np.array(_cents(random.Random(seed), k), dtype=np.int64)
    return cents, np.full(k, 100, dtype=np.int64), np.arange(k, dtype=np.int64)


def _search(cents: np.ndarray, target: int, budget: int, max_subsets: int = 0, probe: int = 0) -> runs.Searched:
    days, ranks = np.full(cents.size, 100, dtype=np.int64), np.arange(cents.size, dtype=np.int64)
    args = (cents, days, ranks, target, 100, 60, 80, 6, 200_000, budget, max_subsets, probe)
    found = runs.run_search(*args)
    assert runs.python_run_search(*args) == found  # the C search spends the budget as the Python reference does
    return found


# --- one run's searches ------------------------------------------------------------------------------------------------


def test_a_runs_searches_stay_within_their_budget_and_a_spent_budget_decides_nothing() -> None:
    cents, _days, _ranks = _one_date(40, seed=3)
    target = int(cents[[1, 5, 9, 20, 33]].sum())  # five entries of the date make the run
    sols, certain, *_rest, nodes, _unsearched = _search(cents, target, budget=10**9)
    assert (1, 5, 9, 20, 33) in sols and nodes > 2_000
    for budget in (0, 500, 2_000):
        sols, certain, *_rest, nodes, _unsearched = _search(cents, target, budget=budget)
        assert nodes <= budget and not certain


def test_the_same_search_spends_the_same_nodes_every_time() -> None:
    cents, _days, _ranks = _one_date(50, seed=5)
    target = int(cents[[2, 4, 30, 41]].sum())
    first = _search(cents, target, budget=30_000, max_subsets=MAX_SUBSETS, probe=5_000)
    assert all(_search(cents, target, budget=30_000, max_subsets=MAX_SUBSETS, probe=5_000) == first for _ in range(3))


# --- shapes that cannot count are probed only --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entries, parts",
    [(24, 6), (30, 5), (44, 4), (45, 3), (80, 3)],  # C(24,6), C(30,5), C(44,4) <= C(30,5) < C(25,6), C(31,5), C(45,4)
)
def test_a_date_is_searched_for_the_sizes_whose_subsets_can_count(entries: int, parts: int) -> None:
    assert runs.countable(entries, 6, MAX_SUBSETS) == parts
    assert runs.countable(entries, 6, 0) == 6  # no bound: every size


def test_five_of_forty_entries_on_one_date_are_only_probed_and_an_unfinished_probe_is_reported() -> None:
    cents, _days, _ranks = _one_date(40, seed=3)
    target = int(cents[[1, 5, 9, 20, 33]].sum())
    # Not probed: the five are not searched (too many subsets of five of 40 for one to be evidence) and the search
    # says so, while the countable sizes are searched and certain.
    sols, certain, *_rest, unsearched = _search(cents, target, budget=10**9, max_subsets=MAX_SUBSETS, probe=0)
    assert (1, 5, 9, 20, 33) not in sols and certain and unsearched
    # Probed far enough: found, nothing left unprobed.
    sols, certain, *_rest, unsearched = _search(cents, target, budget=10**9, max_subsets=MAX_SUBSETS, probe=10**7)
    assert (1, 5, 9, 20, 33) in sols and not unsearched


# --- the whole stage ---------------------------------------------------------------------------------------------------


def _crowded_day(seed: int) -> tuple[list[Line], list[Line], set[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Twelve runs of 2-6 entries debited on one day: 44 entries on one posting date."""
    rng = random.Random(seed)
    bank: list[Line] = []
    journal: list[Line] = []
    truth = set()
    for r, k in enumerate([2, 2, 3, 3, 4, 4, 5, 6, 2, 3, 4, 6]):
        parts = _cents(rng, k)
        ids = tuple(f"r{r:02d}e{i}" for i in range(k))
        journal += [L(i, 12, f"{c // 100}.{c % 100:02d}", cp=f"Payee {i}") for i, c in zip(ids, parts)]
        total = sum(parts)
        bank.append(L(f"b{r:02d}", 12, f"{total // 100}.{total % 100:02d}", text="BULK PAYMENT"))
        truth.add(((f"b{r:02d}",), ids))
    return bank, journal, truth


def test_a_crowded_day_is_matched_within_the_stage_budget() -> None:
    bank, journal, truth = _crowded_day(seed=7)
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == truth


def test_runs_the_stage_budget_cannot_afford_are_left_open_and_the_result_is_the_same_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bank, journal, truth = _crowded_day(seed=7)
    spent: list[int] = []
    search = payment_runs.run_search

    def counted(*args: object) -> runs.Searched:
        found = search(*args)  # type: ignore[arg-type]
        spent.append(found[5])
        return found

    monkeypatch.setattr(payment_runs, "run_search", counted)
    monkeypatch.setattr(payment_runs, "RUN_SHARE", 300)  # far less than a dozen crowded runs need
    first = match(bank, journal, window_days=3)
    # Nothing decided on a partial search: the runs stay open (or suggested), none is matched wrongly.
    assert groups(first.groups) < truth
    assert len(first.groups) < len(truth)
    # The stage stopped searching once its share was spent (at most one run's probes past it).
    assert sum(spent) <= 300 * len(bank) + payment_runs.PROBE_NODES + payment_runs.SUGGEST_NODES
    again = match(bank, journal, window_days=3)
    assert again.groups == first.groups and again.suggestions == first.suggestions


# --- names read once per shape of text ---------------------------------------------------------------------------------


def test_memo_shapes_keep_everything_but_the_digits() -> None:
    assert memo_shape("INV-00292 ZENITH SOFTWARE LTD") == "INV-00000 ZENITH SOFTWARE LTD"
    assert memo_shape("INV-00292 ZENITH") == memo_shape("INV-71845 ZENITH")
    long_memo = "KZ " + "A" * 200
    assert len(memo_shape(long_memo)) == latin_mentions.MAX_TEXT


def test_sap_memos_that_differ_only_in_their_numbers_are_read_once_and_all_get_the_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[str] = []
    mentioned = latin_mentions.mentioned_latin

    def counted(text: str, *args: object) -> str:
        read.append(text)
        return mentioned(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(latin_mentions, "mentioned_latin", counted)
    bank = [L(f"b{k}", 5 + k, f"{1000 + 7 * k}.13", cp="ZENITH SOFTWARE LTD", text="IBG DEBIT") for k in range(3)]
    journal = [L(f"j{k}", 5 + k, f"{1000 + 7 * k}.13", text=f"INV-00{290 + k} ZENITH SOFTWARE LTD") for k in range(3)]
    result = match(bank, journal, window_days=3)
    assert len(read) == 1
    assert groups(result.groups) == {((f"b{k}",), (f"j{k}",)) for k in range(3)}
    assert all(any("ZENITH SOFTWARE" in r for r in g.reasons) for g in result.groups)


def test_chinese_summaries_that_differ_only_in_their_numbers_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[list[str]] = []
    names_of = mentions._names_of

    def counted(texts: list[str], dictionary: mentions.Dictionary) -> list[str]:
        read.append(list(texts))
        return names_of(texts, dictionary)

    monkeypatch.setattr(mentions, "_names_of", counted)
    bank = [L(f"b{k}", 5 + k, f"{2000 + 9 * k}.27", cp="杭州恒瑞贸易有限公司") for k in range(3)]
    journal = [L(f"j{k}", 5 + k, f"{2000 + 9 * k}.27", text=f"付恒瑞贸易货款 发票{1000 + k}") for k in range(3)]
    result = match(bank, journal, window_days=3)
    assert read == [["付恒瑞贸易货款 发票0000"]]
    assert groups(result.groups) == {((f"b{k}",), (f"j{k}",)) for k in range(3)}


def test_a_known_name_with_digits_is_read_from_each_summary_as_written() -> None:
    # A name with a digit (a 12306 agency) is only found where the summary writes its digits: no shapes then.
    bank = [L("b1", 5, "880.15", cp="12306票务代理有限公司"), L("b2", 5, "880.15", cp="恒瑞贸易有限公司")]
    journal = [L("j1", 5, "880.15", text="付12306票务代理款"), L("j2", 5, "880.15", text="付恒瑞贸易款")]
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {(("b1",), ("j1",)), (("b2",), ("j2",))}
    (agency,) = [g for g in result.groups if g.bank_ids == ("b1",)]
    assert any("~ 12306票务代理 " in reason for reason in agency.reasons)  # the name read in j1's summary
