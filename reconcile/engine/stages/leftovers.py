"""Stage 5: suggestions for what is still free, each with a scored reason.

* same amount and direction inside the window that the earlier stages did
  not dare to accept (ties, contradicting names) -> ``amount_date_scored``;
* same amount and direction outside the window, up to ``reference_days``
  -> ``amount_outside_window``;
* near amount inside the window with the same counterparty, differing by at
  most a typical bank fee -> ``near_amount``.

Per bank line at most ``PER_LINE`` suggestions of each kind, nearest first.
Candidate pairs are found and ranked with numpy (sorted composite keys,
``searchsorted`` ranges); only the kept pairs are scored in Python, for
their reasons.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from ..names import core_similarity
from ..score import STRONG_NAME, bulk_reasons, evidence, round4, score_pairs
from ..state import State
from ..types import RULE_AMBIGUOUS, RULE_NEAR_AMOUNT, RULE_OUTSIDE_WINDOW
from .arrays import composite, first_k, in_ranges

PER_LINE = 3
MAX_FEE_CENTS = 20_000  # 200.00: larger differences are not "a fee"
FEE_RATE = 0.003  # ... and at most 0.3% of the amount (or 50.00, if larger)
MIN_FEE_CAP = 5_000


def leftover_stage(st: State) -> None:
    b_idx = np.flatnonzero(st.bank_free)
    j_idx = np.flatnonzero(st.journal_free)
    if b_idx.size == 0 or j_idx.size == 0:
        return
    _same_amount(st, b_idx, j_idx)
    _near_amount(st, b_idx, j_idx)


def _same_amount(st: State, b_idx: np.ndarray, j_idx: np.ndarray) -> None:
    bank, journal = st.bank, st.journal
    bound = st.reference_days
    # Of the entries of one amount and one day, only the PER_LINE of the lowest id rank can be among any bank line's
    # PER_LINE nearest (the others of that day are as near and rank after them): the rest are never looked at, so a
    # day of thousands of entries of one amount costs PER_LINE pairs a bank line, not thousands.
    j_idx = j_idx[
        np.sort(first_k(composite([journal.key[j_idx]], [journal.day[j_idx]], 0)[0], PER_LINE, journal.rank[j_idx]))
    ]
    bc, jc = composite([bank.key[b_idx], journal.key[j_idx]], [bank.day[b_idx], journal.day[j_idx]], bound + 1)
    j_order = np.argsort(jc, kind="stable")
    pb, pos = in_ranges(jc[j_order], bc - bound, bc + bound)
    if pb.size == 0:
        return
    b_lines, j_lines = b_idx[pb], j_idx[j_order[pos]]
    dd = np.abs(bank.day[b_lines] - journal.day[j_lines])
    keep = first_k(pb, PER_LINE, dd, journal.rank[j_lines])
    b_lines, j_lines, dd = b_lines[keep], j_lines[keep], dd[keep]
    sc = score_pairs(bank, journal, b_lines, j_lines, dd, st.window)
    inside = dd <= st.window
    outside = ~inside & ~sc.conflict  # outside the window only without contradicting evidence
    # The window's unit as the date reasons state it: working days when the run was given a calendar (the product's
    # runs), calendar days otherwise; "-day window" said days of a window that counted working days.
    unit = "working-day" if st.working else "day"
    outside_why = f"同额但超出窗口 same amount, outside the {st.window}-{unit} window"
    for mask, rule, score, why in (
        (
            inside,
            RULE_AMBIGUOUS,
            np.maximum(0.01, round4(sc.score * 0.9)),
            "需人工确认 not unique or conflicting evidence",
        ),
        (outside, RULE_OUTSIDE_WINDOW, round4(sc.score * 0.6), outside_why),
    ):
        base = bulk_reasons(bank, journal, b_lines[mask], j_lines[mask], dd[mask], st.working)
        reasons = map(tuple.__add__, base, repeat((why,)))
        st.suggest_pairs(b_lines[mask].tolist(), j_lines[mask].tolist(), rule, score[mask].tolist(), reasons)


def _near_amount(st: State, b_idx: np.ndarray, j_idx: np.ndarray) -> None:
    """Same counterparty, amount off by at most a fee: indexed by name-core prefix."""
    bank, journal = st.bank, st.journal
    # Name-core prefixes interned across both sides (-1: no core).
    table: dict[str, int] = {}
    slot_b = np.array([table.setdefault(c[:2], len(table)) if c else -1 for c in bank.cores], dtype=np.int64)
    slot_j = np.array([table.setdefault(c[:2], len(table)) if c else -1 for c in journal.cores], dtype=np.int64)
    sb, sj = slot_b[bank.cp_code[b_idx]], slot_j[journal.cp_code[j_idx]]
    b_idx, sb = b_idx[sb >= 0], sb[sb >= 0]
    j_idx, sj = j_idx[sj >= 0], sj[sj >= 0]
    if b_idx.size == 0 or j_idx.size == 0:
        return
    bcents, jcents = bank.cents[b_idx], journal.cents[j_idx]
    # (direction, prefix) as the key, cents as the ordered coordinate.
    bc, jc = composite([sb * 2 + bank.dirn[b_idx], sj * 2 + journal.dirn[j_idx]], [bcents, jcents], MAX_FEE_CENTS + 1)
    cap = np.minimum(MAX_FEE_CENTS, np.maximum(MIN_FEE_CAP, (bcents * FEE_RATE).astype(np.int64)))
    j_order = np.argsort(jc, kind="stable")
    pb, pos = in_ranges(jc[j_order], bc - cap, bc + cap)
    b_lines, j_lines = b_idx[pb], j_idx[j_order[pos]]
    diff = np.abs(journal.cents[j_lines] - bank.cents[b_lines])
    dd = np.abs(journal.day[j_lines] - bank.day[b_lines])
    ok = (diff != 0) & (dd <= st.window)
    pb, b_lines, j_lines, diff, dd = pb[ok], b_lines[ok], j_lines[ok], diff[ok], dd[ok]
    if pb.size == 0:
        return
    # Name similarity once per distinct (bank name, journal name).
    nj = len(journal.cp_names)
    codes = bank.cp_code[b_lines].astype(np.int64) * nj + journal.cp_code[j_lines]
    uniq, inverse = np.unique(codes, return_inverse=True)
    bc_, jc_ = bank.cores, journal.cores
    strong = np.array([core_similarity(bc_[c // nj], jc_[c % nj]) >= STRONG_NAME for c in uniq.tolist()], dtype=bool)
    ok = strong[inverse.reshape(-1)]
    pb, b_lines, j_lines, diff, dd = pb[ok], b_lines[ok], j_lines[ok], diff[ok], dd[ok]
    keep = first_k(pb, PER_LINE, diff, dd, journal.rank[j_lines])
    for b, j, df, d in zip(b_lines[keep].tolist(), j_lines[keep].tolist(), diff[keep].tolist(), dd[keep].tolist()):
        ev = evidence(bank, journal, b, j, d, st.window, st.working)
        amount = f"{df // 100}.{df % 100:02d}"
        why = f"金额相差 {amount}（可能为手续费）amount differs by {amount}, possibly a bank fee"
        st.suggest([b], [j], RULE_NEAR_AMOUNT, round(ev.score * 0.7, 4), ev.reasons + (why,))
