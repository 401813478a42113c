"""Optimal one-to-one assignment inside a small same-amount cluster.

We maximise the total of ``weight = score - floor`` over chosen pairs with
``scipy.optimize.linear_sum_assignment`` (Hungarian / JV).  A zero weight
means "not worth matching"; a rectangular assignment padded with zero-weight
pairs is exactly the optimal partial matching, so we simply drop them.

Confidence in a chosen pair is its *deviation margin*: how much the optimal
total drops if that pair is forbidden.  A pair that only wins by a hair, or
a tie, has margin ~0 and is left to a person.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EXACT_MARGIN_MAX = 60  # re-solve per pair up to this many lines per side


class Assigned(NamedTuple):
    row: int
    col: int
    weight: float
    margin: float


def _total(weights: np.ndarray) -> float:
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return float(weights[rows, cols].sum())


def assign(weights: np.ndarray, wanted: np.ndarray | None = None) -> list[Assigned]:
    """Optimal pairs with positive weight and their deviation margins.

    ``weights`` is rows x cols, >= 0, 0 = no edge.  Callers order rows and
    columns by a stable key, so ties resolve identically for any input order
    (and are anyway reported with margin 0, never auto-accepted).
    ``wanted`` (bool, same shape) limits the pairs whose margin is computed
    (one re-solve each) to those a caller could act on; others are skipped.
    """
    if weights.size == 0:
        return []
    rows, cols = linear_sum_assignment(weights, maximize=True)
    chosen = [(int(r), int(c)) for r, c in zip(rows, cols) if weights[r, c] > 0]
    if not chosen:
        return []
    best = float(sum(weights[r, c] for r, c in chosen))
    out: list[Assigned] = []
    exact = max(weights.shape) <= EXACT_MARGIN_MAX
    for r, c in chosen:
        if wanted is not None and not wanted[r, c]:
            continue
        w = float(weights[r, c])
        if exact:
            saved = weights[r, c]
            weights[r, c] = 0.0
            margin = best - _total(weights)
            weights[r, c] = saved
        else:
            # Large cluster: a local lower-bound-like margin (runner-up in the
            # same row and column); conservative, it can only withhold pairs.
            row = np.delete(weights[r], c)
            col = np.delete(weights[:, c], r)
            runner = max(float(row.max()) if row.size else 0.0, float(col.max()) if col.size else 0.0)
            margin = w - runner
        out.append(Assigned(r, c, w, max(0.0, round(margin, 6))))
    return out


def assign_sparse(
    n_rows: int, n_cols: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, wanted: np.ndarray
) -> list[tuple[int, float]]:
    """``assign`` of a large component (more than ``EXACT_MARGIN_MAX`` lines a side) given as its edges: (edge
    index, margin) of the optimal pairs that are ``wanted``, the margin estimated as ``assign`` does there (the pair's
    weight less the best other weight of its row and of its column, 0 for a cell without an edge).

    ``assign`` needs the dense rows x cols matrix: a busy cluster at a million lines (hundreds of deposits a day of
    one figure, chained by booking lags into one component of thousands of lines a side) made it gigabytes and
    seconds of work. Here the work and memory follow the edges: the same optimum, as a perfect matching of a sparse
    graph where every row may instead take a dummy column of its own and every column a dummy row, and the two
    dummies of a real edge may pair (so any partial matching extends to a perfect one of the same weight); every
    weight is raised by 1, which adds the same to every perfect matching, because the solver reads a zero as no edge.
    """
    if rows.size == 0:
        return []
    n_edges = rows.size
    r_dummy = np.arange(n_rows)
    c_dummy = np.arange(n_cols)
    # Rows: real rows, then one dummy row per column; columns: real columns, then one dummy column per row.
    graph_rows = np.concatenate((rows, r_dummy, n_rows + c_dummy, n_rows + cols))
    graph_cols = np.concatenate((cols, n_cols + r_dummy, c_dummy, n_cols + rows))
    graph_w = np.concatenate((weights + 1.0, np.ones(n_rows + n_cols + n_edges)))
    size = n_rows + n_cols
    graph = coo_matrix((graph_w, (graph_rows, graph_cols)), shape=(size, size)).tocsr()
    matched_r, matched_c = min_weight_full_bipartite_matching(graph, maximize=True)
    real = (matched_r < n_rows) & (matched_c < n_cols)
    edge_of = {(r, c): k for k, (r, c) in enumerate(zip(rows.tolist(), cols.tolist()))}
    chosen = [edge_of[(r, c)] for r, c in zip(matched_r[real].tolist(), matched_c[real].tolist())]
    chosen = [k for k in chosen if wanted[k] and weights[k] > 0]
    if not chosen:
        return []
    # Best and second-best weight per row and per column (and where the best is), for the runner-ups.
    best_row, second_row, at_row = _top_two(rows, cols, weights, n_rows)
    best_col, second_col, at_col = _top_two(cols, rows, weights, n_cols)
    out = []
    for k in chosen:
        r, c, w = int(rows[k]), int(cols[k]), float(weights[k])
        runner_row = second_row[r] if at_row[r] == c else best_row[r]
        runner_col = second_col[c] if at_col[c] == r else best_col[c]
        # A cell without an edge weighs 0 in ``assign``'s matrix: a row of other columns has a runner of 0 at least.
        runner = max(runner_row if n_cols > 1 else 0.0, runner_col if n_rows > 1 else 0.0, 0.0)
        out.append((k, max(0.0, round(w - runner, 6))))
    return out


def _top_two(
    keys: np.ndarray, others: np.ndarray, weights: np.ndarray, n: int
) -> tuple[list[float], list[float], list[int]]:
    """Per key (row or column, ``n`` of them): its largest weight, its second largest (0 without one) and the other
    index of the largest (-1 without one). Ties: the second largest equals the largest."""
    best = [0.0] * n
    second = [0.0] * n
    at = [-1] * n
    for key, other, w in zip(keys.tolist(), others.tolist(), weights.tolist()):
        if at[key] < 0 or w > best[key]:
            second[key] = best[key] if at[key] >= 0 else 0.0
            best[key], at[key] = w, other
        elif w > second[key]:
            second[key] = w
    return best, second, at
