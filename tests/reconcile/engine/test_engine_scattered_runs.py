"""Payment runs whose entries are booked each on its own date (stage 4C, ``stages/run_window.py``): in a file that
books its runs over several days, a subset decides only as the only one of its whole window, whatever its dates.

The files here hold nine runs of four entries over three dates, ten days apart (each bank line's window holds its
own run only), so that the file shows how it books its runs; then one run under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import numpy as np
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine import Line, MatchGroup, match
from reconcile.engine.stages import run_window
from reconcile.reasons import reasons_text

START = dt.date(2024, 1, 1)


def L(id: str, day: int, amount: str, text: str = "", cp: str = "") -> Line:
    """A payment ``day`` days after 2024-01-01 (no calendar: plain days)."""
    return Line(id, START + dt.timedelta(days=day), Decimal(amount), "out", "", cp, text)


def spread_runs() -> tuple[list[Line], list[Line]]:
    """Nine runs of four entries each: two on one date, one on each of the next two; the bank debits the run on
    the last of them."""
    bank, journal = [], []
    for r in range(9):
        d = 10 * r
        amounts = [Decimal(f"{1000 + 111 * r}.{13 + r}"), Decimal(f"{250 + 37 * r}.{41 + r}")]
        amounts += [Decimal(f"{780 + 53 * r}.{27 + r}"), Decimal(f"{3100 + 71 * r}.{59 + r}")]
        for k, (day, amount) in enumerate(zip((d, d, d + 1, d + 2), amounts)):
            journal.append(L(f"r{r}j{k}", day, str(amount), cp=f"Supplier {r}-{k}"))
        bank.append(L(f"r{r}", d + 2, str(sum(amounts)), text=f"PAYMENT RUN BATCH {r}"))
    return bank, journal


def groups(result_groups: list[MatchGroup]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(g.bank_ids, g.journal_ids) for g in result_groups}


def test_a_run_of_four_entries_over_three_dates_is_matched_and_explained() -> None:
    bank, journal = spread_runs()
    result = match(bank, journal, window_days=3)
    assert groups(result.groups) == {((f"r{r}",), tuple(f"r{r}j{k}" for k in range(4))) for r in range(9)}
    g = result.groups[0]
    assert g.rule == "subset_sum"
    with translation.override("en"):
        text = reasons_text(g.reasons)
    assert "the only subset of two to five entries among all 4 lines of the window that adds up (any dates)" in text
    assert "4 lines add up to the amount" in text


# The run under test, debited on day 102: four entries of day 100 add up to 6,000.00 (the only such subset of one
# date, so the shaped searches decide it), and so do four entries over days 99-101.
ONE_DATE = [("o1", 100, "1500.10"), ("o2", 100, "1200.20"), ("o3", 100, "2100.30"), ("o4", 100, "1199.40")]
OVER_DAYS = [("s1", 99, "2500.05"), ("s2", 100, "1700.15"), ("s3", 101, "900.25"), ("s4", 101, "899.55")]
RUN_BANK = L("b_x", 102, "6000.00", text="SAMMELUEBERWEISUNG")


def _run_lines() -> list[Line]:
    return [L(i, d, a, cp=f"Payee {i}") for i, d, a in ONE_DATE + OVER_DAYS]


def test_a_one_date_subset_with_a_rival_over_the_window_is_only_suggested() -> None:
    bank, journal = spread_runs()
    result = match(bank + [RUN_BANK], journal + _run_lines(), window_days=3)
    assert not [g for g in result.groups if g.bank_ids == ("b_x",)]
    suggested = {s.journal_ids for s in result.suggestions if s.bank_ids == ("b_x",)}
    assert ("o1", "o2", "o3", "o4") in suggested
    assert ("s1", "s2", "s3", "s4") in suggested
    assert len(result.groups) == 9  # the nine runs that show how the file books its runs stay matched


def test_where_runs_are_posted_on_one_date_the_one_date_subset_decides_as_before() -> None:
    # Without runs over several days to show otherwise, the ERP posts a run on one date: of two subsets of four,
    # the one of one date is the run.
    result = match([RUN_BANK], _run_lines(), window_days=3)
    assert groups(result.groups) == {(("b_x",), ("o1", "o2", "o3", "o4"))}


def test_a_file_with_its_runs_on_one_date_is_not_taken_for_one_over_several_days() -> None:
    rng = np.random.default_rng(7)
    windows = []
    for _ in range(12):
        cents = rng.integers(10_000, 900_000, size=6).astype(np.int64)
        windows.append((cents, np.array([5, 5, 5, 5, 6, 7], dtype=np.int64), int(cents[:4].sum())))
    assert not run_window.booked_over_days(windows)
    spread = [(c, np.array([5, 5, 6, 7, 6, 7], dtype=np.int64), t) for c, _d, t in windows]
    assert run_window.booked_over_days(spread)
    assert not run_window.booked_over_days(spread[: run_window.MIN_EVIDENCE - 1])  # too few to tell


def _brute(vals: list[int], target: int, max_parts: int) -> list[tuple[int, ...]]:
    return [
        s
        for k in range(2, max_parts + 1)
        for s in itertools.combinations(range(len(vals)), k)
        if sum(vals[i] for i in s) == target
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=60), max_size=18),
    st.integers(min_value=0, max_value=160),
    st.integers(min_value=2, max_value=5),
    st.sampled_from([1, 2, 3, 50]),
)
def test_the_window_search_finds_every_subset_and_the_c_search_equals_it(
    vals: list[int], target: int, max_parts: int, limit: int
) -> None:
    cents = np.array(vals, dtype=np.int64)
    found = run_window.python_window_subsets(cents, target, max_parts, limit)
    assert found is not None
    every = _brute(vals, target, max_parts)
    assert set(found) <= set(every) and len(found) == min(limit, len(every))
    assert [len(s) for s in found] == sorted(len(s) for s in found)
    if len(every) <= limit:
        assert sorted(found) == sorted(every)
    assert run_window.window_subsets(cents, target, max_parts, limit) == found


def test_a_window_too_full_to_search_answers_nothing() -> None:
    cents = np.arange(1, run_window.MAX_WINDOW + 2, dtype=np.int64)
    assert run_window.window_subsets(cents, 100) is None
    assert run_window.python_window_subsets(cents, 100) is None


def test_a_run_left_unsearched_by_the_budget_never_takes_lines_taken_since(monkeypatch) -> None:
    # Run X (j1 + j2) is decided in the first pass. Run O's only whole-window subset, found in that pass, holds j1
    # too. Then the stage's node budget runs out (forced here at run T's second search, as a crowded file at scale
    # would): O is not searched again, and its remembered subset must not be taken with j1 already in X.
    from reconcile.engine.stages import payment_runs

    bank, journal = spread_runs()
    journal += [
        L("j1", 200, "1234.57", cp="P1"),
        L("j2", 200, "2345.68", cp="P2"),
        L("k1", 199, "811.13", cp="K1"),
        L("k2", 201, "622.19", cp="K2"),
        L("k3", 202, "433.27", cp="K3"),
    ]
    o_total = Decimal("1234.57") + Decimal("811.13") + Decimal("622.19") + Decimal("433.27")
    bank += [
        L("a_T", 201, "9999.99", text="PAYMENT RUN T"),
        L("x_X", 201, "3580.25", text="PAYMENT RUN X"),
        L("z_O", 202, str(o_total), text="PAYMENT RUN O"),
    ]
    search, calls = payment_runs._search, {"T": 0}

    def exhausting(pools, a, z, oday, target, count, budget):  # type: ignore[no-untyped-def]
        found, nodes = search(pools, a, z, oday, target, count, budget)
        if target == 999_999:
            calls["T"] += 1
            if calls["T"] == 2:
                nodes = 10**12  # the budget runs out here
        return found, nodes

    monkeypatch.setattr(payment_runs, "_search", exhausting)
    result = match(bank, journal, window_days=3)
    assert calls["T"] == 2
    taken = [j for g in result.groups for j in g.journal_ids]
    assert len(taken) == len(set(taken))
    assert (("x_X",), ("j1", "j2")) in groups(result.groups)
    assert not any(g.bank_ids == ("z_O",) for g in result.groups)
