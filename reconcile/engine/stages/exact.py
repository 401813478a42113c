"""Stage 1: same amount, same direction and a shared reference.

A settlement / cheque / voucher / serial number seen on both sides is the
strongest evidence there is, so the date only has to fall inside a generous
bound (``reference_days`` working days), not the tight matching window.
Duplicated keys (two bank lines with the same amount and reference) are not
decided here: the later scored stages see the shared reference as evidence.

Vectorised: references are normalised once, hashed, and equal
(amount, direction, reference) keys are found by one sort over both sides;
every hash hit is re-checked on the strings, so collisions cannot match.
"""

from __future__ import annotations

import numpy as np

from ..normalize import Side, norm_refs
from ..state import State
from ..types import RULE_REFERENCE, MatchGroup


def _with_refs(side: Side) -> tuple[np.ndarray, list[str]]:
    lines = side.lines
    idx = [i for i, line in enumerate(lines) if line[4]]
    normed = norm_refs([lines[i][4] for i in idx])
    keep = [k for k, r in enumerate(normed) if r]
    return np.array([idx[k] for k in keep], dtype=np.int64), [normed[k] for k in keep]


def reference_stage(st: State) -> None:
    b_idx, b_refs = _with_refs(st.bank)
    j_idx, j_refs = _with_refs(st.journal)
    if b_idx.size == 0 or j_idx.size == 0:
        return
    key = np.concatenate(
        (st.bank.cents[b_idx] * 2 + st.bank.dirn[b_idx], st.journal.cents[j_idx] * 2 + st.journal.dirn[j_idx])
    )
    refs = b_refs + j_refs
    h = np.fromiter(map(hash, refs), dtype=np.int64, count=len(refs))
    side = np.concatenate((np.zeros(b_idx.size, np.int8), np.ones(j_idx.size, np.int8)))
    order = np.lexsort((side, h, key))
    k_s, h_s, side_s = key[order], h[order], side[order]
    new_run = np.ones(order.size, dtype=bool)
    new_run[1:] = (k_s[1:] != k_s[:-1]) | (h_s[1:] != h_s[:-1])
    starts = np.flatnonzero(new_run)
    sizes = np.diff(np.append(starts, order.size))
    # Runs of exactly two with one line per side (sorted by side: bank first).
    two = starts[(sizes == 2)]
    two = two[(side_s[two] == 0) & (side_s[two + 1] == 1)]
    bpos, jpos = order[two], order[two + 1] - b_idx.size
    b_lines, j_lines = b_idx[bpos], j_idx[jpos]
    dd = np.abs(st.bank.day[b_lines] - st.journal.day[j_lines])
    ok = dd <= st.reference_days
    unit = "working days" if st.working else "days"
    bids, jids = st.bank.ids, st.journal.ids
    new: list[MatchGroup] = []
    taken_b: list[int] = []
    taken_j: list[int] = []
    for b, j, bp, jp, d in zip(
        b_lines[ok].tolist(), j_lines[ok].tolist(), bpos[ok].tolist(), jpos[ok].tolist(), dd[ok].tolist()
    ):
        ref = b_refs[bp]
        if ref != j_refs[jp]:
            continue  # hash collision
        new.append(
            MatchGroup(
                (bids[b],),
                (jids[j],),
                RULE_REFERENCE,
                1.0,
                (f"相同参考号 same reference {ref}", f"日期相差 {d} 天 / date distance {d} {unit}"),
            )
        )
        taken_b.append(b)
        taken_j.append(j)
    st.groups.extend(new)
    st.bank_free[taken_b] = False
    st.journal_free[taken_j] = False
