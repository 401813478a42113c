"""Stage 3: same-amount ambiguity, resolved by global optimal assignment.

Lines that share amount and direction with more than one candidate inside
the window are cut into clusters (same key, no day gap wider than the
window), every candidate pair is scored (date, counterparty, summary,
reference), and each connected component of useful pairs is assigned
globally (``assign.assign``).  A chosen pair is auto-accepted only when

* forbidding it costs the optimum at least ``AUTO_MARGIN`` (it clearly
  dominates every alternative, including rearrangements of the others), and
* it has positive identifying evidence: the same reference or a strong
  counterparty-name match. Date proximity alone never decides a tie, because
  booking lags of 0-3 days routinely cross.

Everything not accepted stays free; stage 5 turns it into suggestions.

Vectorised: clustering, candidate pairs (``candidates.py``), scoring and the
connected components are numpy/scipy over all clusters at once; single-edge
components (the large majority) are decided in bulk.  Only multi-edge
components run one by one in Python (stars and paths in closed form,
``components.py``; the rest through ``assign``).  Row/column order inside a
cluster is (day, line id), so the result does not depend on input order.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import NamedTuple

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..score import STRONG_NAME, bulk_reasons, pair_reasons, round_places, score_pairs
from ..state import State
from ..types import RULE_AMBIGUOUS
from .candidates import big_cluster_pairs, window_pairs
from .components import margins

FLOOR = 0.35  # a pair scoring below this is not worth matching at all
AUTO_MARGIN = 0.2
DENSE_MAX_PAIRS = 400  # clusters up to this many candidate pairs are scored exhaustively


class _Edges(NamedTuple):
    """Useful candidate pairs: positions in the event list, lines, distance, score."""

    pb: np.ndarray
    pj: np.ndarray
    b_line: np.ndarray
    j_line: np.ndarray
    dd: np.ndarray
    score: np.ndarray
    strong: np.ndarray  # same reference or a strong name match: may be auto-accepted


def ambiguous_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    if amb_b.size == 0 or amb_j.size == 0:
        return
    edges, n_events = _edges(st, amb_b, amb_j)
    if edges is None:
        return
    # Connected components over useful edges keep each assignment small.
    graph = coo_matrix((np.ones(edges.pb.size, dtype=np.int8), (edges.pb, edges.pj)), shape=(n_events, n_events))
    _ncomp, label = connected_components(graph, directed=False)
    comp = label[edges.pb]
    single = np.bincount(comp)[comp] == 1
    _take_single_edges(st, edges, np.flatnonzero(single))
    multi = np.flatnonzero(~single)
    if multi.size:
        _take_from_components(st, edges, multi[np.lexsort((edges.pj[multi], edges.pb[multi], comp[multi]))], comp)


def _edges(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> tuple[_Edges | None, int]:
    """Clusters, candidate pairs and their scores, for all clusters at once."""
    bank, journal, w = st.bank, st.journal, st.window
    # All ambiguous lines as one event list sorted by (amount key, day, side, id).
    key = np.concatenate((bank.key[amb_b], journal.key[amb_j]))
    day = np.concatenate((bank.day[amb_b], journal.day[amb_j]))
    side = np.concatenate((np.zeros(amb_b.size, np.int8), np.ones(amb_j.size, np.int8)))
    rank = np.concatenate((bank.rank[amb_b], journal.rank[amb_j]))
    order = np.lexsort((rank, side, day, key))
    key, day, is_b = key[order], day[order], side[order] == 0
    line = np.concatenate((amb_b, amb_j))[order]
    # Clusters: same key, no day gap wider than the window.
    new = np.ones(order.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (day[1:] - day[:-1] > w)
    cid = np.cumsum(new) - 1
    n_b = np.bincount(cid, weights=is_b).astype(np.int64)
    n_j = np.bincount(cid, minlength=n_b.size) - n_b
    both = (n_b > 0) & (n_j > 0)
    dense = both & (n_b * n_j <= DENSE_MAX_PAIRS)
    # Candidate pairs as positions in the sorted event list.
    pb, pj = window_pairs(cid, day, is_b, dense[cid], w)
    big = both & ~dense
    if big.any():
        bb, bj = big_cluster_pairs(bank, journal, cid, day, is_b, line, big[cid], w)
        pb, pj = np.concatenate((pb, bb)), np.concatenate((pj, bj))
    if pb.size == 0:
        return None, order.size
    b_line, j_line = line[pb], line[pj]
    dd = np.abs(day[pb] - day[pj])
    sc = score_pairs(bank, journal, b_line, j_line, dd, w)
    keep = (sc.score > FLOOR) & ~sc.conflict
    if not keep.any():
        return None, order.size
    strong = sc.same_ref | (sc.named & (sc.name_sim >= STRONG_NAME))
    return _Edges(pb[keep], pj[keep], b_line[keep], j_line[keep], dd[keep], sc.score[keep], strong[keep]), order.size


def _take_single_edges(st: State, e: _Edges, single: np.ndarray) -> None:
    """Single-edge components (the large majority): the margin is the pair's own
    weight, decided and built in bulk."""
    margin = np.maximum(0.0, round_places(e.score[single] - FLOOR, 6))
    ok = e.strong[single] & ~(margin < AUTO_MARGIN)
    take, margin = single[ok], margin[ok]
    tb, tj = e.b_line[take], e.j_line[take]
    base = bulk_reasons(st.bank, st.journal, tb, tj, e.dd[take], st.working)
    reasons = list(map(tuple.__add__, base, zip(map(partial(_why, "1x1"), margin.tolist()))))
    st.take_pairs(tb, tj, RULE_AMBIGUOUS, e.score[take].tolist(), reasons)


def _take_from_components(st: State, e: _Edges, by_comp: np.ndarray, comp: np.ndarray) -> None:
    """Multi-edge components (edges grouped by component): exact margins per component."""
    bounds = [0] + (np.flatnonzero(np.diff(comp[by_comp])) + 1).tolist() + [by_comp.size]
    e_pb, e_pj = e.pb[by_comp].tolist(), e.pj[by_comp].tolist()
    weight = e.score[by_comp] - FLOOR
    # A margin never exceeds the pair's own weight (dropping the pair from the
    # optimum is still a matching), so weaker pairs cannot reach AUTO_MARGIN
    # and their margins are not computed (1e-9: weights are 4-decimal values).
    wanted = (e.strong[by_comp] & (weight >= AUTO_MARGIN - 1e-9)).tolist()
    weight = weight.tolist()
    for a, z in zip(bounds, bounds[1:]):
        if not any(wanted[a:z]):
            continue  # nothing here could be accepted
        # Rows/columns in event order = the cluster's (day, id) order.
        r_of = {p: k for k, p in enumerate(sorted(set(e_pb[a:z])))}
        c_of = {p: k for k, p in enumerate(sorted(set(e_pj[a:z])))}
        edges = [(r_of[e_pb[k]], c_of[e_pj[k]], weight[k], wanted[k]) for k in range(a, z)]
        shape = f"{len(r_of)}x{len(c_of)}"
        for k, m in margins(len(r_of), len(c_of), edges):
            if m < AUTO_MARGIN or not wanted[a + k]:
                continue
            x = int(by_comp[a + k])
            b, j = int(e.b_line[x]), int(e.j_line[x])
            reasons = pair_reasons(st.bank, st.journal, b, j, int(e.dd[x]), st.working)
            st.take([b], [j], RULE_AMBIGUOUS, float(e.score[x]), reasons + (_why(shape, m),))


@lru_cache(maxsize=4096)
def _why(shape: str, margin: float) -> str:
    return f"同额候选 {shape} same-amount candidates, optimal with margin {margin:.2f}"
