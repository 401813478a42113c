"""The only pairing of the nearest dates of a few same-amount lines (stage 4b, ``ambiguous.NEAREST_DATES``)."""

from __future__ import annotations

from itertools import permutations

import numpy as np

from ..score import score_pairs
from ..state import State


def nearest_dates(
    st: State,
    strong: np.ndarray,
    b_line: np.ndarray,
    j_line: np.ndarray,
    dd: np.ndarray,
    at: dict[tuple[int, int], int],
    n: int,
) -> list[int] | None:
    """n bank and n journal lines of one amount with more than one way to pair them, where nothing but the dates tells
    the pairs apart: no pair names a party or shares a reference, and every possible pair scores the same on names and
    summaries (its score as if both lines were booked on one day). The pairing whose total date distance is smallest
    is taken when it is the only one that small (a booking follows its payment by a similar lag each time, so the
    crossing pairing, or a pair days apart beside one of the same day, is the less likely); two pairings of equal
    total decide nothing and stay suggestions."""
    x = np.fromiter(at.values(), dtype=np.int64, count=len(at))
    if strong[x].any():
        return None  # named twins: ``DATE_ORDER_TWINS`` decides whether dates may pair them
    same_day = score_pairs(st.bank, st.journal, b_line[x], j_line[x], np.zeros(x.size, np.int64), st.window)
    if np.unique(same_day.score).size != 1:
        return None
    dist = {rc: int(dd[k]) for rc, k in at.items()}
    best: list[int] | None = None
    best_total = tied = -1
    for perm in permutations(range(n)):
        if all((r, c) in dist for r, c in enumerate(perm)):
            total = sum(dist[(r, c)] for r, c in enumerate(perm))
            if best is None or total < best_total:
                best, best_total, tied = list(perm), total, 0
            elif total == best_total:
                tied = 1
    return None if tied else best
