"""The large-component margins from the edges alone (``assign.assign_sparse``) agree with ``assign`` on the dense
matrix: the same optimal pairs, the same estimated margins; and a component of thousands of lines a side stays
within the memory its edges need."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest

from reconcile.engine.assign import EXACT_MARGIN_MAX, assign, assign_sparse


def _component(seed: int, n_rows: int, n_cols: int, per_row: int) -> tuple[np.ndarray, ...]:
    rng = random.Random(seed)
    cells = {(r, c) for r in range(n_rows) for c in rng.sample(range(n_cols), min(per_row, n_cols))}
    rows, cols = map(np.array, zip(*sorted(cells)))
    # Distinct 4-decimal weights, as scores less the floor are (finer for a big one): no tie makes two optima.
    scale = 10_000 if len(cells) < 6_000 else 10_000_000
    values = rng.sample(range(1, int(0.65 * scale)), len(cells))
    weights = np.array(values, dtype=np.float64) / scale
    wanted = np.array([rng.random() < 0.7 for _ in cells])
    return rows, cols, weights, wanted


@pytest.mark.parametrize("seed", range(12))
def test_the_same_pairs_and_margins_as_the_dense_assignment(seed: int) -> None:
    n_rows, n_cols = EXACT_MARGIN_MAX + 1 + seed * 7, EXACT_MARGIN_MAX + 40 - seed * 3
    rows, cols, weights, wanted = _component(seed, n_rows, n_cols, per_row=3 + seed % 4)
    dense = np.zeros((n_rows, n_cols))
    dense[rows, cols] = weights
    want = np.zeros((n_rows, n_cols), dtype=bool)
    want[rows, cols] = wanted
    edge_of = {(r, c): k for k, (r, c) in enumerate(zip(rows.tolist(), cols.tolist()))}
    expected = sorted((edge_of[(a.row, a.col)], a.margin) for a in assign(dense, want))
    got = sorted(assign_sparse(n_rows, n_cols, rows, cols, weights, wanted))
    assert got == expected
    assert any(m > 0 for _k, m in got)  # the comparison is not between two empty answers


def test_a_row_or_column_of_its_own_has_no_runner_but_the_empty_cells() -> None:
    # One column: the row's runner is the empty cells (0), the column's the best other row.
    rows, cols = np.arange(EXACT_MARGIN_MAX + 1), np.zeros(EXACT_MARGIN_MAX + 1, dtype=np.int64)
    weights = np.linspace(0.1, 0.6, rows.size)
    got = assign_sparse(rows.size, 1, rows, cols, weights, np.ones(rows.size, dtype=bool))
    assert got == [(rows.size - 1, round(0.6 - weights[-2], 6))]


def test_a_component_of_thousands_of_lines_a_side_needs_memory_for_its_edges_only() -> None:
    n = 6_000  # a dense matrix of it would be 288 MB of float64
    rows, cols, weights, wanted = _component(99, n, n, per_row=4)
    tracemalloc.start()
    got = assign_sparse(n, n, rows, cols, weights, wanted)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert got
    assert peak < 40 * 2**20


@pytest.mark.parametrize("seed", range(6))
def test_with_tied_weights_the_optimum_total_is_the_dense_ones(seed: int) -> None:
    # 4-decimal scores tie often: either solver may pick another optimum, never a lighter one.
    rng = random.Random(100 + seed)
    n_rows, n_cols = EXACT_MARGIN_MAX + 5, EXACT_MARGIN_MAX + 9
    cells = sorted({(r, c) for r in range(n_rows) for c in rng.sample(range(n_cols), 3)})
    rows, cols = map(np.array, zip(*cells))
    weights = np.array([rng.choice((0.1, 0.2, 0.3, 0.45)) for _ in cells])
    wanted = np.ones(len(cells), dtype=bool)
    dense = np.zeros((n_rows, n_cols))
    dense[rows, cols] = weights
    dense_total = sum(a.weight for a in assign(dense.copy(), np.ones_like(dense, dtype=bool)))
    chosen = assign_sparse(n_rows, n_cols, rows, cols, weights, wanted)
    assert len({rows[k] for k, _m in chosen}) == len(chosen) == len({cols[k] for k, _m in chosen})
    assert round(float(weights[[k for k, _m in chosen]].sum()), 6) == round(dense_total, 6)


def _exact_margin(dense: np.ndarray, r: int, c: int) -> float:
    """How much the optimum loses when cell (r, c) is forbidden, by solving the dense matrix twice."""
    from scipy.optimize import linear_sum_assignment

    def best(m: np.ndarray) -> float:
        i, j = linear_sum_assignment(m, maximize=True)
        return float(np.maximum(m[i, j], 0.0).sum())

    without = dense.copy()
    without[r, c] = 0.0
    return round(best(dense) - best(without), 6)


def _crossed_square_and_filler(filler: int) -> tuple[np.ndarray, ...]:
    # Rows 0-1 and columns 0-1: (0,0) 0.5 is optimal with (1,1) 0.25 (0.75 against 0.35 + 0.35 = 0.70), so forbidding
    # it loses 0.05, though its row's and its column's runners (0.35) put the estimate at 0.15. Then a diagonal of
    # other pairs, to make the component large.
    cells = [(0, 0, 0.5), (0, 1, 0.35), (1, 0, 0.35), (1, 1, 0.25)] + [(i, i, 0.3) for i in range(2, 2 + filler)]
    rows, cols, weights = (np.array(x) for x in zip(*cells))
    return rows, cols, weights.astype(np.float64), np.ones(len(cells), dtype=bool)


def test_a_margin_the_caller_acts_on_is_exact_where_the_estimate_overstates_it() -> None:
    rows, cols, weights, wanted = _crossed_square_and_filler(EXACT_MARGIN_MAX)
    n = EXACT_MARGIN_MAX + 2
    estimated = dict(assign_sparse(n, n, rows, cols, weights, wanted))
    exact = dict(assign_sparse(n, n, rows, cols, weights, wanted, accept=0.1))
    assert estimated[0] == 0.15  # what the estimate alone would have accepted at 0.1
    assert exact[0] == 0.05
    dense = np.zeros((n, n))
    dense[rows, cols] = weights
    assert exact[0] == _exact_margin(dense, 0, 0)


@pytest.mark.parametrize("seed", range(24))
def test_margins_reaching_the_acceptance_are_exact_within_the_budget_and_never_overstated_past_it(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reconcile.engine import assign as assign_module

    n_rows, n_cols = EXACT_MARGIN_MAX + 3 + seed, EXACT_MARGIN_MAX + 8
    rows, cols, weights, wanted = _component(200 + seed, n_rows, n_cols, per_row=2 + seed % 3)
    dense = np.zeros((n_rows, n_cols))
    dense[rows, cols] = weights
    accept = 0.05
    estimated = dict(assign_sparse(n_rows, n_cols, rows, cols, weights, wanted))
    acting = [k for k, m in estimated.items() if m >= accept]
    assert acting  # the check below is not over nothing
    monkeypatch.setattr(assign_module, "RESOLVES_MAX", 10**6)
    for k, m in assign_sparse(n_rows, n_cols, rows, cols, weights, wanted, accept=accept):
        if k in acting:
            assert m == _exact_margin(dense, int(rows[k]), int(cols[k]))
    monkeypatch.setattr(assign_module, "RESOLVES_MAX", 0)
    for k, m in assign_sparse(n_rows, n_cols, rows, cols, weights, wanted, accept=accept):
        if k in acting:
            assert m <= _exact_margin(dense, int(rows[k]), int(cols[k])) + 1e-9
