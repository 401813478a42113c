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
from scipy.sparse import csr_matrix
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


RESOLVES_MAX = 32  # exact margins re-solved per large component; beyond it, a lower bound decides
RESOLVE_EDGES_MAX = 1_000  # ... and only in a component of at most this many edges (each re-solve is linear in them)


def assign_sparse(
    n_rows: int,
    n_cols: int,
    rows: np.ndarray,
    cols: np.ndarray,
    weights: np.ndarray,
    wanted: np.ndarray,
    accept: float | None = None,
) -> list[tuple[int, float]]:
    """``assign`` of a large component (more than ``EXACT_MARGIN_MAX`` lines a side) given as its edges: (edge
    index, margin) of the optimal pairs that are ``wanted``.

    Without ``accept`` the margin is estimated as ``assign`` does there: the pair's weight less the best other weight
    of its row and of its column (0 for a cell without an edge). That estimate is neither bound: forbidding the pair,
    its row may take its runner-up while its column takes its own, so the optimum can lose less than the estimate
    says. With ``accept`` (the margin a caller acts on), a pair whose estimate reaches it gets its exact margin, the
    component solved again without the pair (at most ``RESOLVES_MAX`` a component); past that budget it gets a lower
    bound that holds: the weight less *both* runners (each side of the pair can gain at most its runner-up when the
    pair is forbidden, the rest of the optimum cannot gain). So an accepted pair's margin is never overstated.

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
    edge_of = {(r, c): k for k, (r, c) in enumerate(zip(rows.tolist(), cols.tolist()))}
    # The graph in CSR form, built once: a re-solve without edge k sets k's weight to 0 (1 in the graph) in place of
    # removing it. The optimum's value is the same (a matching using k at 0 weighs what it weighs without k, and every
    # partial matching extends to a perfect one), and the re-solves skip scipy's conversions (most of their cost).
    order = np.lexsort((graph_cols, graph_rows))
    position = np.empty(order.size, dtype=np.int64)
    position[order] = np.arange(order.size)
    indptr = np.zeros(size + 1, dtype=np.int32)
    np.cumsum(np.bincount(graph_rows, minlength=size), out=indptr[1:])
    graph = csr_matrix((graph_w[order], graph_cols[order].astype(np.int32), indptr), shape=(size, size), copy=False)

    def optimum(without: int = -1) -> list[int]:
        if without >= 0:
            at = int(position[without])
            saved, graph.data[at] = graph.data[at], 1.0
        try:
            matched_r, matched_c = min_weight_full_bipartite_matching(graph, maximize=True)
        finally:
            if without >= 0:
                graph.data[at] = saved
        real = (matched_r < n_rows) & (matched_c < n_cols)
        edges = [edge_of[(r, c)] for r, c in zip(matched_r[real].tolist(), matched_c[real].tolist())]
        return edges if without < 0 else [k for k in edges if k != without]

    def total(edges: list[int]) -> float:
        return float(np.maximum(weights[edges], 0.0).sum()) if edges else 0.0

    pairs = optimum()
    chosen = [k for k in pairs if wanted[k] and weights[k] > 0]
    if not chosen:
        return []
    best = total(pairs)
    # Best and second-best weight per row and per column (and where the best is), for the runner-ups.
    best_row, second_row, at_row = _top_two(rows, cols, weights, n_rows)
    best_col, second_col, at_col = _top_two(cols, rows, weights, n_cols)

    def other(best_of: list[float], second_of: list[float], at: list[int], key: int, but: int) -> float:
        return max(second_of[key] if at[key] == but else best_of[key], 0.0)

    bound: _Bound | None = None
    exact_left = RESOLVES_MAX if n_edges <= RESOLVE_EDGES_MAX else 0
    out = []
    for k in chosen:
        r, c, w = int(rows[k]), int(cols[k]), float(weights[k])
        # A cell without an edge weighs 0 in ``assign``'s matrix: a row of other columns has a runner of 0 at least.
        runner_row = other(best_row, second_row, at_row, r, c) if n_cols > 1 else 0.0
        runner_col = other(best_col, second_col, at_col, c, r) if n_rows > 1 else 0.0
        margin = w - max(runner_row, runner_col)
        if accept is not None and margin >= accept - 1e-9:
            if exact_left:
                exact_left -= 1
                margin = best - total(optimum(without=k))
            else:
                bound = bound or _Bound(
                    rows, cols, weights, pairs, (best_row, second_row, at_row), (best_col, second_col, at_col)
                )
                gain_r, gain_c = bound.gain(r, c, runner_row, rows=True), bound.gain(c, r, runner_col, rows=False)
                margin = w - min(gain_r + runner_col, runner_row + gain_c)
        out.append((k, max(0.0, round(margin, 6))))
    return out


class _Bound:
    """What forbidding an optimal pair (r, c) can let the rest of the optimum gain, bounded without solving again.

    With (r, c) gone, the new optimum differs from the old by alternating paths and cycles; those not touching r or
    c cannot gain (the old optimum was optimal), so the gain is that of a path from r plus a path from c, or of one
    path from r to c. A path from r takes some edge (r, c1): if c1 was free it gains at most w(r, c1) (what follows
    cannot gain, by the same argument); if c1 was r1's, r1 loses w(r1, c1) and can gain at most its best other edge.
    So the path from r gains at most ``gain(r)`` = the best over r's other edges of w(r, c1) [- w(r1, c1) + r1's best
    other], and never more than r's runner-up; a path from r to c at most ``gain(r)`` plus c's runner-up (or the
    reverse). Margin >= weight - min(gain(r) + runner(c), runner(r) + gain(c)).
    """

    def __init__(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        weights: np.ndarray,
        pairs: list[int],
        row_top: tuple[list[float], list[float], list[int]],
        col_top: tuple[list[float], list[float], list[int]],
    ) -> None:
        self.rows, self.cols, self.weights = rows.tolist(), cols.tolist(), weights.tolist()
        self.partner_of_col = {self.cols[k]: (self.rows[k], self.weights[k]) for k in pairs}
        self.partner_of_row = {self.rows[k]: (self.cols[k], self.weights[k]) for k in pairs}
        self.row_top, self.col_top = row_top, col_top
        self.edges_of_row: dict[int, list[int]] = {}
        self.edges_of_col: dict[int, list[int]] = {}
        for k, (r, c) in enumerate(zip(self.rows, self.cols)):
            self.edges_of_row.setdefault(r, []).append(k)
            self.edges_of_col.setdefault(c, []).append(k)

    def gain(self, key: int, pair: int, runner: float, *, rows: bool) -> float:
        """The most a path from ``key`` (a row if ``rows``, else a column; its optimal partner ``pair`` forbidden)
        can gain, at most ``runner``."""
        edges = self.edges_of_row[key] if rows else self.edges_of_col[key]
        ends = self.cols if rows else self.rows
        partner_of = self.partner_of_col if rows else self.partner_of_row
        top_best, top_second, top_at = self.row_top if rows else self.col_top
        most = 0.0
        for k in edges:
            end, w = ends[k], self.weights[k]
            if end == pair:
                continue
            held = partner_of.get(end)
            if held is not None:
                holder, held_w = held
                w += max(top_second[holder] if top_at[holder] == end else top_best[holder], 0.0) - held_w
            most = max(most, w)
        return min(most, runner)


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
