"""Deviation margins inside one small connected component of candidate pairs.

The margin of a pair is how much the optimal total weight (maximum weight
matching = ``assign``'s padded linear-sum assignment) drops when that pair
is forbidden.  Most components of same-amount clusters are tiny: stars
(one line, several candidates) and paths (twins chained by booking lags).
Those get exact closed forms / a linear DP here instead of one
``linear_sum_assignment`` per pair; everything else goes to ``assign``, and a component of more than
``EXACT_MARGIN_MAX`` lines a side to ``assign_sparse`` (its edges, not a dense matrix).

Which optimum a solver returns under ties does not matter: a pair with a
positive margin is in *every* optimum, and a pair in only some optima has
margin 0 and is never accepted.  Margins are rounded to 6 decimals (as in
``assign``), which absorbs last-bit differences from summation order.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import numpy as np

from ..assign import EXACT_MARGIN_MAX, assign, assign_sparse

Edge = tuple[int, int, float, bool]  # (row, col, weight > 0, margin wanted)
BRUTE_FORCE_EDGES = 4


def _round(margin: float) -> float:
    return max(0.0, round(margin, 6))


def margins(n_rows: int, n_cols: int, edges: list[Edge], accept: float | None = None) -> list[tuple[int, float]]:
    """(edge index, margin) for the pairs of an optimal matching (others have margin 0).

    Margins are only guaranteed for edges flagged as wanted. In a large component (``assign_sparse``) a margin is an
    estimate, except that one reaching ``accept`` is exact or a lower bound.
    """
    if max(n_rows, n_cols) > EXACT_MARGIN_MAX:
        rs, cs, ws, xs = zip(*edges)
        return assign_sparse(
            n_rows, n_cols, np.array(rs), np.array(cs), np.array(ws, dtype=np.float64), np.array(xs), accept=accept
        )
    degree: dict[tuple[int, int], int] = {}
    for r, c, _w, _x in edges:
        degree[(0, r)] = degree.get((0, r), 0) + 1
        degree[(1, c)] = degree.get((1, c), 0) + 1
    if len(edges) == n_rows + n_cols - 1 and max(degree.values()) <= 2:
        return _path(edges)
    if n_rows == 1 or n_cols == 1:
        return _star(edges)
    if len(edges) <= BRUTE_FORCE_EDGES:
        return _brute_force(edges)
    return _with_assign(n_rows, n_cols, edges)


def _with_assign(n_rows: int, n_cols: int, edges: list[Edge]) -> list[tuple[int, float]]:
    weights = np.zeros((n_rows, n_cols))
    wanted = np.zeros((n_rows, n_cols), dtype=bool)
    at: dict[tuple[int, int], int] = {}
    for k, (r, c, w, x) in enumerate(edges):
        weights[r, c] = w
        wanted[r, c] = x
        at[(r, c)] = k
    return [(at[(a.row, a.col)], a.margin) for a in assign(weights, wanted)]


def _star(edges: list[Edge]) -> list[tuple[int, float]]:
    """One line and its candidates: the best pair, beaten only by the runner-up."""
    ws = [e[2] for e in edges]
    best = max(range(len(ws)), key=ws.__getitem__)
    runner = max((w for k, w in enumerate(ws) if k != best), default=0.0)
    return [(best, _round(ws[best] - runner))]


def _path(edges: list[Edge]) -> list[tuple[int, float]]:
    """Alternating path: prefix/suffix DP; forbidding edge k splits the path in two."""
    adj: dict[tuple[int, int], list[int]] = {}
    for k, (r, c, _w, _x) in enumerate(edges):
        adj.setdefault((0, r), []).append(k)
        adj.setdefault((1, c), []).append(k)
    node = next(n for n, ks in adj.items() if len(ks) == 1)
    seq: list[int] = []
    prev = -1
    while True:
        nxt = [k for k in adj[node] if k != prev]
        if not nxt:
            break
        k = nxt[0]
        seq.append(k)
        r, c = edges[k][0], edges[k][1]
        node = (1, c) if node == (0, r) else (0, r)
        prev = k
    w = [edges[k][2] for k in seq]
    m = len(w)
    pre = [0.0] * (m + 1)  # pre[i]: best using the first i edges
    for i in range(m):
        pre[i + 1] = max(pre[i], (pre[i - 1] if i else 0.0) + w[i])
    suf = [0.0] * (m + 2)  # suf[i]: best using edges i.. (0-based)
    for i in range(m - 1, -1, -1):
        suf[i] = max(suf[i + 1], suf[i + 2] + w[i])
    best = pre[m]
    return [(seq[i], _round(best - (pre[i] + suf[i + 1]))) for i in range(m)]


def _brute_force(edges: list[Edge]) -> list[tuple[int, float]]:
    """Every matching of a tiny component (e.g. a 2x2 cycle of four pairs)."""
    matchings = [((), 0.0)] + [
        (combo, sum(edges[k][2] for k in combo)) for combo in _matchings(tuple((e[0], e[1]) for e in edges))
    ]
    best = max(v for _m, v in matchings)
    out = []
    for k in range(len(edges)):
        without = max(v for m, v in matchings if k not in m)
        out.append((k, _round(best - without)))
    return out


@lru_cache(maxsize=4096)
def _matchings(cells: tuple[tuple[int, int], ...]) -> tuple[tuple[int, ...], ...]:
    """The non-empty sets of edges (by index, ascending) sharing no row and no column, smallest first: they depend
    only on where the edges are, and the few shapes of a run's tiny components recur thousands of times."""
    found = []
    for size in range(1, len(cells) + 1):
        for combo in combinations(range(len(cells)), size):
            if len({cells[k][0] for k in combo}) == size and len({cells[k][1] for k in combo}) == size:
                found.append(combo)
    return tuple(found)


def only_pairing(adj: list[int]) -> list[int] | None:
    """The column of each row in the only perfect matching of a small bipartite graph (rows' bit sets of
    columns), or None if there is none or more than one."""
    found: list[list[int]] = []

    def walk(r: int, used: int, cols: list[int]) -> None:
        if len(found) > 1:
            return
        if r == len(adj):
            found.append(cols.copy())
            return
        free = adj[r] & ~used
        while free:
            bit = free & -free
            free ^= bit
            cols.append(bit.bit_length() - 1)
            walk(r + 1, used | bit, cols)
            cols.pop()

    walk(0, 0, [])
    return found[0] if len(found) == 1 else None
