"""The searches of one payment run (stage 4C, ``payment_runs.py``): which subsets of the free journal entries near a
marked bank line add up to it, in the shapes a run takes (pairs and triples of the window, four to six entries of
one posting date, four of two adjacent dates, four of one date and one of the next).

Each search is bounded (``max_nodes``) and so are all the searches of one run together (``budget``): a crowded
window (a dozen runs on every date) costs the same bounded work as a quiet one, and what the budget leaves unsearched
is not certain, so the run stays open or a suggestion instead of being decided on a partial search.
"""

from __future__ import annotations

from math import comb

import numpy as np

from ..subsets import _subsets, subset_search

# (solutions, certain, number of dates, wide pool size, most candidates on a date, nodes visited, whether shapes that
# could not count were left unsearched)
Searched = tuple[list[tuple[int, ...]], bool, int, int, int, int, bool]


def run_search(
    cents: np.ndarray,
    days: np.ndarray,
    ranks: np.ndarray,
    target: int,
    oday: int,
    max_wide: int,
    max_day: int,
    max_parts: int,
    max_nodes: int,
    budget: int,
    max_subsets: int = 0,
    probe: int = 0,
) -> Searched:
    """The searches of one run (in C, ``_subsets.run_search``, when built; ``python_run_search`` is the reference)."""
    if _subsets is not None:
        sols, certain, n_days, n_wide, largest, nodes, unsearched = _subsets.run_search(
            cents, days, ranks, target, oday, max_wide, max_day, max_parts, max_nodes, budget, max_subsets, probe
        )
        if len(sols) < 2:
            return sols, certain, n_days, n_wide, largest, nodes, unsearched
        rank_of = ranks.tolist().__getitem__  # Python ints: indexing the array per member costs more than the copy
        ranked = sorted(sols, key=lambda s: list(map(rank_of, s)))
        return ranked, certain, n_days, n_wide, largest, nodes, unsearched
    return python_run_search(
        cents, days, ranks, target, oday, max_wide, max_day, max_parts, max_nodes, budget, max_subsets, probe
    )


