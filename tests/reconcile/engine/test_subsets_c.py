"""The C subset-sum search (``_subsets.c``) must return exactly what the Python search returns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.engine import subsets


def test_the_extension_is_built() -> None:
    assert subsets._subsets is not None, "run `make install` (setup.py builds reconcile/engine/_subsets.c)"


@pytest.mark.parametrize(
    "amounts, target, kwargs",
    [
        ([500, 300, 200, 100], 500, {}),  # two solutions: 300+200 and ... 500 alone is below min_size
        ([500, 300, 200, 100], 600, {"limit": 5}),
        ([7, 7, 7, 7], 14, {"limit": 10}),  # equal amounts: ties by index
        ([1] * 30, 6, {"max_nodes": 100}),  # budget runs out: incomplete
        ([5, 4, 3], 12, {"max_size": 2}),  # needs three parts: none within two
        ([10, 20], 0, {}),
        ([], 10, {}),
        ([9, 8, 1], 9, {"min_size": 1}),
    ],
)
def test_table(amounts: list[int], target: int, kwargs: dict) -> None:
    assert subsets.subset_sums(amounts, target, **kwargs) == subsets.python_subset_sums(amounts, target, **kwargs)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=60), max_size=16),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=1, max_value=3),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=3000),
)
def test_c_equals_python(
    amounts: list[int], target: int, min_size: int, max_size: int, limit: int, max_nodes: int
) -> None:
    kw = {"min_size": min_size, "max_size": max_size, "limit": limit, "max_nodes": max_nodes}
    assert subsets.subset_sums(amounts, target, **kw) == subsets.python_subset_sums(amounts, target, **kw)
    # The nodes visited too: a budget spent over several searches must run out at the same search in both.
    assert subsets.subset_search(amounts, target, **kw) == subsets.python_subset_search(amounts, target, **kw)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(min_value=1, max_value=40), st.integers(min_value=-3, max_value=3)), max_size=40),
    st.integers(min_value=2, max_value=150),
    st.integers(min_value=2, max_value=30),
    st.integers(min_value=2, max_value=12),
    st.integers(min_value=100, max_value=20_000),
    st.integers(min_value=0, max_value=60_000),
    st.sampled_from([0, 10, 200, 5_000]),
    st.integers(min_value=0, max_value=5_000),
)
def test_payment_run_search_c_equals_python(
    lines: list[tuple[int, int]],
    target: int,
    max_wide: int,
    max_day: int,
    max_nodes: int,
    budget: int,
    max_subsets: int,
    probe: int,
) -> None:
    import numpy as np

    from reconcile.engine.stages import run_search

    cents = np.array([c for c, _d in lines], dtype=np.int64)
    days = np.array([100 + d for _c, d in lines], dtype=np.int64)
    ranks = np.array(list(reversed(range(len(lines)))), dtype=np.int64)  # id order unlike input order
    args = (cents, days, ranks, target, 100, max_wide, max_day, 5, max_nodes, budget, max_subsets, probe)
    assert run_search.run_search(*args) == run_search.python_run_search(*args)


def test_payment_run_search_finds_four_entries_of_one_date_and_one_of_the_next_in_c_and_python() -> None:
    import numpy as np

    from reconcile.engine.stages import run_search

    # Four entries of day 100 and one of day 101 make the target; noise on both days.
    cents = np.array([123456, 234567, 34578, 456789, 56791, 111111, 22222], dtype=np.int64)
    days = np.array([100, 100, 100, 100, 101, 100, 101], dtype=np.int64)
    ranks = np.arange(len(cents), dtype=np.int64)
    args = (cents, days, ranks, 906181, 101, 60, 30, 5, 50_000, 10**9)
    sols, certain, *_rest = run_search.run_search(*args)
    assert sols == [(0, 1, 2, 3, 4)] and certain
    assert run_search.run_search(*args) == run_search.python_run_search(*args)
