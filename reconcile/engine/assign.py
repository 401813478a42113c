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
