"""Candidate pairs inside same-amount clusters (stage 3).

Events are the ambiguous lines of both sides sorted by (amount key, day,
side, id); a cluster is a run of events with the same key and no day gap
wider than the window.  Pairs are returned as positions in that event list.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

from ..normalize import Side
from ..state import State
from .window import composite

NAMELESS_FANOUT = 6  # in big clusters a nameless line competes with its nearest few


def window_pairs(
    cid: np.ndarray, day: np.ndarray, is_b: np.ndarray, use: np.ndarray, w: int
) -> tuple[np.ndarray, np.ndarray]:
    """All (bank event, journal event) pairs of the same cluster within ``w`` days.

    Vectorised over every cluster flagged in ``use``: (cluster, day) packed
    into one sorted int64, two ``searchsorted`` calls give each bank event
    its contiguous range of journal events, and ``np.repeat`` expands them.
    """
    bpos = np.flatnonzero(is_b & use)
    jpos = np.flatnonzero(~is_b & use)
    if bpos.size == 0 or jpos.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    bc, jc = composite([cid[bpos], cid[jpos]], [day[bpos], day[jpos]], w + 1)
    lo = np.searchsorted(jc, bc - w, "left")
    cnt = np.searchsorted(jc, bc + w, "right") - lo
    total = int(cnt.sum())
    first = np.cumsum(cnt) - cnt
    offs = np.arange(total, dtype=np.int64) - np.repeat(first - lo, cnt)
    return np.repeat(bpos, cnt), jpos[offs]


def _grams(side: Side, i: int) -> frozenset[str]:
    """Character bigrams of the counterparty core of line ``i`` (cached per name)."""
    code = int(side.cp_code[i])
    got = side.grams_cache.get(code)
    if got is None:
        core = side.cores[code]
        got = frozenset(core[k : k + 2] for k in range(max(1, len(core) - 1))) if core else frozenset()
        side.grams_cache[code] = got
    return got


def big_cluster_pairs(
    st: State, lo: int, hi: int, line: np.ndarray, day: np.ndarray, is_b: np.ndarray
) -> tuple[list[int], list[int]]:
    """Pairs for one big cluster (events ``lo:hi``), e.g. hundreds of 5,000.00 payments.

    Only pairs whose counterparty cores share a character bigram can score
    well; nameless lines compete with their nearest few candidates
    (``NAMELESS_FANOUT``, nearest by date, ties by cluster order).  The
    window cut is a bisection over the day-sorted journal events, so the
    work is linear in the cluster size, not quadratic.
    """
    w = st.window
    pos = range(lo, hi)
    flags = is_b[lo:hi].tolist()
    bpos = [p for p, f in zip(pos, flags) if f]
    jpos = [p for p, f in zip(pos, flags) if not f]
    days = day[lo:hi].tolist()
    jdays = [days[p - lo] for p in jpos]
    jgrams = [_grams(st.journal, int(line[p])) for p in jpos]
    out_b: list[int] = []
    out_j: list[int] = []
    for p in bpos:
        db = days[p - lo]
        grams = _grams(st.bank, int(line[p]))
        first, last = bisect_left(jdays, db - w), bisect_right(jdays, db + w)
        chosen = [c for c in range(first, last) if jgrams[c] and grams and grams & jgrams[c]]
        nameless = sorted((abs(db - jdays[c]), c) for c in range(first, last) if not jgrams[c] or not grams)
        chosen += [c for _dd, c in nameless[:NAMELESS_FANOUT]]
        out_b += [p] * len(chosen)
        out_j += [jpos[c] for c in chosen]
    return out_b, out_j
