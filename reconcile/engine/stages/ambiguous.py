"""Stage 3: same-amount ambiguity, resolved by global optimal assignment.

Lines that share amount and direction with more than one candidate inside
the window are cut into clusters (same key, no day gap wider than the
window), every candidate pair is scored (date, counterparty, summary,
reference), and each connected component of useful pairs is assigned
globally (``assign.assign``).  A chosen pair is auto-accepted only when

* forbidding it costs the optimum at least ``AUTO_MARGIN`` (it clearly
  dominates every alternative, including rearrangements of the others), and
* it has positive identifying evidence: the same reference or a strong
  counterparty-name match. Date proximity alone never decides a tie here, because
  booking lags of 0-3 days routinely cross.

Stage 4b (``named_stage``, ``pairing_stage``) comes back to what is left once the
batches are out: a name or a purpose only one pair shares, the only one-to-one
pairing, and last the dates (twins of one party in date order, the only pairing
of the nearest dates), which decide only what nothing else tells apart.

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
from itertools import permutations
from typing import NamedTuple

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..distinct import distinct
from ..mentions import names_only_others
from ..party_elsewhere import party_elsewhere
from ..purposes import purposes
from ..score import STRONG_NAME, bulk_reasons, pair_reasons, round_places, score_pairs
from ..state import State
from ..types import RULE_AMBIGUOUS
from .candidates import GramIndex, big_cluster_pairs, window_pairs
from .components import margins, only_pairing
from .nearest_dates import nearest_dates
from .other_payers import nearest_distance, others_entries

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
    dense: np.ndarray  # the pair's cluster was small enough to have every candidate pair scored


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
    n_dense = pb.size
    big = both & ~dense
    if big.any():
        bb, bj = big_cluster_pairs(
            bank, journal, cid, day, is_b, line, big[cid], w, GramIndex(st.gram_ids, st.core_gram_ids)
        )
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
    from_dense = np.arange(pb.size) < n_dense
    edges = _Edges(
        pb[keep], pj[keep], b_line[keep], j_line[keep], dd[keep], sc.score[keep], strong[keep], from_dense[keep]
    )
    return edges, order.size


def named_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    """4b: what stage 3 and the batches left of the same-amount clusters, decided by a name only one pair shares
    (``_take_only_named``). After the batches, so that a payment run is looked for among the same lines as before."""
    if amb_b.size == 0 or amb_j.size == 0:
        return
    edges, _n_events = _edges(st, amb_b, amb_j)
    if edges is not None:
        _take_only_named(st, edges)
        for take in (_take_only_purpose, _take_named_twins):
            free = st.bank_free[edges.b_line] & st.journal_free[edges.j_line]
            if not free.all():
                edges = _Edges(*(column[free] for column in edges))
            if edges.pb.size:
                take(st, edges)


def _take_only_named(st: State, e: _Edges) -> None:
    """What the margins left of a cluster: a pair with identifying evidence (a strong name match or the same
    reference) that is the only such pair of both its lines, and whose books entry is also the nearest in date of the
    bank line's candidates.

    An accountant with a 5,000.00 receipt from 宜昌德钧电子科技 and an entry "收宜昌德钧货款" books them together even
    when the bank shows other 5,000.00 receipts without a payer: those could be anyone's, the named one is this
    customer's. The score cannot say so (a line without a name scores a neutral 0.4 for it, and a closer date or a
    matching summary makes up most of the ``AUTO_MARGIN``). Two identified candidates of one line (a customer paying
    the amount twice) decide nothing here; nor does the name when an entry of the amount booked nearer the bank line
    names no one the engine could read (it may be the same customer's, written in a way not read as a name), unless
    that entry's summary names another payer of the amount (``other_payers``)."""
    strong = np.flatnonzero(e.strong)
    if strong.size == 0:
        return
    n_b = np.bincount(e.b_line[strong], minlength=len(st.bank))
    n_j = np.bincount(e.j_line[strong], minlength=len(st.journal))
    sb, sj = e.b_line[strong], e.j_line[strong]
    unique = (n_b[sb] == 1) & (n_j[sj] == 1)
    blocking = ~_names_only_others(st, e, sb[unique])
    nearest = nearest_distance(len(st.bank), e.b_line[blocking], e.dd[blocking])
    first = unique & (e.dd[strong] <= nearest[sb])
    _take_named(st, e, strong[first], _ONLY_NAMED)
    # Those an entry booked nearer keeps from deciding: once more without the entries of other payers of the amount
    # (whose bank lines are still free: those just taken are not).
    later = unique & ~first
    if later.any():
        limit = np.zeros(len(st.bank), dtype=np.int64)
        limit[sb[later]] = e.dd[strong[later]]
        blocking &= ~others_entries(st, e.b_line, e.j_line, e.dd, limit[e.b_line])
        later &= e.dd[strong] <= nearest_distance(len(st.bank), e.b_line[blocking], e.dd[blocking])[sb]
        _take_named(st, e, strong[later], _ONLY_NAMED_OTHERS_NEARER)


def _take_named(st: State, e: _Edges, chosen: np.ndarray, why: str) -> None:
    if chosen.size:
        tb, tj = e.b_line[chosen], e.j_line[chosen]
        reasons = [r + (why,) for r in bulk_reasons(st.bank, st.journal, tb, tj, e.dd[chosen], st.working)]
        st.take_pairs(tb, tj, RULE_AMBIGUOUS, e.score[chosen].tolist(), reasons)


def _take_named_twins(st: State, e: _Edges) -> None:
    """Twins of one party in a cluster too big to be scored whole (``DATE_ORDER_TWINS``; ``pairing_stage`` does the
    same for small clusters, whose every pair is scored): n bank lines and n entries (2 <= n <= ``PAIRING_MAX``)
    joined only to one another by identifying evidence (a strong name match or the same reference) are paired in date
    order when ``_date_order`` finds that the pairing of the nearest dates; unless an entry that may be the payer's
    lies nearer one of the bank lines (as in ``_take_only_named``), or a chosen pair states two different purposes
    (用途: the purposes, not the dates, tell such twins apart; ``_take_only_purpose`` runs first). A customer paying
    the same deposit twice in a busy week among dozens of others' deposits of the figure: first paid, first booked."""
    if not DATE_ORDER_TWINS:
        return
    strong = np.flatnonzero(e.strong & ~e.dense)
    if strong.size < 4:
        return
    ub, ib = np.unique(e.b_line[strong], return_inverse=True)
    uj, ij = np.unique(e.j_line[strong], return_inverse=True)
    n = ub.size + uj.size
    graph = coo_matrix((np.ones(strong.size, dtype=np.int8), (ib, ub.size + ij)), shape=(n, n))
    _ncomp, label = connected_components(graph, directed=False)
    n_b = np.bincount(label[: ub.size], minlength=n)
    n_j = np.bincount(label[ub.size :], minlength=n)
    comp = label[ib]
    fit = (n_b == n_j) & (n_b >= 2) & (n_b <= PAIRING_MAX)
    mine = strong[fit[comp]]
    if mine.size == 0:
        return
    comp = comp[fit[comp]]
    blocking = ~_names_only_others(st, e, distinct(e.b_line[mine]))
    nearest = np.full(len(st.bank), np.iinfo(np.int64).max)
    np.minimum.at(nearest, e.b_line[blocking], e.dd[blocking])
    order = np.argsort(comp, kind="stable")
    bounds = [0] + (np.flatnonzero(np.diff(comp[order])) + 1).tolist() + [order.size]
    bank, journal = st.bank, st.journal
    for a, z in zip(bounds, bounds[1:]):
        ks = mine[order[a:z]].tolist()
        rows = sorted({int(e.b_line[k]) for k in ks}, key=lambda b: (int(bank.day[b]), int(bank.rank[b])))
        cols = sorted({int(e.j_line[k]) for k in ks}, key=lambda j: (int(journal.day[j]), int(journal.rank[j])))
        r_of = {b: r for r, b in enumerate(rows)}
        c_of = {j: c for c, j in enumerate(cols)}
        at = {(r_of[int(e.b_line[k])], c_of[int(e.j_line[k])]): k for k in ks}
        only = _date_order(st, e, at, len(rows))
        if only is None:
            continue
        chosen = [at[(r, c)] for r, c in enumerate(only)]
        if any(e.dd[k] > nearest[e.b_line[k]] for k in chosen):
            continue
        x = np.array(chosen, dtype=np.int64)
        pb, pj = purposes(bank, e.b_line[x]), purposes(journal, e.j_line[x])
        if ((pb > 0) & (pj > 0) & (pb != pj)).any():
            continue
        why = _DATE_ORDER.format(len(rows))
        for k in chosen:
            b, j = int(e.b_line[k]), int(e.j_line[k])
            reasons = pair_reasons(bank, journal, b, j, int(e.dd[k]), st.working)
            st.take([b], [j], RULE_AMBIGUOUS, float(e.score[k]), reasons + (why,))


def _names_only_others(st: State, e: _Edges, banks: np.ndarray) -> np.ndarray:
    """Per edge: a books entry read as naming no one whose summary names only other companies than the bank line's
    (``mentions.names_only_others``), for the edges of the bank lines ``banks``. Such an entry booked nearer the bank
    line is someone else's and does not stand in the way of the named pair: "嘉兴旋源投标保证金" beside a deposit from
    合盛创供应链管理 names 旋源 and 兴旋, two companies, neither of them the payer."""
    out = np.zeros(e.b_line.size, dtype=bool)
    journal, bank = st.journal, st.bank
    dictionary = journal.mention_dictionary
    if dictionary is None or banks.size == 0:
        return out
    of_interest = np.zeros(len(bank), dtype=bool)
    of_interest[banks] = True
    look = np.flatnonzero(of_interest[e.b_line] & (journal.cp_code[e.j_line] == 0) & (bank.cp_code[e.b_line] > 0))
    if look.size == 0:
        return out
    text_codes = journal.text_code[e.j_line[look]].tolist()
    cp_codes = bank.cp_code[e.b_line[look]].tolist()
    texts, cores = journal.texts, bank.cores
    seen: dict[tuple[int, int], bool] = {}
    for k, t, c in zip(look.tolist(), text_codes, cp_codes):
        got = seen.get((t, c))
        if got is None:
            got = seen[(t, c)] = names_only_others(texts[t], cores[c], dictionary)
        out[k] = got
    return out


def _take_only_purpose(st: State, e: _Edges) -> None:
    """What names left of a cluster: a pair whose summaries state the same purpose (用途: 运费, 加工费, 货款 ...,
    ``purposes.py``), the only such pair of both its lines, where every other candidate of one of the two lines
    states another purpose.

    A supplier paid 6,495.96 twice in a week, for freight and for a service: the bank lines say 运费 and 合同784号
    服务费, the entries 付百创运费 and 付百创服务费, and nothing else tells them apart. A candidate whose summary
    states no purpose could be either, so it blocks the decision on its own side; the other side may still decide
    (the entry for 服务费 is the bank's 服务费 line when the bank's other candidate states 运费, whatever the
    other entries say). Only after the names (``_take_only_named``): a party named on both sides outweighs a purpose.
    """
    pb, pj = purposes(st.bank, e.b_line), purposes(st.journal, e.j_line)
    agree = (pb > 0) & (pb == pj)
    if not agree.any():
        return
    differ = (pb > 0) & (pj > 0) & (pb != pj)
    nb, nj = len(st.bank), len(st.journal)
    edges_b, edges_j = np.bincount(e.b_line, minlength=nb), np.bincount(e.j_line, minlength=nj)
    agree_b = np.bincount(e.b_line[agree], minlength=nb)
    agree_j = np.bincount(e.j_line[agree], minlength=nj)
    differ_b = np.bincount(e.b_line[differ], minlength=nb)
    differ_j = np.bincount(e.j_line[differ], minlength=nj)
    at = np.flatnonzero(agree)
    b, j = e.b_line[at], e.j_line[at]
    decided_b = (edges_b[b] > 1) & (differ_b[b] == edges_b[b] - 1)
    decided_j = (edges_j[j] > 1) & (differ_j[j] == edges_j[j] - 1)
    only = at[(agree_b[b] == 1) & (agree_j[j] == 1) & (decided_b | decided_j)]
    # A name outweighs a purpose: not a bank line naming its party beside an entry naming no one (the bank's payee is
    # known, the entry's not; a bank export without names beside named entries is the bank's format), nor a pair whose
    # party has its own line of the amount open elsewhere.
    named_b, named_j = st.bank.cp_code[e.b_line[only]] > 0, st.journal.cp_code[e.j_line[only]] > 0
    only = only[(named_j | ~named_b) & ~party_elsewhere(st, e.b_line[only], e.j_line[only])]
    if only.size == 0:
        return
    tb, tj = e.b_line[only], e.j_line[only]
    reasons = [r + (_ONLY_PURPOSE,) for r in bulk_reasons(st.bank, st.journal, tb, tj, e.dd[only], st.working)]
    st.take_pairs(tb, tj, RULE_AMBIGUOUS, e.score[only].tolist(), reasons)


_ONLY_PURPOSE = (
    "同额候选中唯一用途相同 the only candidate of this amount in the window whose summary states the same purpose, the "
    "others another"
)
_ONLY_NAMED = (
    "同额候选中唯一同名或同参考号且日期最近 the only candidate of this amount in the window naming the same party or "
    "sharing the reference, on both sides, and the nearest in date"
)
_ONLY_NAMED_OTHERS_NEARER = (
    "同额候选中唯一同名或同参考号, 日期更近的同额分录写的是其他付款方 the only candidate of this amount in the window "
    "naming the same party or sharing the reference, on both sides; the entries of the amount booked nearer name "
    "other payers of the amount"
)


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
    taken: list[int] = []  # positions in ``by_comp`` of the pairs accepted, and why
    why: list[str] = []
    for a, z in zip(bounds, bounds[1:]):
        if not any(wanted[a:z]):
            continue  # nothing here could be accepted
        # Rows/columns in event order = the cluster's (day, id) order.
        r_of = {p: k for k, p in enumerate(sorted(set(e_pb[a:z])))}
        c_of = {p: k for k, p in enumerate(sorted(set(e_pj[a:z])))}
        edges = [(r_of[e_pb[k]], c_of[e_pj[k]], weight[k], wanted[k]) for k in range(a, z)]
        shape = f"{len(r_of)}x{len(c_of)}"
        for k, m in margins(len(r_of), len(c_of), edges, accept=AUTO_MARGIN):
            if m < AUTO_MARGIN or not wanted[a + k]:
                continue
            taken.append(a + k)
            why.append(_why(shape, m))
    if not taken:
        return
    # Accepted together: components share no line, and the output is ordered by line ids, not by acceptance.
    x = by_comp[taken]
    tb, tj = e.b_line[x], e.j_line[x]
    base = bulk_reasons(st.bank, st.journal, tb, tj, e.dd[x], st.working)
    st.take_pairs(tb, tj, RULE_AMBIGUOUS, e.score[x].tolist(), list(map(tuple.__add__, base, zip(why))))


@lru_cache(maxsize=4096)
def _why(shape: str, margin: float) -> str:
    return f"同额候选 {shape} same-amount candidates, optimal with margin {margin:.2f}"


def pairing_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    """2d: what stage 3 left of a small same-amount cluster, when its lines can be paired one to one in only one way.

    Among the free lines of one amount and direction, a connected group of n bank lines and n journal lines whose
    possible pairs (inside the window, names and summaries not contradicting) admit exactly one complete one-to-one
    pairing: every other pairing leaves a line without a partner. This is the uniqueness of stage 2 over a few
    lines instead of one ("K1 can only be J1 or J2; J2 is K2's only candidate, so K1 is J1"). Only clusters whose
    every candidate pair was scored, and at most ``PAIRING_MAX`` lines a side.
    """
    if amb_b.size == 0 or amb_j.size == 0:
        return
    edges, n_events = _edges(st, amb_b, amb_j)
    if edges is None:
        return
    graph = coo_matrix((np.ones(edges.pb.size, dtype=np.int8), (edges.pb, edges.pj)), shape=(n_events, n_events))
    _ncomp, label = connected_components(graph, directed=False)
    comp = label[edges.pb]
    # A component with a pair of a big (name-blocked) cluster may lack candidate pairs: left alone.
    partial = np.zeros(label.max() + 1, dtype=bool)
    partial[comp[~edges.dense]] = True
    by_comp = np.lexsort((edges.pj, edges.pb, comp))
    by_comp = by_comp[~partial[comp[by_comp]] & (np.bincount(comp)[comp[by_comp]] > 1)]
    if by_comp.size == 0:
        return
    bounds = [0] + (np.flatnonzero(np.diff(comp[by_comp])) + 1).tolist() + [by_comp.size]
    e_pb, e_pj = edges.pb[by_comp].tolist(), edges.pj[by_comp].tolist()
    chosen: list[tuple[list[int], str]] = []
    for a, z in zip(bounds, bounds[1:]):
        rows = sorted(set(e_pb[a:z]))
        cols = sorted(set(e_pj[a:z]))
        if len(rows) != len(cols) or len(rows) > PAIRING_MAX:
            continue
        r_of = {p: k for k, p in enumerate(rows)}
        c_of = {p: k for k, p in enumerate(cols)}
        adj = [0] * len(rows)
        at: dict[tuple[int, int], int] = {}
        for k in range(a, z):
            r, c = r_of[e_pb[k]], c_of[e_pj[k]]
            adj[r] |= 1 << c
            at[(r, c)] = int(by_comp[k])
        only = only_pairing(adj)
        why = _PAIRING.format(len(rows))
        if only is None and DATE_ORDER_TWINS:
            only = _date_order(st, edges, at, len(rows))
            why = _DATE_ORDER.format(len(rows))
        if only is None and NEAREST_DATES:
            only = nearest_dates(st, edges.strong, edges.b_line, edges.j_line, edges.dd, at, len(rows))
            why = _NEAREST.format(len(rows))
        if only is not None:
            chosen.append(([at[(r, c)] for r, c in enumerate(only)], why))
    _take_pairings(st, edges, chosen)


def _take_pairings(st: State, edges: _Edges, chosen: list[tuple[list[int], str]]) -> None:
    """The pairings found by elimination, each whole or not at all: not one of whose pairs leaves the party's own
    line of the amount open elsewhere (``party_elsewhere``; the others' uniqueness rests on that pair)."""
    if not chosen:
        return
    x = np.fromiter((k for ks, _why in chosen for k in ks), dtype=np.int64)
    doubtful = set(x[party_elsewhere(st, edges.b_line[x], edges.j_line[x])].tolist())
    for ks, why in chosen:
        if doubtful.intersection(ks):
            continue
        for k in ks:
            b, j = int(edges.b_line[k]), int(edges.j_line[k])
            reasons = pair_reasons(st.bank, st.journal, b, j, int(edges.dd[k]), st.working)
            st.take([b], [j], RULE_AMBIGUOUS, float(edges.score[k]), reasons + (why,))


PAIRING_MAX = 4
# Twins of one party in date order (``_date_order``): on. Off until the held-out sets were described as
# "same-amount lines where dates and names decide": an accountant pairs a customer's two payments of one amount first
# with first. Measured at 100k with ``NEAREST_DATES`` (both on against both off, the same engine otherwise): CN 101 /
# 102 +127 / +131 right pairs for +2 / 0 wrong links, fourth 404 +43 / 0, third 301 +2 / 0, SEPA 101 +49 / +1, own
# 101 / 102 +45 / +46 for +4 / +2 (booking lags that cross); precision stays >= 99.99% everywhere but fourth (99.94%).
# A wrong twin pairing pairs the same party's same amount: the balance, the outstanding items and who paid stay right.
DATE_ORDER_TWINS = True
_PAIRING = "同额 {0} 笔对 {0} 笔, 仅此一种一一对应 the only way to pair these {0} same-amount lines one to one"
_DATE_ORDER = (
    "同一对方同额 {0} 笔, 按日期先后对应且日期最近 {0} lines of one amount and one counterparty on each side, paired in "
    "date order, the nearest dates"
)


# The pairing of the nearest dates when nothing else tells a few same-amount lines apart (``_nearest_dates``): on,
# measured with ``DATE_ORDER_TWINS`` above. Alone at 100k: fourth 404 +43 right pairs / 0 wrong links, SEPA 101 +49 /
# +1, own 102 +36 / +2 (2x2 clusters where the lags crossed), CN 101 +33 / 0. A module constant: one setting for the
# whole deployment, not a per-account rule.
NEAREST_DATES = True
_NEAREST = (
    "同额 {0} 笔对 {0} 笔, 其余证据相同, 日期总差最小的对应唯一 the only pairing of these {0} same-amount lines with the "
    "smallest total date distance, all other evidence equal"
)


def _date_order(st: State, e: _Edges, at: dict[tuple[int, int], int], n: int) -> list[int] | None:
    """Twins of one party (the same supplier paid the same amount twice in a week): n bank and n journal lines of
    one amount, every possible pair naming the same party (or sharing a reference), the dates strictly increasing on
    both sides, and the k-th bank line a possible pair of the k-th journal line. The k-th pairs with the k-th, as an
    accountant books them (first paid, first entered) when that is also the pairing of the nearest dates: its total
    date distance is smaller than any other pairing's, and no other possible pair is closer than its closest one.
    A tie of dates on either side, or a crossing pair booked closer, decides nothing."""
    diagonal = [at.get((k, k), -1) for k in range(n)]
    if min(diagonal) < 0 or not e.strong[list(at.values())].all():
        return None
    b_days = st.bank.day[e.b_line[diagonal]]
    j_days = st.journal.day[e.j_line[diagonal]]
    if not ((np.diff(b_days) > 0).all() and (np.diff(j_days) > 0).all()):
        return None
    dist = {rc: int(e.dd[x]) for rc, x in at.items()}
    diag = [dist[(k, k)] for k in range(n)]
    if any(d < min(diag) for (r, c), d in dist.items() if r != c):
        return None
    total = sum(diag)
    for perm in permutations(range(n)):
        if list(perm) != list(range(n)) and all((r, c) in dist for r, c in enumerate(perm)):
            if sum(dist[(r, c)] for r, c in enumerate(perm)) <= total:
                return None
    return list(range(n))
