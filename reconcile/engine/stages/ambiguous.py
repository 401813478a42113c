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

Vectorised: clustering, candidate pairs of small clusters, scoring and the
connected components are numpy/scipy over all clusters at once; single-edge
components (the large majority) are decided in bulk.  Only big clusters
(name blocking, ``candidates.py``) and multi-edge components run per item
in Python.  Row/column order inside a cluster is (day, line id), so the
result does not depend on input order.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..score import STRONG_NAME, bulk_reasons, pair_reasons, score_pairs
from ..state import State
from ..types import RULE_AMBIGUOUS
from .candidates import big_cluster_pairs, window_pairs
from .components import margins

FLOOR = 0.35  # a pair scoring below this is not worth matching at all
AUTO_MARGIN = 0.2
DENSE_MAX_PAIRS = 400  # clusters up to this many candidate pairs are scored exhaustively


def ambiguous_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    if amb_b.size == 0 or amb_j.size == 0:
        return
    bank, journal, w = st.bank, st.journal, st.window
    nb = amb_b.size
    # All ambiguous lines as one event list sorted by (amount key, day, side, id).
    key = np.concatenate((bank.key[amb_b], journal.key[amb_j]))
    day = np.concatenate((bank.day[amb_b], journal.day[amb_j]))
    side = np.concatenate((np.zeros(nb, np.int8), np.ones(amb_j.size, np.int8)))
    rank = np.concatenate((bank.rank[amb_b], journal.rank[amb_j]))
    order = np.lexsort((rank, side, day, key))
    key, day, side = key[order], day[order], side[order]
    line = np.concatenate((amb_b, amb_j))[order]
    # Clusters: same key, no day gap wider than the window.
    new = np.ones(order.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (day[1:] - day[:-1] > w)
    cid = np.cumsum(new) - 1
    is_b = side == 0
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
        return
    b_line, j_line = line[pb], line[pj]
    dd = np.abs(day[pb] - day[pj])
    sc = score_pairs(bank, journal, b_line, j_line, dd, w)
    edge = (sc.score > FLOOR) & ~sc.conflict
    pb, pj, dd, b_line, j_line = pb[edge], pj[edge], dd[edge], b_line[edge], j_line[edge]
    score, same_ref = sc.score[edge], sc.same_ref[edge]
    strong = same_ref | (sc.named[edge] & (sc.name_sim[edge] >= STRONG_NAME))
    if pb.size == 0:
        return
    # Connected components over useful edges keep each assignment small.
    n = order.size
    graph = coo_matrix((np.ones(pb.size, dtype=np.int8), (pb, pj)), shape=(n, n))
    _ncomp, label = connected_components(graph, directed=False)
    comp = label[pb]
    per_comp = np.bincount(comp)

    # Single-edge components: the margin is the pair's own weight.
    single = (per_comp[comp] == 1)
    margin = np.array([max(0.0, round(x, 6)) for x in (score[single] - FLOOR).tolist()])
    take = np.flatnonzero(single)[strong[single] & ~(margin < AUTO_MARGIN)]
    margin = margin[strong[single] & ~(margin < AUTO_MARGIN)]
    tb, tj = b_line[take], j_line[take]
    base = bulk_reasons(bank, journal, tb, tj, dd[take], st.working)
    reasons = list(map(tuple.__add__, base, zip(map(partial(_why, "1x1"), margin.tolist()))))
    st.take_pairs(tb, tj, RULE_AMBIGUOUS, score[take].tolist(), reasons)

    # Multi-edge components: exact margins per component, in Python.
    multi = np.flatnonzero(~single)
    if multi.size == 0:
        return
    by_comp = multi[np.lexsort((pj[multi], pb[multi], comp[multi]))]
    bounds = [0] + (np.flatnonzero(np.diff(comp[by_comp])) + 1).tolist() + [by_comp.size]
    e_pb, e_pj = pb[by_comp].tolist(), pj[by_comp].tolist()
    weight = (score[by_comp] - FLOOR).tolist()
    strong_l = strong[by_comp].tolist()
    for a, z in zip(bounds, bounds[1:]):
        if not any(strong_l[a:z]):
            continue  # nothing here could be accepted
        # Rows/columns in event order = the cluster's (day, id) order.
        r_of = {p: k for k, p in enumerate(sorted(set(e_pb[a:z])))}
        c_of = {p: k for k, p in enumerate(sorted(set(e_pj[a:z])))}
        edges = [(r_of[e_pb[k]], c_of[e_pj[k]], weight[k], strong_l[k]) for k in range(a, z)]
        shape = f"{len(r_of)}x{len(c_of)}"
        for k, m in margins(len(r_of), len(c_of), edges):
            e = int(by_comp[a + k])
            if m < AUTO_MARGIN or not strong[e]:
                continue
            b, j = int(b_line[e]), int(j_line[e])
            reasons = pair_reasons(bank, journal, b, j, int(dd[e]), st.working)
            st.take([b], [j], RULE_AMBIGUOUS, float(score[e]), reasons + (_why(shape, m),))


def _why(shape: str, margin: float) -> str:
    return f"同额候选 {shape} same-amount candidates, optimal with margin {margin:.2f}"
