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
def test_c_equals_python(amounts: list[int], target: int, min_size: int, max_size: int, limit: int,
                         max_nodes: int) -> None:
    kw = {"min_size": min_size, "max_size": max_size, "limit": limit, "max_nodes": max_nodes}
    assert subsets.subset_sums(amounts, target, **kw) == subsets.python_subset_sums(amounts, target, **kw)
