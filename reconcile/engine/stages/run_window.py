"""Every subset of two to five entries of a payment run's whole window that adds up to the bank line (stage 4C,
``payment_runs.py``).

The shaped searches of ``run_search`` try pairs and triples among the nearest entries and four to six only on one
posting date or two adjacent ones: a subset unique among those may still have a rival in a shape they never tried,
above all the run's true entries booked each on its own date over three days. This search tries every subset of two
to five of the window's free entries, whatever their dates, by meeting in the middle: the sums of all pairs against
every single entry (three), every pair (four) and every triple that can still reach the total (five), members told
apart on each hit (in C, ``_subsets_window.c``; ``python_window_subsets`` is the reference).

Whole-window uniqueness is no evidence everywhere: among the 60-120 free entries of a window, chance subsets of four
and five that add up are the rule, and where an ERP posts a run on one date that date is what tells the run from
them. So the file is first judged by what it shows (``booked_over_days``); only a file that books its runs over
several days is decided on whole windows (``decide_whole_window``). The work is that of the triples, bounded by
``MAX_TRIPLES`` (about a millisecond); a window over ``MAX_WINDOW`` entries or ``MAX_TRIPLES`` triples is not
searched (None): the shaped searches then decide as before, but a subset only this search could find is never taken.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np

from ..subsets import _subsets
from .arrays import expand_ranges

MAX_WINDOW = 160
# Triples that could be the three smallest of a five, at most (C(80, 3) is 82,160): about 1 ms in C.
MAX_TRIPLES = 300_000
MAX_PARTS = 5
# Hits (member sets before they are told apart) one search may expand at most: past that the window is full of
# subsets that add up (equal amounts, round sums), and whether one of them is the run is for a person to say.
MAX_HITS = 200_000
# Solutions kept at most: enough to show a person, and any two make the run not unique.
MAX_FOUND = 50

Sol = tuple[int, ...]

_PAIRS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    got = _PAIRS.get(n)
    if got is None:
        i, j = np.triu_indices(n, 1)
        got = _PAIRS[n] = (i.astype(np.int64), j.astype(np.int64))
    return got


def window_subsets(
    cents: np.ndarray, target: int, max_parts: int = MAX_PARTS, limit: int = MAX_FOUND
) -> list[Sol] | None:
    """``python_window_subsets`` in C (``_subsets_window.c``) when the extension is built: the same answer, without
    building every hit as an array first (a window of a hundred entries: about 0.1 ms instead of 5)."""
    if cents.size > MAX_WINDOW:
        return None
    if _subsets is not None:
        found: list[Sol] | None = _subsets.window_subsets(
            np.ascontiguousarray(cents, dtype=np.int64), target, max_parts, limit, MAX_TRIPLES, MAX_HITS
        )
        return found
    return python_window_subsets(cents, target, max_parts, limit)


def python_window_subsets(
    cents: np.ndarray, target: int, max_parts: int = MAX_PARTS, limit: int = MAX_FOUND
) -> list[Sol] | None:
    """The subsets of two to ``max_parts`` (at most five) of ``cents`` (positive, int64) that add up to ``target``,
    as sorted position tuples, the smaller first; at most ``limit`` of them, the search stopping once a size has
    brought that many (``limit`` 2 decides whether one is the only one). None when nothing is known: more than
    ``MAX_WINDOW`` entries, more than ``MAX_TRIPLES`` triples that could be part of a five, or more than ``MAX_HITS``
    hits."""
    n = int(cents.size)
    if n > MAX_WINDOW:
        return None
    if n < 2:
        return []
    order = np.argsort(cents, kind="stable")
    c = cents[order].astype(np.int64)
    pi, pj = _pairs(n)
    ps = c[pi] + c[pj]
    out: list[Sol] = []

    def add(rows: tuple[np.ndarray, ...]) -> bool:
        """Add the solutions (columns of positions in ``c``); True once ``limit`` are found."""
        for row in order[np.stack(rows, axis=1)].tolist():
            out.append(tuple(sorted(row)))
        return len(out) >= limit

    # Two: one pair.
    two = np.flatnonzero(ps == target)
    if add((pi[two], pj[two])) or max_parts < 3:
        return out[:limit]
    by_sum = np.argsort(ps, kind="stable")
    sums = ps[by_sum]
    hits = 0

    def lookup(need: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(needle, pair) of every pair whose sum is ``need[needle]``; None past ``MAX_HITS``."""
        nonlocal hits
        lo = np.searchsorted(sums, need, "left")
        cnt = np.searchsorted(sums, need, "right") - lo
        hits += int(cnt.sum())
        if hits > MAX_HITS:
            return None
        needle, pos = expand_ranges(lo, cnt)
        return needle, by_sum[pos]

    # Three: a single below both of a pair (each triple once, as its smallest member and the other two).
    got = lookup(target - c)
    if got is None:
        return None
    k, p = got
    keep = k < pi[p]
    if add((k[keep], pi[p[keep]], pj[p[keep]])) or max_parts < 4:
        return out[:limit]
    # Four: a pair below another pair (each set once, as its two smallest and its two largest).
    low = np.flatnonzero(2 * ps <= target)  # the smaller pair of a four sums to at most half the total
    got = lookup(target - ps[low])
    if got is None:
        return None
    a, q = got
    a = low[a]
    keep = pj[a] < pi[q]
    if add((pi[a[keep]], pj[a[keep]], pi[q[keep]], pj[q[keep]])) or max_parts < 5 or n < 5:
        return out[:limit]
    # Five: a triple of the three smallest members and a pair above it. Sorted ascending, the triple's largest
    # member k is below both others, so c[i] + c[j] + 3 c[k] <= total; and the pair adds at most the two largest.
    top = int(c[-1] + c[-2])
    first = np.searchsorted(c, target - ps - top, "left")
    last = np.searchsorted(c, (target - ps) // 3, "right")
    lo = np.maximum(first, pj + 1)
    cnt = np.clip(np.minimum(last, n - 2) - lo, 0, None)
    if int(cnt.sum()) > MAX_TRIPLES:
        return None
    t, k = expand_ranges(lo, cnt)
    got = lookup(target - ps[t] - c[k])
    if got is None:
        return None
    m, q = got
    t, k = t[m], k[m]
    keep = k < pi[q]
    add((pi[t[keep]], pj[t[keep]], k[keep], pi[q[keep]], pj[q[keep]]))
    return out[:limit]


# How a file books its runs (``booked_over_days``): judged on the first ``SAMPLE`` marked bank lines, from the
# subsets of three or more entries that are the only ones of their whole window (shape-blind evidence), once there
# are ``MIN_EVIDENCE`` of them.
SAMPLE = 200
MIN_EVIDENCE = 8


def only_subset(cents: np.ndarray, target: int, max_parts: int = MAX_PARTS) -> Sol | None:
    """The window's only subset of two to ``max_parts`` entries that adds up to ``target`` (positions), or None
    when there is none, more than one, or the window is too large to tell."""
    sols = window_subsets(cents, target, max_parts, limit=2)
    return sols[0] if sols is not None and len(sols) == 1 else None


def booked_over_days(windows: Iterable[tuple[np.ndarray, np.ndarray, int]]) -> bool:
    """Whether this file's payment runs are booked entry by entry over several days rather than on one date.

    ``windows``: (cents, days, total) of the candidates of the first marked bank lines. The only subsets of their
    whole windows are the runs the data shows without any assumption on their dates: where fewer than a third of
    them lie on one posting date, the ERP does not post a run at once, so a subset that is the only one of one date
    or two says nothing about a run whose entries are spread over the window, and one of another shape may be it."""
    one = total = 0
    for cents, days, target in windows:
        sol = only_subset(cents, target)
        if sol is None or len(sol) < 3:
            continue
        total += 1
        one += np.unique(days[list(sol)]).size == 1
    return total >= MIN_EVIDENCE and 3 * one < total


class WholeWindow:
    """The whole-window searches of the marked bank lines of one stage run, over the pools' free candidates of each
    (``payment_runs._Pools``: sorted lines, their cents and days, the free mask, each target's range)."""

    def __init__(
        self,
        lines: np.ndarray,
        cents: np.ndarray,
        days: np.ndarray,
        free: np.ndarray,
        in_pool: set[int],
        spans: dict[int, tuple[int, int, int]],
    ) -> None:
        self.lines, self.cents, self.days, self.free, self.in_pool = lines, cents, days, free, in_pool
        self.spans = spans  # bank line -> (first, end, total): its candidate range in ``lines`` and its amount
        self._where: dict[int, int] | None = None

    def _at(self, o: int) -> tuple[np.ndarray, int]:
        a, z, target = self.spans[o]
        at = np.flatnonzero(self.free[a:z] & (self.cents[a:z] < target)) + a
        return at, target

    def all_free(self, sol: Sol) -> bool:
        """Whether every journal line of ``sol`` is still free in the pools (their positions read once, when first
        asked: only a run the budget left unsearched can hold a line taken since)."""
        if self._where is None:
            self._where = {j: k for k, j in enumerate(self.lines.tolist())}
        where = self._where
        return all(j in where and bool(self.free[where[j]]) for j in sol)

    def size(self, o: int) -> int:
        return int(self._at(o)[0].size)

    def sample(self, targets: list[int]) -> Iterable[tuple[np.ndarray, np.ndarray, int]]:
        for o in targets:
            at, target = self._at(o)
            yield self.cents[at], self.days[at], target

    def subsets(self, o: int, max_parts: int, limit: int) -> list[Sol] | None:
        """``window_subsets`` of ``o``'s free candidates, as journal line indices (sorted); None: too many to tell."""
        at, target = self._at(o)
        sols = window_subsets(self.cents[at], target, max_parts, limit)
        if sols is None:
            return None
        lines = self.lines[at].tolist()
        return [tuple(sorted(lines[k] for k in sol)) for sol in sols]

    def alone(self, o: int) -> Sol | None:
        """The only subset of two to five of ``o``'s whole window, or None."""
        sols = self.subsets(o, MAX_PARTS, 2)
        return sols[0] if sols is not None and len(sols) == 1 else None

    def rivals(self, o: int, sol: Sol) -> list[Sol] | None:
        """The subsets of ``o``'s whole window of at most as many entries as ``sol`` other than it (at most one
        found: any makes ``sol`` not the only one); None when that cannot be told (too many candidates, or ``sol``
        larger than ``MAX_PARTS``)."""
        if len(sol) > MAX_PARTS:
            return None
        sols = self.subsets(o, len(sol), 2)
        if sols is None:
            return None
        own = tuple(sorted(sol))
        return [s for s in sols if s != own][:1]


def decide_whole_window(
    whole: WholeWindow,
    found: Mapping[int, object],
    smallest: Mapping[int, list[Sol]],
    accepted: dict[int, int],
    claims: Mapping[int, list[int]],
    alone: dict[int, Sol | None],
    rivals: dict[int, list[Sol]],
    stated: Mapping[int, int],
) -> dict[int, Sol]:
    """One pass of ``payment_runs`` in a file that books its runs over several days: drops from ``accepted`` (the
    runs the shaped searches decided, by bank line) those whose subset is not the only one of its size or fewer in
    the whole window, keeping the rival in ``rivals`` for the suggestions; returns the runs left open whose whole
    window holds one subset only, of two to five free entries (``alone`` keeps each target's answer until its
    candidates change; the caller drops it then), when none of its entries is claimed by another run's subsets or
    by another run decided in this pass."""
    for o in list(accepted):
        (sol,) = smallest[o]
        rival = whole.rivals(o, sol)
        # None: a window too full to tell, where the shaped searches decide as before; but a subset of more than
        # ``MAX_PARTS`` entries is never the only one of its size as far as this search knows, so it does not decide.
        if rival or len(sol) > MAX_PARTS:
            del accepted[o]
            if rival:
                rivals[o] = rival
    lone: dict[int, Sol] = {}
    for o in found:
        if o in accepted:
            continue
        if o not in alone:
            alone[o] = whole.alone(o)
        only = alone[o]
        if only is None or not whole.in_pool.issuperset(only) or stated.get(o, len(only)) != len(only):
            continue
        if not whole.all_free(only):  # a line of it was taken after it was searched: it decides nothing
            continue
        if not any(x != o for j in only for x in claims.get(j, ())):
            lone[o] = only
    # Two runs whose only subsets share an entry cannot both be right: neither decides.
    uses = Counter(j for sol in lone.values() for j in sol)
    uses.update(j for o in accepted for j in smallest[o][0])
    return {o: sol for o, sol in lone.items() if all(uses[j] == 1 for j in sol)}


def alone_reason(n: int) -> str:
    return (
        f"全窗口 {n} 笔候选中唯一 the only subset of two to five entries among all {n} lines of the window that adds"
        " up (any dates)"
    )


def fewest_reason(n: int) -> str:
    return (
        f"全窗口 {n} 笔候选中无同样或更少笔数的其他组合 no other subset of as few entries among all {n} lines of the"
        " window adds up (any dates)"
    )