def python_run_search(
    cents: np.ndarray,
    days: np.ndarray,
    ranks: np.ndarray,
    target: int,
    oday: int,
    max_wide: int,
    max_day: int,
    max_parts: int,
    max_nodes: int,
    budget: int,
    max_subsets: int = 0,
    probe: int = 0,
) -> Searched:
    """Subsets of the candidates (cents, days, id ranks; all of a smaller amount than ``target``) that add up to it:
    pairs and triples among the ``max_wide`` nearest in date (ties by rank); four to ``max_parts`` entries of one
    date (at most ``max_day`` of them); four entries of two adjacent dates (at most twice that); with ``max_parts``
    five or more and nothing found so far, four entries of one of two adjacent dates and one of the other (each
    date at most ``max_day``).
    Each search stops at its second solution; when one of them is larger than the smallest size searched, each
    size is searched again on its own. Each search visits at most ``max_nodes`` nodes, all of them together at most
    ``budget``: once it is spent the searches left are not made and the run is not certain.
    With ``max_subsets`` (0: none), the shapes whose subsets number more than that can never be evidence
    (``run_evidence.searched``): a date's larger sizes (``countable``), and on a crowded window or a pool over the
    wide one the shapes over two dates. They are only *probed*, all of them together within ``probe`` nodes, for a
    subset that would keep a larger run from being decided; a probe cut short leaves the run ``unsearched`` (no
    subset of four or more may decide it) instead of uncertain. Returns
    (solutions as candidate positions sorted by rank, the solutions sorted by their ranks; certain: every search
    made and complete and no pool over its limit; number of dates; wide pool size; most candidates on one date;
    nodes visited; unsearched)."""
    n = len(cents)
    if n < 2:
        return [], False, 0, 0, 0, 0, False
    c, d, r = cents.tolist(), days.tolist(), ranks.tolist()
    out: list[tuple[int, ...]] = []
    certain = probed = True
    spend = [budget, probe]  # nodes the searches (0) and the probes (1) may still visit

    def search(pool: list[int], low: int, high: int, pinned: int = -1, probing: bool = False) -> bool:
        """Subsets of ``pool`` (with ``pinned``, a candidate outside it, when given) that add up to the target; True
        when the search stopped at a second solution and one of the two is larger than ``low``."""
        nonlocal certain, probed
        rest = target - c[pinned] if pinned >= 0 else target
        if len(pool) < low or rest <= 0:
            return False
        found: list[tuple[int, ...]] = []
        complete = spend[probing] > 0  # a spent budget: the search is not made
        if complete:
            found, complete, nodes = subset_search(
                [c[k] for k in pool], rest, min_size=low, max_size=high, max_nodes=min(max_nodes, spend[probing])
            )
            spend[probing] -= nodes
        if probing:
            probed &= complete
        else:
            certain &= complete
        extra = (pinned,) if pinned >= 0 else ()
        for sol in found:
            members = tuple(sorted([pool[i] for i in sol] + list(extra), key=r.__getitem__))
            if members not in out:
                out.append(members)
        return len(found) >= 2 and any(len(sol) > low for sol in found)

    def search_sizes(pool: list[int], low: int, high: int, probing: bool = False) -> None:
        # Each search stops at its second solution: when one of them is larger than ``low``, a second smaller one
        # may be hidden behind it (a triple found first, a second pair not), so each size is searched on its own.
        if search(pool, low, high, probing=probing) and high > low:
            for size in range(low, high + 1):
                search(pool, size, size, probing=probing)

    near = sorted(range(n), key=lambda k: (abs(d[k] - oday), r[k]))
    wide = near[:max_wide]
    search_sizes(wide, 2, 3)
    by_day = sorted(range(n), key=lambda k: (d[k], r[k]))
    starts = [k for k in range(n) if k == 0 or d[by_day[k]] != d[by_day[k - 1]]] + [n]
    # With a bound on the subsets that count: a crowded window (``run_evidence.crowded``) lets no subset over two
    # dates count, so those shapes are not searched there, nor four of two dates of more than the wide pool.
    most = max(z - a for a, z in zip(starts, starts[1:]))
    busy = max_subsets > 0 and (2 * most > max_wide or n > 2 * max_wide)
    largest = 0
    for s, (a, z) in enumerate(zip(starts, starts[1:])):
        largest = max(largest, z - a)
        # On a crowded date (more than half the wide pool) pairs and triples too: the ``max_wide`` nearest cut the
        # window inside it or leave it out.
        low = 2 if 2 * (z - a) > max_wide else 4
        if z - a >= low:
            high = countable(z - a, max_parts, max_subsets)
            if z - a > max_day:
                certain = False
            else:
                if high >= low:
                    search_sizes(by_day[a:z], low, high)
                if high < max_parts:  # larger subsets of this date are too many to count: probed only
                    search_sizes(by_day[a:z], max(high + 1, low), max_parts, probing=True)
        if z < n and d[by_day[z]] == d[by_day[a]] + 1:
            e = starts[s + 2]
            if e - a >= 4:
                if e - a > 2 * max_day:
                    certain = False
                else:
                    search(by_day[a:e], 4, 4, probing=max_subsets > 0 and (busy or e - a > max_wide))
    # Five entries with one of them booked the other day (four of one date and one of the next, either way): the
    # least likely shape, so searched only when nothing of five entries or fewer adds up (a larger pool over a day
    # limit is already uncertain above; a chance subset of six must not hide it).
    if max_parts >= 5 and all(len(sol) > 5 for sol in out):
        for s, (a, z) in enumerate(zip(starts, starts[1:])):
            if z < n and d[by_day[z]] == d[by_day[a]] + 1:
                e = starts[s + 2]
                if e - a >= 5 and z - a <= max_day and e - z <= max_day:
                    for one, four in ((by_day[z:e], by_day[a:z]), (by_day[a:z], by_day[z:e])):
                        for k in one:
                            search(four, 4, 4, k, probing=busy)
    ranked = sorted(out, key=lambda sol: [r[k] for k in sol])
    return ranked, certain, len(starts) - 1, len(wide), largest, budget + probe - sum(spend), not probed


def countable(m: int, max_parts: int, max_subsets: int) -> int:
    """The most parts (at least 3, at most ``max_parts``) whose subsets of a date of ``m`` entries number at most
    ``max_subsets`` (0: no bound)."""
    if max_subsets <= 0:
        return max_parts
    k = 0
    while k < max_parts and comb(m, k + 1) <= max_subsets:
        k += 1
    return max(k, min(3, max_parts))
