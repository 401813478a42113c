"""Stage 3: same-amount ambiguity, resolved by global optimal assignment.

Lines that share amount and direction with more than one candidate inside
the window are cut into clusters (same key, no day gap wider than the
window), every candidate pair is scored (date, counterparty, summary,
reference), and each cluster is assigned globally (``assign.assign``).
A chosen pair is auto-accepted only when

* forbidding it costs the optimum at least ``AUTO_MARGIN`` (it clearly
  dominates every alternative, including rearrangements of the others), and
* it has positive identifying evidence: the same reference or a strong
  counterparty-name match. Date proximity alone never decides a tie, because
  booking lags of 0-3 days routinely cross.

Everything not accepted stays free; stage 5 turns it into suggestions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy as np

from ..assign import assign
from ..names import core_name
from ..score import STRONG_NAME, Evidence, contradicts, evidence
from ..state import State
from ..types import RULE_AMBIGUOUS

FLOOR = 0.35  # a pair scoring below this is not worth matching at all
AUTO_MARGIN = 0.2
DENSE_MAX_PAIRS = 400  # clusters up to this many candidate pairs are scored exhaustively
NAMELESS_FANOUT = 6  # in big clusters a nameless line competes with its nearest few


def ambiguous_stage(st: State, amb_b: np.ndarray, amb_j: np.ndarray) -> None:
    if amb_b.size == 0 or amb_j.size == 0:
        return
    bank, journal = st.bank, st.journal
    clusters: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for b, k in zip(amb_b.tolist(), (bank.cents[amb_b] * 2 + bank.dirn[amb_b]).tolist()):
        clusters[k][0].append(b)
    for j, k in zip(amb_j.tolist(), (journal.cents[amb_j] * 2 + journal.dirn[amb_j]).tolist()):
        clusters[k][1].append(j)
    bday = bank.day.tolist() if len(bank) < 50_000 else None
    jday = journal.day.tolist() if len(journal) < 50_000 else None
    for key in sorted(clusters):
        bs, js = clusters[key]
        if not bs or not js:
            continue
        for cb, cj in _chunks(st, bs, js, bday, jday):
            _solve_chunk(st, cb, cj)


def _day(side_day: np.ndarray, cache: list[int] | None, i: int) -> int:
    return cache[i] if cache is not None else int(side_day[i])


def _chunks(
    st: State, bs: list[int], js: list[int], bday: list[int] | None, jday: list[int] | None
) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """Split one amount key into runs with no gap wider than the window.

    Items are (day, index) sorted by (day, line id) so that the matrices are
    built in the same order whatever the input order was.
    """
    bl, jl = st.bank.lines, st.journal.lines
    events = [(_day(st.bank.day, bday, b), 0, bl[b][0], b) for b in bs]
    events += [(_day(st.journal.day, jday, j), 1, jl[j][0], j) for j in js]
    events.sort()
    out: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    cur_b: list[tuple[int, int]] = []
    cur_j: list[tuple[int, int]] = []
    last = None
    for day, side, _id, idx in events:
        if last is not None and day - last > st.window:
            if cur_b and cur_j:
                out.append((cur_b, cur_j))
            cur_b, cur_j = [], []
        (cur_b if side == 0 else cur_j).append((day, idx))
        last = day
    if cur_b and cur_j:
        out.append((cur_b, cur_j))
    return out


def _candidate_pairs(
    st: State, cb: list[tuple[int, int]], cj: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """(row, col, dd) pairs inside the window; blocked by name bigrams when big."""
    w = st.window
    if len(cb) * len(cj) <= DENSE_MAX_PAIRS:
        return [
            (r, c, abs(db - dj))
            for r, (db, _b) in enumerate(cb)
            for c, (dj, _j) in enumerate(cj)
            if abs(db - dj) <= w
        ]
    # Big cluster (e.g. hundreds of 5,000.00 payments): only pairs whose
    # counterparty cores share a character bigram can score well; nameless
    # lines compete with their nearest few candidates.  Candidates are first
    # cut to the window by bisection (cb and cj are sorted by day), so the
    # work is linear in the cluster size, not quadratic.
    bl, jl = st.bank.lines, st.journal.lines
    jdays = [d for d, _j in cj]
    bdays = [d for d, _b in cb]
    jgrams = [_grams(jl[j][5]) for _d, j in cj]
    pairs: set[tuple[int, int]] = set()
    for r, (db, b) in enumerate(cb):
        grams = _grams(bl[b][5])
        lo, hi = bisect_left(jdays, db - w), bisect_right(jdays, db + w)
        named = [c for c in range(lo, hi) if jgrams[c] and grams and grams & jgrams[c]]
        nameless = sorted((abs(db - jdays[c]), c) for c in range(lo, hi) if not jgrams[c] or not grams)
        pairs.update((r, c) for c in named)
        pairs.update((r, c) for _dd, c in nameless[:NAMELESS_FANOUT])
    return sorted((r, c, abs(bdays[r] - jdays[c])) for r, c in pairs)


def _grams(name: str) -> frozenset[str]:
    core = core_name(name) if name else ""
    return frozenset(core[i : i + 2] for i in range(max(1, len(core) - 1))) if core else frozenset()


def _solve_chunk(st: State, cb: list[tuple[int, int]], cj: list[tuple[int, int]]) -> None:
    bl, jl = st.bank.lines, st.journal.lines
    edges: dict[tuple[int, int], Evidence] = {}
    for r, c, dd in _candidate_pairs(st, cb, cj):
        ev = evidence(bl[cb[r][1]], jl[cj[c][1]], dd, st.window, st.working)
        if ev.score > FLOOR and not contradicts(ev):
            edges[(r, c)] = ev
    if not edges:
        return
    # Connected components over useful edges keep each assignment small.
    parent = list(range(len(cb) + len(cj)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r, c in edges:
        ra, rb = find(r), find(len(cb) + c)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for r in range(len(cb)):
        comps[find(r)][0].append(r)
    for c in range(len(cj)):
        comps[find(len(cb) + c)][1].append(c)
    for rows, cols in comps.values():
        if not rows or not cols:
            continue
        weights = np.zeros((len(rows), len(cols)))
        for i, r in enumerate(rows):
            for k, c in enumerate(cols):
                ev = edges.get((r, c))
                if ev is not None:
                    weights[i, k] = ev.score - FLOOR
        for a in assign(weights):
            ev = edges[(rows[a.row], cols[a.col])]
            strong = ev.same_ref or (ev.name_sim is not None and ev.name_sim >= STRONG_NAME)
            if a.margin < AUTO_MARGIN or not strong:
                continue
            b, j = cb[rows[a.row]][1], cj[cols[a.col]][1]
            why = f"同额候选 {len(rows)}x{len(cols)} same-amount candidates, optimal with margin {a.margin:.2f}"
            st.take([b], [j], RULE_AMBIGUOUS, ev.score, ev.reasons + (why,))
