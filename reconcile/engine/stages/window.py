"""Stage 2: amount + direction inside the working-day window, mutually unique.

Fully vectorised: each free line gets a composite int64 key
``rank(amount, direction) << 40 | day`` so that "same amount and direction
within +-w days" is a contiguous range of a sorted array, found with two
``searchsorted`` calls for all lines at once.  A bank line whose range holds
exactly one journal line, which in turn sees only that bank line, is matched.

The same pass returns the *ambiguous* lines (some candidate, not mutually
unique) for stage 3.  Unique pairs whose names or summaries contradict each
other are not auto-accepted (a careful accountant would doubt them); they are
left free and reappear as suggestions in stage 5.
"""

from __future__ import annotations

import numpy as np

from ..score import STRONG_NAME, WEAK_NAME, date_reason, name_reason
from ..state import State
from ..types import RULE_AMOUNT_DATE, MatchGroup

_SHIFT = np.int64(1) << np.int64(40)


def _composite(st: State, b_idx: np.ndarray, j_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate(
        (st.bank.cents[b_idx] * 2 + st.bank.dirn[b_idx], st.journal.cents[j_idx] * 2 + st.journal.dirn[j_idx])
    )
    _, rank = np.unique(keys, return_inverse=True)
    days = np.concatenate((st.bank.day[b_idx], st.journal.day[j_idx]))
    pad = st.window + 1
    rel = days - (days.min() if days.size else 0) + pad
    comp = rank.astype(np.int64) * _SHIFT + rel
    return comp[: b_idx.size], comp[b_idx.size :]


def window_stage(st: State) -> tuple[np.ndarray, np.ndarray]:
    """Match mutually unique pairs; return (ambiguous bank idx, ambiguous journal idx)."""
    b_idx = np.flatnonzero(st.bank_free)
    j_idx = np.flatnonzero(st.journal_free)
    empty = np.zeros(0, dtype=np.int64)
    if b_idx.size == 0 or j_idx.size == 0:
        return empty, empty
    w = st.window
    bc, jc = _composite(st, b_idx, j_idx)
    b_order = np.argsort(bc, kind="stable")
    j_order = np.argsort(jc, kind="stable")
    bs, js = bc[b_order], jc[j_order]
    # For every bank line: journal candidates are js[lo:hi]; and vice versa.
    b_lo = np.searchsorted(js, bc - w, "left")
    b_cnt = np.searchsorted(js, bc + w, "right") - b_lo
    j_lo = np.searchsorted(bs, jc - w, "left")
    j_cnt = np.searchsorted(bs, jc + w, "right") - j_lo

    b_single = np.flatnonzero(b_cnt == 1)  # positions in b_idx
    partner = j_order[b_lo[b_single]]  # positions in j_idx
    back = b_order[j_lo[partner]]
    mutual = (j_cnt[partner] == 1) & (back == b_single)
    mb, mj = b_single[mutual], partner[mutual]

    taken_b = np.zeros(b_idx.size, dtype=bool)
    taken_j = np.zeros(j_idx.size, dtype=bool)
    _accept_pairs(st, b_idx[mb], j_idx[mj], taken_b, taken_j, mb, mj)

    amb_b = b_idx[(b_cnt >= 1) & ~taken_b]
    amb_j = j_idx[(j_cnt >= 1) & ~taken_j]
    return amb_b, amb_j


def _accept_pairs(
    st: State,
    bi: np.ndarray,
    ji: np.ndarray,
    taken_b: np.ndarray,
    taken_j: np.ndarray,
    pos_b: np.ndarray,
    pos_j: np.ndarray,
) -> None:
    """Accept unique pairs unless names/summaries contradict (vectorised).

    Name similarity is computed once per distinct (bank name, journal name)
    pair, summary categories once per distinct summary.
    """
    if bi.size == 0:
        return
    b_cp, b_names = st.bank.codes(5)
    j_cp, j_names = st.journal.codes(5)
    cb, cj = b_cp[bi].astype(np.int64), j_cp[ji].astype(np.int64)
    named = (cb > 0) & (cj > 0)
    pair_code = np.where(named, cb * len(j_names) + cj, -1)
    uniq, inverse = np.unique(pair_code, return_inverse=True)
    sims = np.zeros(uniq.size)
    why_name: list[str] = []
    for k, code in enumerate(uniq.tolist()):
        if code < 0:
            why_name.append("")
            continue
        sims[k], why = name_reason(b_names[code // len(j_names)], j_names[code % len(j_names)])
        why_name.append(why)
    sim = sims[inverse]
    cat_b, cat_j = st.bank.categories()[bi], st.journal.categories()[ji]
    conflict = (named & (sim < WEAK_NAME)) | ((cat_b > 0) & (cat_j > 0) & (cat_b != cat_j))
    ok = ~conflict
    dd = np.abs(st.bank.day[bi] - st.journal.day[ji])
    date_part = 1.0 - dd / (st.window + 1)
    score = np.where(named, 0.85 + 0.1 * (sim >= STRONG_NAME) + 0.05 * date_part, 0.8 + 0.05 * date_part)
    score = np.round(score, 4)
    dreasons = [date_reason(d, st.working) for d in range(int(dd.max()) + 1)]
    bids, jids = st.bank.ids, st.journal.ids
    st.groups.extend(
        MatchGroup(
            (bids[b],),
            (jids[j],),
            RULE_AMOUNT_DATE,
            sc,
            (_UNIQUE, dreasons[d], why_name[u]) if why_name[u] else (_UNIQUE, dreasons[d]),
        )
        for b, j, sc, d, u in zip(
            bi[ok].tolist(), ji[ok].tolist(), score[ok].tolist(), dd[ok].tolist(), inverse[ok].tolist()
        )
    )
    st.bank_free[bi[ok]] = False
    st.journal_free[ji[ok]] = False
    taken_b[pos_b[ok]] = True
    taken_j[pos_j[ok]] = True


_UNIQUE = "金额方向唯一 unique amount+direction in window"
