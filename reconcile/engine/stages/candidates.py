"""Candidate pairs inside same-amount clusters (stage 3).

Events are the ambiguous lines of both sides sorted by (amount key, day,
side, id); a cluster is a run of events with the same key and no day gap
wider than the window.  Pairs are returned as positions in that event list
(so a smaller position means earlier in the cluster's (day, id) order).
Everything here is vectorised over all clusters at once.
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from ..names import core_bigrams, industry_end
from ..normalize import Side
from .arrays import composite, first_k, in_ranges

NAMELESS_FANOUT = 6  # in big clusters a nameless line competes with its nearest few

_EMPTY = np.zeros(0, np.int64)


def window_pairs(
    cid: np.ndarray, day: np.ndarray, is_b: np.ndarray, use: np.ndarray, w: int
) -> tuple[np.ndarray, np.ndarray]:
    """All (bank event, journal event) pairs of the same cluster within ``w`` days,
    for the events flagged in ``use``.

    (cluster, day) packed into one sorted int64; two ``searchsorted`` calls
    give each bank event its contiguous range of journal events.
    """
    bpos = np.flatnonzero(is_b & use)
    jpos = np.flatnonzero(~is_b & use)
    if bpos.size == 0 or jpos.size == 0:
        return _EMPTY, _EMPTY
    bc, jc = composite([cid[bpos], cid[jpos]], [day[bpos], day[jpos]], w + 1)
    which, pos = in_ranges(jc, bc - w, bc + w)
    return bpos[which], jpos[pos]


def big_cluster_pairs(
    bank: Side,
    journal: Side,
    cid: np.ndarray,
    day: np.ndarray,
    is_b: np.ndarray,
    line: np.ndarray,
    use: np.ndarray,
    w: int,
    gram_of: GramIndex | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs for big clusters (e.g. hundreds of 5,000.00 payments).

    Only pairs whose counterparty cores share a character bigram can score
    well (found by joining on (cluster, bigram) within the window); a pair
    where either side has no name competes only as one of the bank line's
    ``NAMELESS_FANOUT`` nearest such candidates (by date, ties by cluster
    order).  Linear in the cluster size, not quadratic. ``gram_of`` may carry the bigram ids of earlier calls of
    the same run (any ids do, as long as equal bigrams get equal ones).
    """
    events = np.flatnonzero(use)
    gram_of = gram_of if gram_of is not None else GramIndex()
    offsets, flat = gram_of.events(bank, journal, line, is_b, events)
    n_grams = np.diff(offsets)
    has = np.zeros(day.size, dtype=bool)
    has[events] = n_grams > 0

    # Nameless: nearest few per bank event among its window candidates. Of one cluster's journal events on one day,
    # only the first NAMELESS_FANOUT (in cluster order), and the first NAMELESS_FANOUT of those without a name, can be
    # among any bank event's nearest few: the pairs of the others are never formed (a day of thousands of entries of
    # one amount would make millions).
    wb, wj = window_pairs(cid, day, is_b, use & (is_b | _first_of_day(cid, day, ~is_b & use, has)), w)
    nl = ~(has[wb] & has[wj])
    nb, nj = wb[nl], wj[nl]
    keep = first_k(nb, NAMELESS_FANOUT, np.abs(day[nb] - day[nj]), nj)
    nb, nj = nb[keep], nj[keep]

    # Named: join (cluster, bigram) entries of both sides within the window.
    ev_rep = np.repeat(events, n_grams)
    side_b = is_b[ev_rep]
    eb, ej = ev_rep[side_b], ev_rep[~side_b]
    gb, gj = flat[side_b], flat[~side_b]
    kb, kj = cid[eb] * np.int64(gram_of.size + 1) + gb, cid[ej] * np.int64(gram_of.size + 1) + gj
    cb, cj = composite([kb, kj], [day[eb], day[ej]], w + 1)
    j_order = np.argsort(cj, kind="stable")
    which, pos = in_ranges(cj[j_order], cb - w, cb + w)
    pb, pj = eb[which], ej[j_order[pos]]
    # A pair sharing several bigrams was found once per bigram: keep one.
    code = pb * np.int64(day.size) + pj
    code = np.sort(code)
    code = code[np.r_[True, code[1:] != code[:-1]]] if code.size else code
    pb, pj = code // day.size, code % day.size
    return np.concatenate((pb, nb)), np.concatenate((pj, nj))


def join_grams(core: str) -> frozenset[str]:
    """The keys on which two names of a big cluster are joined: the bigrams of a Chinese core without the
    line-of-business word it ends with (恒瑞 of 恒瑞贸易), when two characters or more are left; of a Latin core, its word
    heads (``core_bigrams``). Companies that share nothing but their trade (…贸易, …科技) are not joined: such a pair
    compares as different companies, and a cluster of hundreds of …贸易 payers would otherwise join every pair."""
    end = industry_end(core) if not core.isascii() else ""
    if end and len(core) - len(end) >= 2:
        return core_bigrams(core[: -len(end)])
    return core_bigrams(core)


def _first_of_day(cid: np.ndarray, day: np.ndarray, journal: np.ndarray, has: np.ndarray) -> np.ndarray:
    """Per event: a journal event (of ``journal``) among the first ``NAMELESS_FANOUT`` of its cluster and day, or
    among the first ``NAMELESS_FANOUT`` of those without a name (events are in cluster order)."""
    out = np.zeros(cid.size, dtype=bool)
    for mask in (journal, journal & ~has):
        at = np.flatnonzero(mask)
        if at.size:
            group = composite([cid[at]], [day[at]], 0)[0]
            out[at[first_k(group, NAMELESS_FANOUT, at)]] = True
    return out


class GramIndex:
    """Character bigrams of counterparty cores, interned to ints; the ids of each core kept, so that a run's
    repeated searches of its clusters intern each name once."""

    def __init__(self, ids: dict[str, int] | None = None, of_core: dict[str, list[int]] | None = None) -> None:
        self.ids: dict[str, int] = {} if ids is None else ids
        self.of_core: dict[str, list[int]] = {} if of_core is None else of_core

    @property
    def size(self) -> int:
        return len(self.ids)

    def _per_event(self, side: Side, lines: np.ndarray) -> list[list[int]]:
        codes = side.cp_code[lines].tolist()
        cores = side.cores
        intern = self.ids.setdefault
        of_core = self.of_core
        table = {}
        for c in dict.fromkeys(codes):
            core = cores[c]
            grams = of_core.get(core)
            if grams is None:
                # Ids only need to be equal for equal bigrams, so set order does not matter.
                grams = of_core[core] = [intern(g, len(self.ids)) for g in join_grams(core)] if core else []
            table[c] = grams
        return list(map(table.__getitem__, codes))

    def events(
        self, bank: Side, journal: Side, line: np.ndarray, is_b: np.ndarray, events: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """CSR (offsets, flat gram ids) of every event in ``events``."""
        per_event: list[list[int]] = [[]] * events.size
        flags = is_b[events]
        for side, mask in ((bank, flags), (journal, ~flags)):
            positions = np.flatnonzero(mask).tolist()
            for p, grams in zip(positions, self._per_event(side, line[events[mask]])):
                per_event[p] = grams
        counts = np.fromiter(map(len, per_event), dtype=np.int64, count=len(per_event))
        offsets = np.zeros(events.size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        flat = np.fromiter(chain.from_iterable(per_event), dtype=np.int64, count=int(counts.sum()))
        return offsets, flat
